// What the audit log page shows: a page of changes (newest first) with the filters' choices.
import { listUsers } from '#app/domain/accounts/users.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { listAuditEvents, listAuditFacets } from './audit.server.ts'
import type { AuditPageFilters } from './schemas.ts'

/** /audit */
export async function getAuditPage(filters: AuditPageFilters) {
  const [result, facets, users, settings] = await Promise.all([
    listAuditEvents({ entity: filters.entity, action: filters.action, actorId: filters.actor, page: filters.page }),
    listAuditFacets(),
    listUsers(),
    getOrganisationSettings(),
  ])
  return {
    ...result,
    events: result.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    facets,
    actors: users.map((u) => ({ id: u.id, name: u.name })),
    timeZone: settings.timeZone,
  }
}
