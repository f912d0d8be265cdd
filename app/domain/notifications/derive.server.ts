// The notification centre. `deriveNotifications` (the notifications.derive job, every 15 minutes)
// runs every producer and reconciles what they find with what is stored, per kind:
// - a (person, key) not stored yet is added — once: the key is unique per person — and, for
//   people who asked for "e-mail at once", queued in the outbox in the same transaction;
// - a stored one found again takes the producer's current text (docs/decisions/027-…);
// - a stored one that no producer of its kind finds any more is marked done (resolvedAt);
// - a kind whose producer failed is left as it is (nothing is marked done on a failure).
import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { notificationPreferences, notifications, userRoles, users } from '#db/schema/index.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { emailConfigured, queueEmail } from '#app/domain/email/outbox.server.ts'
import { renderEmail } from '#app/domain/email/render.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { notificationKey, type NotificationProducer, type ProducedNotification } from './producer.ts'
import { PRODUCERS } from './producers.server.ts'
import { defaultDelivery, type Delivery, NOTIFICATION_KIND_INFO, type NotificationKind } from './vocabulary.ts'

interface Person {
  id: string
  email: string
  name: string
  roles: Role[]
  deliveries: Map<NotificationKind, Delivery>
}

/** Everyone who can sign in, with their roles and chosen deliveries. */
async function activePeople(tx: DbOrTx = db): Promise<Person[]> {
  const rows = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.active, true))
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const [roles, prefs] = await Promise.all([
    tx.select().from(userRoles).where(inArray(userRoles.userId, ids)),
    tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, ids)),
  ])
  return rows.map((r) => ({
    ...r,
    roles: roles.filter((x) => x.userId === r.id).map((x) => x.role),
    deliveries: new Map(prefs.filter((p) => p.userId === r.id).map((p) => [p.kind as NotificationKind, p.delivery])),
  }))
}

function deliveryFor(person: Person, kind: NotificationKind): Delivery {
  return person.deliveries.get(kind) ?? defaultDelivery(kind, person.roles)
}

/** The people a produced notification is for: those named (if active), or everyone holding a role (admins when nobody does). */
function recipients(n: ProducedNotification, people: Person[]): Person[] {
  if ('userIds' in n.to) {
    const ids = n.to.userIds
    return people.filter((p) => ids.includes(p.id))
  }
  const roles = n.to.roles
  const holders = people.filter((p) => p.roles.some((r) => roles.includes(r)))
  return holders.length ? holders : people.filter((p) => p.roles.includes('admin'))
}

/** Absolute links for e-mail: STEWARD_PUBLIC_URL (which SMTP_URL requires), else this machine (a preview without e-mail). */
export function absoluteUrl(path: string) {
  const env = getEnv()
  return `${(env.STEWARD_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')}${path}`
}

/** Where a person changes what Steward sends them: the List-Unsubscribe target of every notification and digest. */
export const notificationSettingsUrl = () => absoluteUrl('/settings/account#notifications')

async function emailNotification(
  tx: DbOrTx,
  input: { person: Person; kind: NotificationKind; text: string; link: string; projectName: string },
) {
  const { person } = input
  const body = renderEmail({
    greeting: `Hello ${person.name},`,
    paragraphs: [input.text],
    actions: [{ label: 'Open in Steward', url: absoluteUrl(input.link) }],
    footer: [
      `You get this e-mail at once because of your setting for “${NOTIFICATION_KIND_INFO[input.kind].label}” in ${input.projectName}'s Steward.`,
      `Change or stop it: ${notificationSettingsUrl()}`,
    ],
  })
  const sentence = input.text.replace(/[.]$/, '')
  const short = sentence.length > 100 ? `${sentence.slice(0, sentence.lastIndexOf(' ', 99))}…` : sentence
  await queueEmail(
    {
      kind: 'notification',
      to: person.email,
      toUserId: person.id,
      subject: `[${input.projectName}] ${short}`,
      ...body,
      unsubscribeUrl: notificationSettingsUrl(),
    },
    tx,
  )
}

export interface DeriveOutcome {
  created: number
  emailed: number
  resolved: number
  failed: string[]
}

/**
 * Runs the producers (all, or those of `kinds`) and reconciles their findings with the stored
 * notifications. Safe to run any number of times: a second run with the same data changes nothing.
 */
export async function deriveNotifications(
  input: { now?: Date; kinds?: NotificationKind[]; producers?: NotificationProducer[]; log?: (line: string) => void } = {},
): Promise<DeriveOutcome> {
  const now = input.now ?? new Date()
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(now, { zone: settings.timeZone }).toISODate()!
  const context = { now, today, settings }
  const people = await activePeople()
  const sendEmail = emailConfigured()
  const producers = (input.producers ?? PRODUCERS).filter((p) => !input.kinds || input.kinds.includes(p.kind))
  const outcome: DeriveOutcome = { created: 0, emailed: 0, resolved: 0, failed: [] }

  // Every producer of a kind runs before the kind is reconciled: several areas may share one kind.
  const byKind = new Map<NotificationKind, ProducedNotification[] | null>()
  for (const producer of producers) {
    const sofar = byKind.get(producer.kind)
    if (sofar === null) continue
    try {
      const found = await producer.produce(context)
      byKind.set(producer.kind, [...(sofar ?? []), ...found])
    } catch (error) {
      byKind.set(producer.kind, null)
      outcome.failed.push(producer.kind)
      input.log?.(`notifications: the ${producer.kind} producer failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  for (const [kind, produced] of byKind) {
    if (produced === null) continue
    const rows = new Map<string, { person: Person; key: string; text: string; link: string; delivery: Delivery }>()
    for (const n of produced) {
      const key = notificationKey(kind, n)
      for (const person of recipients(n, people)) {
        const delivery = deliveryFor(person, kind)
        if (delivery === 'off') continue
        rows.set(`${person.id} ${key}`, { person, key, text: n.text, link: n.link, delivery })
      }
    }
    const wanted = [...rows.keys()]
    await db.transaction(async (tx) => {
      const values = [...rows.values()]
      const inserted = values.length
        ? await tx
            .insert(notifications)
            .values(values.map((v) => ({ userId: v.person.id, kind, key: v.key, text: v.text, link: v.link, createdAt: now })))
            .onConflictDoNothing()
            .returning({ userId: notifications.userId, key: notifications.key })
        : []
      outcome.created += inserted.length
      for (const row of inserted) {
        const v = rows.get(`${row.userId} ${row.key}`)!
        if (v.delivery !== 'email' || !sendEmail) continue
        await emailNotification(tx, { person: v.person, kind, text: v.text, link: v.link, projectName: settings.projectName })
        outcome.emailed += 1
      }
      const pair = sql<string>`${notifications.userId}::text || ' ' || ${notifications.key}`
      // Found again after being marked done (e.g. a post unscheduled): open again, without a second
      // e-mail — unless the person dismissed it.
      if (wanted.length)
        await tx
          .update(notifications)
          .set({ resolvedAt: null })
          .where(
            and(
              eq(notifications.kind, kind),
              isNotNull(notifications.resolvedAt),
              isNull(notifications.dismissedAt),
              inArray(pair, wanted),
            ),
          )
      // The text follows the thing it is about (a grant renamed, "in 7 days" become "in 4 days"):
      // open notifications take what the producer says now; done ones keep their last words.
      const open = await tx
        .select({
          id: notifications.id,
          userId: notifications.userId,
          key: notifications.key,
          text: notifications.text,
          link: notifications.link,
        })
        .from(notifications)
        .where(and(eq(notifications.kind, kind), isNull(notifications.resolvedAt)))
      const changed = open.flatMap((row) => {
        const v = rows.get(`${row.userId} ${row.key}`)
        return v && (v.text !== row.text || v.link !== row.link) ? [{ id: row.id, text: v.text, link: v.link }] : []
      })
      // One statement per thousand (a triage notice's "has waited 50 h" changes on every run).
      for (let i = 0; i < changed.length; i += 1000) {
        const values = sql.join(
          changed.slice(i, i + 1000).map((c) => sql`(${c.id}::uuid, ${c.text}, ${c.link})`),
          sql`, `,
        )
        await tx.execute(
          sql`update ${notifications} set text = v.text, link = v.link from (values ${values}) as v(id, text, link) where ${notifications.id} = v.id`,
        )
      }
      const resolved = await tx
        .update(notifications)
        .set({ resolvedAt: now })
        .where(and(eq(notifications.kind, kind), isNull(notifications.resolvedAt), wanted.length ? notInArray(pair, wanted) : undefined))
        .returning({ id: notifications.id })
      outcome.resolved += resolved.length
    })
  }
  return outcome
}
