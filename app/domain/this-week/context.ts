import type { OrganisationSettings } from '#app/domain/settings/organisation.ts'
import { DEFAULT_TASK_MINUTES, type TaskMinutes } from './task-minutes.ts'
import type { Week } from './week.ts'

/**
 * What every card provider gets: who is asking, their week (in their own time zone), the
 * organisation's settings (quarters and cadences stay in its time zone) and the minutes each kind
 * of task takes this person (omitted: the organisation's defaults).
 */
export interface WeekContext {
  user: { id: string; name: string; roles: readonly string[] }
  now: Date
  week: Week
  settings: OrganisationSettings
  taskMinutes?: TaskMinutes
}

/** The minutes each kind of task takes the person asking. */
export const minutesFor = (context: Pick<WeekContext, 'taskMinutes'>) => context.taskMinutes ?? DEFAULT_TASK_MINUTES
