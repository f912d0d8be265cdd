import { randomBytes } from 'node:crypto'
import { and, eq, gt, lt, or, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { sessions, userRoles, users } from '#db/schema/index.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { hashSessionToken } from './session-token.ts'
import { withRoles } from './users.server.ts'
import type { Role } from './vocabulary.ts'

/** A session ends 30 days after sign-in, whatever happens. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000
/** How stale the recorded last use may get before a request writes it again (one write an hour, not one per request). */
export const LAST_SEEN_RESOLUTION_MS = 60 * 60_000

/** A session unused this long ends (STEWARD_SESSION_IDLE_DAYS, 14 by default). */
export function sessionIdleTimeoutMs() {
  return getEnv().STEWARD_SESSION_IDLE_DAYS * 24 * 60 * 60_000
}

/** A new session; the token goes into the cookie and nowhere else. */
export async function createSession(input: { userId: string; userAgent?: string | null; clientAddress?: string | null; now?: Date }) {
  const now = input.now ?? new Date()
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await db.insert(sessions).values({
    id: hashSessionToken(token),
    userId: input.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: input.userAgent ?? null,
    clientAddress: input.clientAddress ?? null,
  })
  return { token, expiresAt }
}

/**
 * The active user a session token belongs to, or undefined when the session does not exist,
 * passed its 30 days, went unused longer than the idle timeout, or the user was deactivated.
 * Using a session keeps it alive (recorded at most once an hour). One round trip: the session,
 * its user and the user's roles in one statement (every signed-in request starts here).
 */
export async function getSessionUser(token: string, options: { now?: Date; idleTimeoutMs?: number } = {}) {
  const now = options.now ?? new Date()
  const idleSince = new Date(now.getTime() - (options.idleTimeoutMs ?? sessionIdleTimeoutMs()))
  const id = hashSessionToken(token)
  const [row] = await db
    .select({
      user: users,
      lastSeenAt: sessions.lastSeenAt,
      roles: sql<
        Role[]
      >`(select coalesce(json_agg(${userRoles.role}), '[]') from ${userRoles} where ${userRoles.userId} = ${users.id})`.mapWith(
        (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Role[],
      ),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince), eq(users.active, true)))
  if (!row) return undefined
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
  }
  return withRoles(row.user, row.roles)
}

export async function deleteSession(token: string) {
  await db.delete(sessions).where(eq(sessions.id, hashSessionToken(token)))
}

/** Forgets sessions past their 30 days or idle longer than the timeout. */
export async function deleteExpiredSessions(now = new Date(), idleTimeoutMs = sessionIdleTimeoutMs()) {
  const idleSince = new Date(now.getTime() - idleTimeoutMs)
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)))
    .returning({ id: sessions.id })
  return deleted.length
}
