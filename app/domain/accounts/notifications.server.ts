// Accounts' notification producer: invitations about to expire unaccepted.
import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { invitations, users } from '#db/schema/index.ts'
import { defineProducer } from '#app/domain/notifications/producer.ts'

export const INVITATION_WARNING_HOURS = 48

/** An invitation that expires within two days; done once accepted (or replaced by a new one). */
export const invitationExpiringProducer = defineProducer({
  kind: 'invitation-expiring',
  async produce({ now }) {
    const soon = new Date(now.getTime() + INVITATION_WARNING_HOURS * 3_600_000)
    const rows = await db
      .select({ id: invitations.id, userId: invitations.userId, name: users.name, expiresAt: invitations.expiresAt })
      .from(invitations)
      .innerJoin(users, eq(users.id, invitations.userId))
      .where(and(isNull(invitations.usedAt), gt(invitations.expiresAt, now), lte(invitations.expiresAt, soon)))
    return rows.map((r) => ({
      subject: r.id,
      occurrence: 'expiring',
      text: `${r.name}'s invitation expires on ${r.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC and has not been accepted.`,
      link: `/settings/users/${r.userId}`,
      to: { roles: ['admin'] as const },
    }))
  },
})
