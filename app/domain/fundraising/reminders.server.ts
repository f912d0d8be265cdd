// Grant-deadline reminders at 30, 7 and 1 days: an in-app notification for the grant's owner (or
// every fundraising lead when it has none), and an e-mail when SMTP_URL is set. Idempotent: a
// reminder has a key, so running the job twice on a day sends nothing twice.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { DateTime } from 'luxon'
import nodemailer from 'nodemailer'
import { db } from '#db/client.server.ts'
import { notifications, userRoles, users } from '#db/schema/index.ts'
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
  const created: { userId: string; text: string; link: string }[] = []
  for (const o of due) {
    const days = daysUntil(today, o.date)
    const text = `${DEADLINE_KIND_LABELS[o.kind]} for ${o.funder} (${o.grantTitle}) is due on ${o.date}: in ${days} day${days === 1 ? '' : 's'}.`
    const link = `/fundraising/grants/${o.grantId}`
    for (const userId of o.ownerId ? [o.ownerId] : leads) {
      const rows = await db
        .insert(notifications)
        .values({ userId, text, link, key: `grant-deadline:${o.deadlineId}:${o.date}:${days}` })
        .onConflictDoNothing()
        .returning({ id: notifications.id })
      if (rows.length) created.push({ userId, text, link })
    }
  }
  const env = getEnv()
  let emailed = 0
  if (env.SMTP_URL && created.length) {
    const transport = nodemailer.createTransport(env.SMTP_URL)
    const recipients = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.id, [...new Set(created.map((c) => c.userId))]))
    for (const c of created) {
      const to = recipients.find((r) => r.id === c.userId)?.email
      if (!to) continue
      await transport.sendMail({
        from: env.SMTP_FROM,
        to,
        subject: `[${projectName}] ${c.text.split(':')[0]}`,
        text: `${c.text}\n\nOpen it in Steward: ${c.link}\n`,
      })
      emailed += 1
    }
  }
  return { reminders: created.length, emailed }
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
