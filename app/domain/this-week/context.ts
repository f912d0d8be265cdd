import type { OrganisationSettings } from '#app/domain/settings/organisation.ts'
import type { Week } from './week.ts'

/** What every card provider gets: who is asking, the week in the project's time zone, the settings. */
export interface WeekContext {
  user: { id: string; name: string; roles: readonly string[] }
  now: Date
  week: Week
  settings: OrganisationSettings
}
