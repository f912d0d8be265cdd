import type { WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard } from '#app/domain/this-week/week.ts'

/** The Communications card on This week. */
export async function communicationsWeekCard(_context: WeekContext): Promise<WeekCard> {
  return {
    key: 'communications',
    role: 'communications',
    title: 'Communications',
    summary: 'Nothing is planned here yet.',
    items: [],
    minutes: 0,
    minutesExplained: 'No open work yet',
    href: '/communications',
    emptyText: 'Open Communications to set things up.',
  }
}
