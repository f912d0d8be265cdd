import type { Role } from './vocabulary.ts'

/** Whether the person holds any one of the roles; admins may do everything a role may do. */
export function hasRole(user: { roles: readonly Role[] }, ...roles: Role[]) {
  return user.roles.includes('admin') || roles.some((role) => user.roles.includes(role))
}

/** Who may read the grants pipeline (/fundraising/grants): fundraising edits it, the council reads it. */
export const GRANT_READER_ROLES = ['fundraising', 'council'] as const satisfies readonly Role[]
