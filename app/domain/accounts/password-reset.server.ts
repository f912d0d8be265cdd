// "Forgot password": a single-use link, valid for an hour, e-mailed through the outbox. The answer
// to a request is the same whether or not the address belongs to someone, so the page tells no
// one who has an account. Only the token's SHA-256 is stored; using the link sets the new
// password and signs the person out everywhere (a reset is often "someone else has my password").
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { passwordResets, sessions, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { emailConfigured, queueEmail } from '#app/domain/email/outbox.server.ts'
import { renderEmail } from '#app/domain/email/render.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { setPassword } from './users.server.ts'

export const PASSWORD_RESET_TTL_MS = 60 * 60_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export const RESET_LINK_USED = 'This reset link has expired or was already used. Ask for a new one.'

/** Whether this installation can send reset links: SMTP and the public address are configured. */
export function passwordResetAvailable() {
  return emailConfigured() && Boolean(getEnv().STEWARD_PUBLIC_URL)
}

/**
 * Sends a reset link to the address if it belongs to an active person, and does nothing
 * otherwise; the caller answers the same either way. Earlier unused links of that person stop
 * working. The e-mail is written in the same transaction as the token (the outbox delivers it).
 */
export async function requestPasswordReset(input: { email: string; now?: Date }) {
  if (!passwordResetAvailable()) throw new DomainError('E-mail is not set up here: ask an admin to send you a new link.')
  const now = input.now ?? new Date()
  const base = getEnv().STEWARD_PUBLIC_URL!.replace(/\/+$/, '')
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`, eq(users.active, true)))
    if (!user) return
    await tx
      .update(passwordResets)
      .set({ expiresAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    const token = randomBytes(32).toString('base64url')
    const [reset] = await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) })
      .returning({ id: passwordResets.id })
    const link = `${base}/reset-password/${token}`
    const body = renderEmail({
      greeting: `Hello ${user.name},`,
      paragraphs: [
        'Someone (we hope you) asked to reset your Steward password. The link below works once, for one hour.',
        'If it was not you, ignore this message: your password stays as it is.',
      ],
      actions: [{ label: 'Choose a new password', url: link }],
      footer: ['You get this because a password reset was asked for your address on Steward.'],
    })
    await queueEmail(
      {
        kind: 'password-reset',
        to: user.email,
        toUserId: user.id,
        subject: 'Reset your Steward password',
        text: body.text,
        html: body.html,
      },
      tx,
    )
    await recordAudit(tx, { actorId: null, entity: 'password_reset', entityId: reset.id, action: 'create', after: { userId: user.id } })
  })
}

/** The person behind a reset link, while the link is usable. */
export async function findUsablePasswordReset(token: string, now = new Date()) {
  const [row] = await db
    .select({ email: users.email, name: users.name })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
        eq(users.active, true),
      ),
    )
  return row
}

/** Uses the link: the new password is set, the link is spent, and every session of that person ends. */
export async function resetPassword(input: { token: string; password: string; now?: Date }) {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [reset] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResets.tokenHash, hashToken(input.token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
          sql`exists (select 1 from ${users} where ${users.id} = ${passwordResets.userId} and ${users.active})`,
        ),
      )
      .returning({ id: passwordResets.id, userId: passwordResets.userId })
    if (!reset) throw new DomainError(RESET_LINK_USED)
    await setPassword({ userId: reset.userId, password: input.password, actorId: reset.userId }, tx)
    const ended = await tx.delete(sessions).where(eq(sessions.userId, reset.userId)).returning({ userId: sessions.userId })
    await recordAudit(tx, {
      actorId: reset.userId,
      entity: 'password_reset',
      entityId: reset.id,
      action: 'use',
      after: { sessionsEnded: ended.length },
    })
    return { userId: reset.userId }
  })
}

/** Forgets reset links that are spent or expired (the daily accounts clean-up). */
export async function deleteSpentPasswordResets(now = new Date()) {
  const deleted = await db
    .delete(passwordResets)
    .where(or(lt(passwordResets.expiresAt, now), lt(passwordResets.usedAt, now)))
    .returning({ id: passwordResets.id })
  return deleted.length
}
