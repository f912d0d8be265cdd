// What each settings page shows that no other area owns, one function per page (get<Name>Page):
// the route checks access and returns what the function gives.
import { getOrganisationTaskMinutes } from '#app/domain/this-week/personal.server.ts'
import { getOrganisationSettings } from './settings.server.ts'

/** /settings/organisation: the settings as stored, the time zones to choose from, and the minutes per kind of task. */
export async function getOrganisationPage() {
  const [settings, taskMinutes] = await Promise.all([getOrganisationSettings(), getOrganisationTaskMinutes()])
  return { settings, timeZones: Intl.supportedValuesOf('timeZone'), taskMinutes }
}
