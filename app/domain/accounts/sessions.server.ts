import { randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { sessions, users } from '#db/schema/index.ts'
import { getUserWithRoles } from './users.server.ts'

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000

export async function createSession(input: { userId: string; userAgent?: string | null; clientAddress?: string | null }) {
  const id = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await db
    .insert(sessions)
    .values({ id, userId: input.userId, expiresAt, userAgent: input.userAgent ?? null, clientAddress: input.clientAddress ?? null })
  return { id, expiresAt }
}

/** The active user a session belongs to, or undefined when the session expired or the user was deactivated. */
export async function getSessionUser(sessionId: string) {
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date()), eq(users.active, true)))
  if (!row) return undefined
  return getUserWithRoles(row.userId)
}

export async function deleteSession(sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

export async function deleteExpiredSessions(now = new Date()) {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })
  return deleted.length
}
