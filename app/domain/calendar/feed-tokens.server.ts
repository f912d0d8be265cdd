// Personal calendar-feed tokens: one live token per user, revocable; only its SHA-256 is stored,
// so the feed address is shown once, when it is made.
import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { calendarFeedTokens, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { getUserWithRoles } from '#app/domain/accounts/users.server.ts'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** The user's live token (without the token itself), or null. */
export async function getFeedTokenStatus(userId: string) {
  const [row] = await db
    .select({ createdAt: calendarFeedTokens.createdAt, lastUsedAt: calendarFeedTokens.lastUsedAt })
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.userId, userId), isNull(calendarFeedTokens.revokedAt)))
    .orderBy(desc(calendarFeedTokens.createdAt))
    .limit(1)
  return row ?? null
}

/** Makes a new token and revokes the previous one: old subscriptions stop working. */
export async function regenerateFeedToken(input: { userId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const token = randomBytes(24).toString('base64url')
  await db.transaction(async (tx) => {
    await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: now })
      .where(and(eq(calendarFeedTokens.userId, input.userId), isNull(calendarFeedTokens.revokedAt)))
    const [row] = await tx
      .insert(calendarFeedTokens)
      .values({ userId: input.userId, tokenHash: hashToken(token), createdAt: now })
      .returning({ id: calendarFeedTokens.id })
    await recordAudit(tx, { actorId: input.userId, entity: 'calendar_feed_token', entityId: row.id, action: 'create' })
  })
  return token
}

export async function revokeFeedToken(input: { userId: string; now?: Date }) {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: input.now ?? new Date() })
      .where(and(eq(calendarFeedTokens.userId, input.userId), isNull(calendarFeedTokens.revokedAt)))
      .returning({ id: calendarFeedTokens.id })
    for (const row of revoked)
      await recordAudit(tx, { actorId: input.userId, entity: 'calendar_feed_token', entityId: row.id, action: 'revoke' })
  })
}

/** The active user a live token belongs to, or undefined; records when the feed was last read. */
export async function findUserByFeedToken(token: string, now = new Date()) {
  if (!token) return undefined
  const [row] = await db
    .select({ id: calendarFeedTokens.id, userId: calendarFeedTokens.userId })
    .from(calendarFeedTokens)
    .innerJoin(users, eq(users.id, calendarFeedTokens.userId))
    .where(and(eq(calendarFeedTokens.tokenHash, hashToken(token)), isNull(calendarFeedTokens.revokedAt), eq(users.active, true)))
  if (!row) return undefined
  await db.update(calendarFeedTokens).set({ lastUsedAt: now }).where(eq(calendarFeedTokens.id, row.id))
  return getUserWithRoles(row.userId)
}
