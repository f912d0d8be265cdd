// Who may do what with a quarterly report. Admin may do everything.
import { hasRole } from '#app/domain/accounts/permissions.ts'
import { LEAD_ROLES, type LeadRole, type Role } from '#app/domain/accounts/vocabulary.ts'
import type { ReportSection } from './vocabulary.ts'

/** Leads and admin generate and refresh drafts. */
export const canGenerateReports = (roles: readonly Role[]) => hasRole({ roles }, ...LEAD_ROLES)

/** A lead writes (and marks ready) their own section; highlights and asks belong to every lead. */
export function canEditSection(roles: readonly Role[], section: ReportSection) {
  return section === 'highlights' ? hasRole({ roles }, ...LEAD_ROLES) : hasRole({ roles }, section)
}

/** Council members and admin publish. */
export const canPublishReports = (roles: readonly Role[]) => hasRole({ roles }, 'council')

/** A correction starts a new draft: whoever may generate or publish. */
export const canCorrectReports = (roles: readonly Role[]) => canGenerateReports(roles) || canPublishReports(roles)

/** The sections whose "not ready" concerns a person holding `role` (admin: none — they are not a lead). */
export function sectionsOwnedBy(role: Role): ReportSection[] {
  return (LEAD_ROLES as readonly Role[]).includes(role) ? [role as LeadRole, 'highlights'] : []
}
