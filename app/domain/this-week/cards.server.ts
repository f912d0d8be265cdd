import { adminWeekCard } from '#app/domain/accounts/this-week.server.ts'
import { LEAD_ROLES, type Role, ROLES } from '#app/domain/accounts/vocabulary.ts'
import { communicationsWeekCard } from '#app/domain/communications/this-week.server.ts'
import { communityWeekCard } from '#app/domain/community/this-week.server.ts'
import { fundraisingWeekCard } from '#app/domain/fundraising/this-week.server.ts'
import { councilWeekCard, reportWeekItemsFor } from '#app/domain/reports/this-week.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import type { WeekContext } from './context.ts'
import { summariseWorkload, type WeekCard, weekContaining } from './week.ts'

/** One card per role; each area owns its own provider. */
const PROVIDERS: Record<Role, (context: WeekContext) => Promise<WeekCard>> = {
  admin: adminWeekCard,
  communications: communicationsWeekCard,
  community: communityWeekCard,
  fundraising: fundraisingWeekCard,
  council: councilWeekCard,
}

/** A lead's card also carries their unfinished sections of an open quarterly report. */
async function withReportDuties(role: Role, cardPromise: Promise<WeekCard>): Promise<WeekCard> {
  const card = await cardPromise
  if (!(LEAD_ROLES as readonly Role[]).includes(role)) return card
  const duties = await reportWeekItemsFor(role)
  if (duties.items.length === 0) return card
  return {
    ...card,
    items: [...duties.items, ...card.items],
    minutes: card.minutes + duties.minutes,
    minutesExplained: `${card.minutesExplained} + ${duties.minutes} min for the quarterly report`,
  }
}

/** The home page, This week: one card per role the person holds, and the week's work against their budget. */
export async function getThisWeekPage(user: { id: string; name: string; roles: readonly Role[] }, now = new Date()) {
  const settings = await getOrganisationSettings()
  const week = weekContaining(now, settings.timeZone)
  const context: WeekContext = { user, now, week, settings }
  const roles = ROLES.filter((role) => user.roles.includes(role))
  const cards = await Promise.all(roles.map((role) => withReportDuties(role, PROVIDERS[role](context))))
  return {
    userName: user.name,
    weekStart: week.start.toISODate()!,
    weekEnd: week.end.minus({ days: 1 }).toISODate()!,
    timeZone: settings.timeZone,
    cards,
    workload: summariseWorkload(cards, settings.weeklyBudgetMinutes),
  }
}
