import type { WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard } from '#app/domain/this-week/week.ts'

/** The Community card on This week. */
export async function communityWeekCard(_context: WeekContext): Promise<WeekCard> {
  return {
    key: 'community',
    role: 'community',
    title: 'Community',
    summary: 'Nothing is planned here yet.',
    items: [],
    minutes: 0,
    minutesExplained: 'No open work yet',
    href: '/community',
    emptyText: 'Open Community to set things up.',
  }
}
