import type { Role } from './vocabulary.ts'

/** Whether the person holds any one of the roles; admins may do everything a role may do. */
export function hasRole(user: { roles: readonly Role[] }, ...roles: Role[]) {
  return user.roles.includes('admin') || roles.some((role) => user.roles.includes(role))
}
