// Grant-deadline reminders at 30, 7 and 1 days: an in-app notification for the grant's owner (or
// every fundraising lead when it has none), and an e-mail through the outbox when SMTP_URL is set,
// written in the same transaction as the notification. Idempotent: a reminder has a key, so
// running the job twice on a day sends nothing twice.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { notifications, userRoles, users } from '#db/schema/index.ts'
import { emailConfigured, queueEmail } from '#app/domain/email/outbox.server.ts'
import { renderEmail } from '#app/domain/email/render.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { daysUntil, REMINDER_DAYS } from './deadlines.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { DEADLINE_KIND_LABELS } from './vocabulary.ts'

async function fundraisingLeads() {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.active, true), eq(userRoles.role, 'fundraising')))
  if (rows.length) return rows.map((r) => r.id)
  const admins = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.active, true), eq(userRoles.role, 'admin')))
  return admins.map((r) => r.id)
}

export async function sendDeadlineReminders(input: { now: Date }) {
  const { timeZone, projectName } = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now, { zone: timeZone }).toISODate()!
  const occurrences = await listDeadlineOccurrences({
    from: today,
    to: DateTime.fromISO(today)
      .plus({ days: Math.max(...REMINDER_DAYS) })
      .toISODate()!,
  })
  const due = occurrences.filter((o) => (REMINDER_DAYS as readonly number[]).includes(daysUntil(today, o.date)))
  const leads = due.some((o) => !o.ownerId) ? await fundraisingLeads() : []
  const env = getEnv()
  const sendEmail = emailConfigured()
  let reminders = 0
  let emailed = 0
  for (const o of due) {
    const days = daysUntil(today, o.date)
    const text = `${DEADLINE_KIND_LABELS[o.kind]} for ${o.funder} (${o.grantTitle}) is due on ${o.date}: in ${days} day${days === 1 ? '' : 's'}.`
    const link = `/fundraising/grants/${o.grantId}`
    for (const userId of o.ownerId ? [o.ownerId] : leads) {
      await db.transaction(async (tx) => {
        const rows = await tx
          .insert(notifications)
          .values({ userId, text, link, key: `grant-deadline:${o.deadlineId}:${o.date}:${days}` })
          .onConflictDoNothing()
          .returning({ id: notifications.id })
        if (!rows.length) return
        reminders += 1
        if (!sendEmail) return
        const [person] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId))
        const body = renderEmail({
          greeting: `Hello ${person.name},`,
          paragraphs: [text],
          actions: [{ label: 'Open the grant in Steward', url: `${env.STEWARD_PUBLIC_URL}${link}` }],
          footer: [`You get this because you look after grants for ${projectName} in Steward.`],
        })
        await queueEmail(
          {
            kind: 'notification',
            to: person.email,
            toUserId: userId,
            subject: `[${projectName}] ${text.split(':')[0]}`,
            ...body,
            unsubscribeUrl: `${env.STEWARD_PUBLIC_URL}/settings/account`,
          },
          tx,
        )
        emailed += 1
      })
    }
  }
  return { reminders, emailed }
}

export async function listNotifications(userId: string, onlyUnread = true) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), onlyUnread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(50)
}

export async function markNotificationsRead(input: { userId: string; ids?: string[] }) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, input.userId),
        isNull(notifications.readAt),
        input.ids?.length ? inArray(notifications.id, input.ids) : undefined,
      ),
    )
}
