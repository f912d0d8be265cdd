import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, lt } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { invitations, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { setPassword } from './users.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { emailConfigured, queueEmail } from '#app/domain/email/outbox.server.ts'
import { renderEmail } from '#app/domain/email/render.ts'
import { getEnv } from '#app/utils/env.server.ts'

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Creates a one-time link for a user to choose a password; earlier unused invitations of that
 * user stop working. Only the token's hash is stored. With `origin`, the answer carries the
 * absolute link (for the admin's page, shown once). When e-mail is set up (SMTP_URL and
 * STEWARD_PUBLIC_URL), the link is also e-mailed to the person, queued in the same transaction.
 */
export async function createInvitation(input: { userId: string; actorId: string | null; now?: Date; origin?: string }) {
  const now = input.now ?? new Date()
  const token = randomBytes(24).toString('base64url')
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
  const publicUrl = getEnv().STEWARD_PUBLIC_URL?.replace(/\/+$/, '')
  const mail = emailConfigured() && publicUrl ? { link: `${publicUrl}/invitations/${token}` } : null
  await db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ expiresAt: now })
      .where(and(eq(invitations.userId, input.userId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    const [invitation] = await tx
      .insert(invitations)
      .values({ userId: input.userId, tokenHash: hashToken(token), createdById: input.actorId, createdAt: now, expiresAt })
      .returning({ id: invitations.id })
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'invitation',
      entityId: invitation.id,
      action: 'create',
      after: { userId: input.userId, expiresAt, emailed: Boolean(mail) },
    })
    if (mail) {
      const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId))
      const body = renderEmail({
        greeting: `Hello ${user.name},`,
        paragraphs: [
          'You have been invited to Steward, the dashboard where the project plans its communications, community and fundraising work.',
          `Choose your password with the link below. It works once, until ${expiresAt.toISOString().slice(0, 10)}.`,
        ],
        actions: [{ label: 'Choose your password', url: mail.link }],
        footer: ['You get this because an admin of Steward added your address.'],
      })
      await queueEmail(
        {
          kind: 'invitation',
          to: user.email,
          toUserId: input.userId,
          subject: 'You are invited to Steward',
          text: body.text,
          html: body.html,
        },
        tx,
      )
    }
  })
  const link = input.origin ? `${input.origin.replace(/\/+$/, '')}/invitations/${token}` : undefined
  return { token, expiresAt, link, emailed: Boolean(mail) }
}

/** The invitation behind a link, if it is still usable. */
export async function findUsableInvitation(token: string, now = new Date()) {
  const [row] = await db
    .select({ id: invitations.id, userId: invitations.userId, expiresAt: invitations.expiresAt, email: users.email, name: users.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(
      and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.usedAt), gt(invitations.expiresAt, now), eq(users.active, true)),
    )
  return row
}

export async function acceptInvitation(input: { token: string; password: string; now?: Date }) {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.tokenHash, hashToken(input.token)), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
      .returning()
    if (!invitation) throw new DomainError('This invitation link has expired or was already used. Ask an admin for a new one.')
    await setPassword({ userId: invitation.userId, password: input.password, actorId: invitation.userId }, tx)
    await recordAudit(tx, { actorId: invitation.userId, entity: 'invitation', entityId: invitation.id, action: 'accept' })
    return { userId: invitation.userId }
  })
}

export async function listPendingInvitations(now = new Date()) {
  return db
    .select({ userId: invitations.userId, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
}

/** Removes invitations that can no longer be used (expired, never accepted). */
export async function deleteExpiredInvitations(now = new Date()) {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(invitations)
      .where(and(lt(invitations.expiresAt, now), isNull(invitations.usedAt)))
      .returning({ id: invitations.id, userId: invitations.userId })
    for (const invitation of deleted) {
      await recordAudit(tx, {
        actorId: null,
        entity: 'invitation',
        entityId: invitation.id,
        action: 'delete_expired',
        before: { userId: invitation.userId },
      })
    }
    return deleted.length
  })
}
