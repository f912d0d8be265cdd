import type { WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard } from '#app/domain/this-week/week.ts'

/** The Fundraising card on This week. */
export async function fundraisingWeekCard(_context: WeekContext): Promise<WeekCard> {
  return {
    key: 'fundraising',
    role: 'fundraising',
    title: 'Fundraising',
    summary: 'Nothing is planned here yet.',
    items: [],
    minutes: 0,
    minutesExplained: 'No open work yet',
    href: '/fundraising',
    emptyText: 'Open Fundraising to set things up.',
  }
}
