import type { WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard } from '#app/domain/this-week/week.ts'

/** The Steering Council card on This week. */
export async function councilWeekCard(_context: WeekContext): Promise<WeekCard> {
  return {
    key: 'council',
    role: 'council',
    title: 'Steering Council',
    summary: 'No quarterly report is waiting for you.',
    items: [],
    minutes: 0,
    minutesExplained: 'No report to read',
    href: '/reports',
    emptyText: 'Quarterly reports appear in Reports once drafted.',
  }
}
