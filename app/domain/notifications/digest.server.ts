// The weekly digest: each Monday at 08:00 in the person's own time zone, their This week — what is
// late, what is due, the time it should take against their budget, last week's numbers that
// moved — as one short e-mail through the outbox. Skipped when there is nothing to say; at most
// one per person and week (the outbox's dedupe key digest:<user>:<ISO week>).
import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { emailOutbox, notificationPreferences } from '#db/schema/index.ts'
import { listUsers, type UserWithRoles } from '#app/domain/accounts/users.server.ts'
import { emailConfigured, queueEmail } from '#app/domain/email/outbox.server.ts'
import { renderEmail } from '#app/domain/email/render.ts'
import { getThisWeekPage } from '#app/domain/this-week/cards.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { absoluteUrl, notificationSettingsUrl } from './derive.server.ts'
import { composeDigest, type DigestLine } from './digest.ts'
import { listNotificationsFor } from './inbox.server.ts'
import { DIGEST_PREFERENCE, LATE_KINDS } from './vocabulary.ts'

export const DIGEST_WEEKDAY = 1 // Monday
export const DIGEST_HOUR = 8

type DigestPerson = Pick<UserWithRoles, 'id' | 'name' | 'email' | 'roles' | 'timeZone'>

/** The ISO week a local date belongs to, e.g. 2026-W49: the digest's once-per-week key. */
export const isoWeekId = (local: DateTime) => `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`

export interface BuiltDigest {
  subject: string
  text: string
  html: string
  empty: boolean
  weekId: string
  timeZone: string
}

/** The digest a person would get at `now`: their This week in their own time zone. */
export async function buildDigest(person: DigestPerson, now = new Date()): Promise<BuiltDigest> {
  const settings = await getOrganisationSettings()
  const page = await getThisWeekPage(person, now)
  const timeZone = page.timeZone
  const week = DateTime.fromISO(page.weekStart, { zone: timeZone })
  const numbers = page.lastWeek
  const open = await listNotificationsFor({ userId: person.id, openOnly: true, now })
  const url = (href?: string) => (href ? absoluteUrl(href) : undefined)
  const late: DigestLine[] = open.filter((n) => LATE_KINDS.includes(n.kind)).map((n) => ({ text: n.text, url: url(n.link ?? undefined) }))
  const lateLinks = new Set(open.filter((n) => LATE_KINDS.includes(n.kind)).map((n) => n.link))
  const due: DigestLine[] = []
  const otherNumbers: string[] = []
  for (const card of page.cards) {
    for (const item of card.items) {
      if (item.tone === 'done') continue
      const text = item.detail ? `${item.label} — ${item.detail}` : item.label
      // The council card's plain items are the latest report's headline numbers, not tasks.
      if (card.role === 'council' && item.tone !== 'urgent') otherNumbers.push(text)
      // Already under Late, from the notification about the same page (the threads past the target).
      else if (item.href && lateLinks.has(item.href)) continue
      else if (item.detail === 'Missed') late.push({ text, url: url(item.href) })
      else due.push({ text, url: url(item.href) })
    }
  }
  const fmt = (d: DateTime) => d.toFormat('d LLL')
  const content = composeDigest({
    name: person.name,
    projectName: settings.projectName,
    weekLabel: `${fmt(week)} – ${fmt(week.plus({ days: 6 }))}`,
    due,
    late,
    minutes: page.workload.totalMinutes,
    budgetMinutes: page.workload.budgetMinutes,
    numbers,
    otherNumbers,
  })
  const body = renderEmail({
    greeting: `Hello ${person.name.split(/\s+/)[0]},`,
    paragraphs: content.paragraphs,
    actions: [{ label: 'Open This week', url: absoluteUrl('/') }],
    footer: [`Your Steward digest, every Monday at 08:00 (${timeZone}).`, `Change or stop it: ${notificationSettingsUrl()}`],
  })
  return { subject: content.subject, ...body, empty: content.empty, weekId: isoWeekId(week), timeZone }
}

async function wantsDigest(userId: string) {
  const [row] = await db
    .select({ delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, DIGEST_PREFERENCE)))
  return row?.delivery !== 'off'
}

/** Queues one person's digest now (the CLI's `digest send`); null when there is nothing to say. */
export async function queueDigest(person: DigestPerson, options: { now?: Date; dedupe?: boolean } = {}) {
  const digest = await buildDigest(person, options.now)
  if (digest.empty) return { digest, outboxId: null }
  const outboxId = await queueEmail({
    kind: 'digest',
    to: person.email,
    toUserId: person.id,
    subject: digest.subject,
    text: digest.text,
    html: digest.html,
    unsubscribeUrl: notificationSettingsUrl(),
    dedupeKey: options.dedupe ? `digest:${person.id}:${digest.weekId}` : undefined,
    now: options.now,
  })
  return { digest, outboxId }
}

export interface DigestRunOutcome {
  due: number
  queued: number
  skippedEmpty: number
  alreadySent: number
  optedOut: number
}

/**
 * The hourly job: everyone whose local time is Monday 08:xx gets this week's digest, once (a
 * second run in the same hour, or a restart, finds the dedupe key and queues nothing).
 */
export async function sendWeeklyDigests(input: { now?: Date } = {}): Promise<DigestRunOutcome> {
  const now = input.now ?? new Date()
  const outcome: DigestRunOutcome = { due: 0, queued: 0, skippedEmpty: 0, alreadySent: 0, optedOut: 0 }
  if (!emailConfigured()) return outcome
  const settings = await getOrganisationSettings()
  for (const person of await listUsers()) {
    if (!person.active || person.roles.length === 0) continue
    const local = DateTime.fromJSDate(now, { zone: person.timeZone ?? settings.timeZone })
    if (local.weekday !== DIGEST_WEEKDAY || local.hour !== DIGEST_HOUR) continue
    outcome.due += 1
    const key = `digest:${person.id}:${isoWeekId(local.startOf('week'))}`
    const [sent] = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, key))
    if (sent) {
      outcome.alreadySent += 1
      continue
    }
    if (!(await wantsDigest(person.id))) {
      outcome.optedOut += 1
      continue
    }
    const { outboxId, digest } = await queueDigest(person, { now, dedupe: true })
    if (digest.empty) outcome.skippedEmpty += 1
    else if (outboxId) outcome.queued += 1
    else outcome.alreadySent += 1
  }
  return outcome
}

/** For the CLI: a person by e-mail address, with roles. */
export async function findDigestPerson(email: string): Promise<DigestPerson | undefined> {
  return (await listUsers()).find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
}
