// What each accounts and people page shows, one function per page (get<Name>Page): the route
// checks access, reads its parameters and returns what the function gives.
import { getFeedTokenStatus } from '#app/domain/calendar/feed-tokens.server.ts'
import { getNotificationPreferences } from '#app/domain/notifications/inbox.server.ts'
import { getPersonalWeek } from '#app/domain/this-week/personal.server.ts'
import { findUsableInvitation, listPendingInvitations } from './invitations.server.ts'
import { getUserWithRoles, listUsers, type UserWithRoles } from './users.server.ts'
import { ROLE_LABELS } from './vocabulary.ts'

/** /settings/account: who is signed in, their roles, their calendar feed address (never the token) and how notifications reach them. */
export async function getAccountPage(input: { user: Pick<UserWithRoles, 'id' | 'name' | 'email' | 'roles'> }) {
  const { user } = input
  const [feed, notifications, week] = await Promise.all([
    getFeedTokenStatus(user.id),
    getNotificationPreferences(user),
    getPersonalWeek(user.id),
  ])
  return {
    name: user.name,
    email: user.email,
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    feed: feed && { createdAt: feed.createdAt.toISOString(), lastUsedAt: feed.lastUsedAt?.toISOString() ?? null },
    notifications,
    week,
    timeZones: Intl.supportedValuesOf('timeZone'),
  }
}

export type AccountPage = Awaited<ReturnType<typeof getAccountPage>>

/** /settings/users: everyone who can sign in, with their roles and whether they have joined yet. */
export async function getUsersPage() {
  const [users, pending] = await Promise.all([listUsers(), listPendingInvitations()])
  const invited = new Set(pending.map((p) => p.userId))
  return {
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      roles: u.roles.map((r) => ROLE_LABELS[r]),
      state: !u.active ? 'Deactivated' : u.hasPassword ? 'Active' : invited.has(u.id) ? 'Invited' : 'Invitation expired',
    })),
  }
}

/**
 * /settings/users/:userId: the person, their roles and access, and until when their invitation is
 * open; `origin` is where invitation links point. Undefined when there is no such person.
 */
export async function getUserPage(input: { userId: string; origin: string }) {
  // an id that is not even a uuid is a person who does not exist
  const user = await getUserWithRoles(input.userId).catch(() => undefined)
  if (!user) return undefined
  const pending = (await listPendingInvitations()).find((p) => p.userId === user.id)
  return {
    user: { id: user.id, name: user.name, email: user.email, roles: user.roles, active: user.active, hasPassword: user.hasPassword },
    pendingUntil: pending?.expiresAt.toISOString() ?? null,
    origin: input.origin,
  }
}

/** /invitations/:token: whom the link invites, while it is usable; undefined once expired or used. */
export async function getInvitationPage(input: { token: string }) {
  const invitation = await findUsableInvitation(input.token)
  if (!invitation) return undefined
  return { name: invitation.name, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() }
}
