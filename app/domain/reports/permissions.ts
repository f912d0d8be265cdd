// Who may do what with a quarterly report. Admin may do everything.
import type { Role } from '#db/schema/accounts.ts'
import type { NarrativeKey } from './document.ts'

export const LEAD_ROLES = ['communications', 'community', 'fundraising'] as const satisfies readonly Role[]

const holds = (roles: readonly Role[], ...wanted: Role[]) => roles.includes('admin') || wanted.some((r) => roles.includes(r))

/** Leads and admin generate and refresh drafts. */
export const canGenerateReports = (roles: readonly Role[]) => holds(roles, ...LEAD_ROLES)

/** A lead writes (and marks ready) their own section; highlights and asks belong to every lead. */
export function canEditSection(roles: readonly Role[], section: NarrativeKey) {
  return section === 'highlights' ? holds(roles, ...LEAD_ROLES) : holds(roles, section)
}

/** Council members and admin publish. */
export const canPublishReports = (roles: readonly Role[]) => holds(roles, 'council')

/** A correction starts a new draft: whoever may generate or publish. */
export const canCorrectReports = (roles: readonly Role[]) => canGenerateReports(roles) || canPublishReports(roles)

/** The sections whose "not ready" concerns a person holding `role` (admin: none — they are not a lead). */
export function sectionsOwnedBy(role: Role): NarrativeKey[] {
  if (role === 'communications' || role === 'community' || role === 'fundraising') return [role, 'highlights']
  return []
}
