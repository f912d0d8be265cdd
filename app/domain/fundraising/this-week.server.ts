import { and, asc, gte, inArray, lte } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { sponsors } from '#db/schema/index.ts'
import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { formatMoney } from '#app/utils/money.ts'
import { daysUntil } from './deadlines.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { groupedSums } from './overview.server.ts'
import { DEADLINE_KIND_LABELS, SPONSORING_STAGES } from './vocabulary.ts'

/** The Fundraising card on This week: deadlines within 30 days, renewals within 60, money in this month vs last. */
export async function fundraisingWeekCard(context: WeekContext): Promise<WeekCard> {
  const { timeZone, reportingCurrency } = context.settings
  const today = DateTime.fromJSDate(context.now, { zone: timeZone }).startOf('day')
  const todayIso = today.toISODate()!
  const [deadlines, renewals] = await Promise.all([
    listDeadlineOccurrences({ from: todayIso, to: today.plus({ days: 30 }).toISODate()! }),
    db
      .select({ id: sponsors.id, organisation: sponsors.organisation, renewalOn: sponsors.renewalOn, tier: sponsors.tier })
      .from(sponsors)
      .where(
        and(
          inArray(sponsors.stage, [...SPONSORING_STAGES]),
          gte(sponsors.renewalOn, todayIso),
          lte(sponsors.renewalOn, today.plus({ days: 60 }).toISODate()!),
        ),
      )
      .orderBy(asc(sponsors.renewalOn)),
  ])
  const thisMonth = today.startOf('month')
  const [current, previous] = await Promise.all([
    groupedSums({ start: thisMonth.toJSDate(), end: context.now }, reportingCurrency, timeZone),
    groupedSums({ start: thisMonth.minus({ months: 1 }).toJSDate(), end: thisMonth.toJSDate() }, reportingCurrency, timeZone),
  ])
  const net = (rows: typeof current) => rows.reduce((s, r) => s + r.gross - r.fees, 0)

  const perTask = minutesFor(context)
  const deadlineMinutes = (days: number) => (days <= 7 ? perTask.deadlineThisWeek : perTask.deadlineLater)
  const items: WeekCardItem[] = []
  let minutes = 0
  for (const d of deadlines) {
    const days = daysUntil(todayIso, d.date)
    minutes += deadlineMinutes(days)
    items.push({
      label: `${DEADLINE_KIND_LABELS[d.kind]} for ${d.funder}: ${d.grantTitle}`,
      detail: days === 0 ? 'due today' : `due ${d.date}, in ${days} day${days === 1 ? '' : 's'}`,
      href: `/fundraising/grants/${d.grantId}`,
      tone: days <= 7 ? 'urgent' : 'normal',
    })
  }
  for (const r of renewals) {
    minutes += perTask.sponsorRenewal
    items.push({
      label: `${r.organisation} renews${r.tier ? ` (${r.tier})` : ''}`,
      detail: `on ${r.renewalOn}`,
      href: '/fundraising/sponsors',
      tone: 'normal',
    })
  }
  const soon = deadlines.filter((d) => daysUntil(todayIso, d.date) <= 7).length
  const moneyLine = `${formatMoney(net(current), reportingCurrency)} net in this month so far, ${formatMoney(net(previous), reportingCurrency)} last month`
  const summary =
    deadlines.length || renewals.length
      ? `${deadlines.length} grant deadline${deadlines.length === 1 ? '' : 's'} in 30 days${soon ? ` (${soon} this week)` : ''}, ${renewals.length} sponsor renewal${renewals.length === 1 ? '' : 's'} in 60 days. ${moneyLine}.`
      : `No deadlines or renewals coming up. ${moneyLine}.`
  return {
    key: 'fundraising',
    role: 'fundraising',
    title: 'Fundraising',
    summary,
    items,
    minutes,
    minutesExplained: `${deadlineMinutes(7)} min per grant deadline due within 7 days, ${deadlineMinutes(8)} min per one later in the next 30 days, ${perTask.sponsorRenewal} min per sponsor renewal in the next 60 days`,
    href: '/fundraising',
    emptyText: 'Nothing due: import the latest donation exports, or add grants and their deadlines.',
  }
}
