import { adminWeekCard } from '#app/domain/accounts/this-week.server.ts'
import { LEAD_ROLES, type Role, ROLES } from '#app/domain/accounts/vocabulary.ts'
import { communicationsWeekCard } from '#app/domain/communications/this-week.server.ts'
import { communityWeekCard } from '#app/domain/community/this-week.server.ts'
import { fundraisingWeekCard } from '#app/domain/fundraising/this-week.server.ts'
import { councilWeekCard, reportWeekItemsFor } from '#app/domain/reports/this-week.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import type { WeekContext } from './context.ts'
import { lastWeekNumbers } from './last-week.server.ts'
import { getPersonalWeek } from './personal.server.ts'
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
async function withReportDuties(role: Role, cardPromise: Promise<WeekCard>, perSection: number): Promise<WeekCard> {
  const card = await cardPromise
  if (!(LEAD_ROLES as readonly Role[]).includes(role)) return card
  const duties = await reportWeekItemsFor(role, perSection)
  if (duties.items.length === 0) return card
  return {
    ...card,
    items: [...duties.items, ...card.items],
    minutes: card.minutes + duties.minutes,
    minutesExplained: `${card.minutesExplained} + ${duties.minutes} min for the quarterly report`,
  }
}

/**
 * The home page, This week: one card per role the person holds, the week's work against their own
 * budget, in their own time zone (quarters and cadences stay in the project's), and what was done last week.
 */
export async function getThisWeekPage(user: { id: string; name: string; roles: readonly Role[] }, now = new Date()) {
  const settings = await getOrganisationSettings()
  const personal = await getPersonalWeek(user.id, settings)
  const week = weekContaining(now, personal.timeZone)
  const context: WeekContext = { user, now, week, settings, taskMinutes: personal.taskMinutes }
  const roles = ROLES.filter((role) => user.roles.includes(role))
  const [cards, lastWeek] = await Promise.all([
    Promise.all(roles.map((role) => withReportDuties(role, PROVIDERS[role](context), personal.taskMinutes.reportSection))),
    lastWeekNumbers({ userId: user.id, roles, week, settings }),
  ])
  return {
    userName: user.name,
    weekStart: week.start.toISODate()!,
    weekEnd: week.end.minus({ days: 1 }).toISODate()!,
    timeZone: personal.timeZone,
    cards,
    workload: summariseWorkload(cards, personal.budgetMinutes),
    lastWeek,
  }
}
