import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailOutbox, notifications } from '#db/schema/index.ts'
import { sweepOutbox } from '#app/domain/email/outbox.server.ts'
import { addDeadline, completeDeadline, createGrant, updateGrant } from '#app/domain/fundraising/grants.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import { createSession } from '#app/domain/accounts/sessions.server.ts'
import { deriveNotifications } from './derive.server.ts'
import {
  countUnreadNotifications,
  countUnreadNotificationsOfSession,
  getNotificationPreferences,
  getNotificationsPage,
  markNotificationsRead,
  saveNotificationPreferences,
} from './inbox.server.ts'
import { defineProducer, type ProducedNotification } from './producer.ts'
import { defaultDelivery } from './vocabulary.ts'

setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

async function configure(env: Record<string, string | undefined>) {
  Object.assign(process.env, env)
  const { resetEnv } = await import('#app/utils/env.server.ts')
  resetEnv()
}

beforeAll(async () => {
  sink = await startSmtpSink()
  await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
})
afterAll(async () => {
  await sink.close()
  await configure(saved)
})
beforeEach(() => {
  sink.messages.length = 0
})

const now = new Date('2026-03-02T09:00:00Z')

/** A producer whose findings the test sets: the runner's rules without any area's data. */
function fakeProducer(found: () => ProducedNotification[] | Error) {
  return defineProducer({
    kind: 'sync-failed',
    async produce() {
      const out = found()
      if (out instanceof Error) throw out
      return out
    },
  })
}

describe('deriving notifications', () => {
  test('a producer’s findings become one notification per person and key, however often it runs; handled things are marked done', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const community = await insertUser({ roles: ['community'] })
    await insertUser({ roles: ['fundraising'] })
    let found: ProducedNotification[] = [
      { subject: 'a', occurrence: '1', text: 'Sync A failed.', link: '/community/repositories', to: { roles: ['admin', 'community'] } },
      { subject: 'b', occurrence: '1', text: 'Sync B failed.', link: '/community/repositories', to: { userIds: [community.id] } },
    ]
    const producers = [fakeProducer(() => found)]
    // A to admin and community (2), B to community (1): 3 rows.
    expect(await deriveNotifications({ now, producers })).toMatchObject({ created: 3, resolved: 0, failed: [] })
    expect(await deriveNotifications({ now, producers })).toMatchObject({ created: 0, resolved: 0 })
    expect(await countUnreadNotifications(admin.id)).toBe(1)
    expect(await countUnreadNotifications(community.id)).toBe(2)

    // A is handled (no longer found): done for both its people; B stays.
    found = [found[1]]
    expect(await deriveNotifications({ now, producers })).toMatchObject({ created: 0, resolved: 2 })
    expect(await countUnreadNotifications(admin.id)).toBe(0)
    expect(await countUnreadNotifications(community.id)).toBe(1)

    // A producer that fails marks nothing done.
    expect(await deriveNotifications({ now, producers: [fakeProducer(() => new Error('boom'))] })).toMatchObject({
      resolved: 0,
      failed: ['sync-failed'],
    })
    expect(await countUnreadNotifications(community.id)).toBe(1)

    // A new occurrence of the same subject is a new notification.
    found = [{ ...found[0], occurrence: '2' }]
    expect(await deriveNotifications({ now, producers })).toMatchObject({ created: 1, resolved: 1 })
  })

  test('a grant deadline reminder is done once the deadline is marked done, and links to its grant', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const grant = await createGrant({
      funder: 'NumFOCUS',
      title: 'SDG',
      currency: 'USD',
      status: 'drafting',
      ownerId: lead.id,
      actorId: lead.id,
    })
    const deadline = await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: '2026-03-09', actorId: lead.id })
    await deriveNotifications({ now, kinds: ['grant-deadline'] })
    let page = await getNotificationsPage({ user: { id: lead.id, timeZone: null }, now })
    expect(page.notifications).toEqual([
      expect.objectContaining({
        text: 'Proposal for NumFOCUS (SDG) is due on 2026-03-09: in 7 days.',
        link: `/fundraising/grants/${grant.id}`,
        done: false,
        read: false,
      }),
    ])
    await completeDeadline({ deadlineId: deadline.id, actorId: lead.id })
    expect(await deriveNotifications({ now, kinds: ['grant-deadline'] })).toMatchObject({ resolved: 1 })
    page = await getNotificationsPage({ user: { id: lead.id, timeZone: null }, now })
    expect(page.notifications.map((n) => n.done)).toEqual([true])
    expect(page.unread).toBe(0)
  })

  test('an open notification says what is true now (grant renamed, days counted down) without a second e-mail; a done one keeps its last words', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const grantInput = { funder: 'NumFOCUS', title: 'SDG', currency: 'USD', status: 'drafting' as const, ownerId: lead.id }
    const grant = await createGrant({ ...grantInput, actorId: lead.id })
    const deadline = await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: '2026-03-09', actorId: lead.id })
    // 2 March: 7 days ahead, the 7-day stage; e-mailed at once (the default for grant deadlines)
    expect(await deriveNotifications({ now, kinds: ['grant-deadline'] })).toMatchObject({ created: 1, emailed: 1 })
    await updateGrant({ ...grantInput, title: 'Small Development Grant', grantId: grant.id, actorId: lead.id })
    // 5 March: 4 days ahead, still the 7-day stage (4 > 1), so the same notification, reworded
    const fifth = new Date('2026-03-05T09:00:00Z')
    expect(await deriveNotifications({ now: fifth, kinds: ['grant-deadline'] })).toMatchObject({ created: 0, emailed: 0 })
    const texts = async () =>
      (await getNotificationsPage({ user: { id: lead.id, timeZone: null }, now: fifth })).notifications.map((n) => n.text)
    expect(await texts()).toEqual(['Proposal for NumFOCUS (Small Development Grant) is due on 2026-03-09: in 4 days.'])
    expect(await db.select().from(emailOutbox)).toHaveLength(1)
    await completeDeadline({ deadlineId: deadline.id, actorId: lead.id })
    await updateGrant({ ...grantInput, title: 'Renamed after', grantId: grant.id, actorId: lead.id })
    await deriveNotifications({ now: fifth, kinds: ['grant-deadline'] })
    expect(await texts()).toEqual(['Proposal for NumFOCUS (Small Development Grant) is due on 2026-03-09: in 4 days.'])
  })

  test('“e-mail at once” reaches the real mail server with both parts and List-Unsubscribe; “off” adds nothing; the others stay in Steward', async () => {
    const lead = await insertUser({ roles: ['fundraising'], name: 'Fran', email: 'fran@example.org' })
    const quiet = await insertUser({ roles: ['fundraising'], email: 'quiet@example.org' })
    const away = await insertUser({ roles: ['fundraising'], email: 'away@example.org' })
    expect(defaultDelivery('grant-deadline', ['fundraising'])).toBe('email')
    await saveNotificationPreferences({ userId: quiet.id, deliveries: { 'grant-deadline': 'in_app' } })
    await saveNotificationPreferences({ userId: away.id, deliveries: { 'grant-deadline': 'off' } })
    const grant = await createGrant({ funder: 'CZI', title: 'EOSS', currency: 'USD', status: 'drafting', actorId: lead.id })
    await addDeadline({ grantId: grant.id, kind: 'letter_of_intent', dueOn: '2026-03-03', actorId: lead.id })

    // Unowned: every fundraising lead; away has it off, quiet in Steward only, Fran by e-mail.
    expect(await deriveNotifications({ now, kinds: ['grant-deadline'] })).toMatchObject({ created: 2, emailed: 1 })
    expect(await countUnreadNotifications(away.id)).toBe(0)
    expect(await sweepOutbox()).toMatchObject({ sent: 1 })
    expect(sink.messages).toHaveLength(1)
    const [mail] = sink.messages
    expect(mail.to).toEqual(['fran@example.org'])
    expect(mail.subject).toBe('[Our project] Letter of intent for CZI (EOSS) is due on 2026-03-03: tomorrow')
    expect(mail.text).toContain('Letter of intent for CZI (EOSS) is due on 2026-03-03: tomorrow.')
    expect(mail.text).toContain(`Open in Steward: https://steward.example.org/fundraising/grants/${grant.id}`)
    expect(mail.html).toContain(`href="https://steward.example.org/fundraising/grants/${grant.id}"`)
    expect(mail.headers['list-unsubscribe']).toBe('<https://steward.example.org/settings/account#notifications>')

    // Running again sends nothing twice.
    await deriveNotifications({ now, kinds: ['grant-deadline'] })
    expect(await db.select().from(emailOutbox)).toHaveLength(1)
    expect((await getNotificationPreferences({ id: quiet.id, roles: ['fundraising'] })).kinds).toContainEqual(
      expect.objectContaining({ kind: 'grant-deadline', delivery: 'in_app', default: 'email' }),
    )
  })

  test('mark one read, mark all read; another person’s notifications are untouched', async () => {
    const a = await insertUser({ roles: ['admin'] })
    const b = await insertUser({ roles: ['admin'] })
    const producers = [
      fakeProducer(() => [
        { subject: 'x', occurrence: '1', text: 'X', link: '/', to: { roles: ['admin'] } },
        { subject: 'y', occurrence: '1', text: 'Y', link: '/', to: { roles: ['admin'] } },
      ]),
    ]
    await deriveNotifications({ now, producers })
    const mine = await db.select().from(notifications).where(eq(notifications.userId, a.id))
    const theirs = await db.select().from(notifications).where(eq(notifications.userId, b.id))
    expect(await markNotificationsRead({ userId: a.id, ids: [mine[0].id, theirs[0].id] })).toBe(1)
    expect(await countUnreadNotifications(a.id)).toBe(1)
    expect(await markNotificationsRead({ userId: a.id })).toBe(1)
    expect(await countUnreadNotifications(a.id)).toBe(0)
    expect(await countUnreadNotifications(b.id)).toBe(2)
  })

  test('the bell counts by session token what it counts by person: that person’s unread ones, nobody else’s', async () => {
    const a = await insertUser({ roles: ['admin'] })
    const b = await insertUser({ roles: ['admin'] })
    const producers = [
      fakeProducer(() => [
        { subject: 'x', occurrence: '1', text: 'X', link: '/', to: { roles: ['admin'] } },
        { subject: 'y', occurrence: '1', text: 'Y', link: '/', to: { roles: ['admin'] } },
      ]),
    ]
    await deriveNotifications({ now, producers })
    const sessionOfA = await createSession({ userId: a.id })
    const sessionOfB = await createSession({ userId: b.id })
    const [first] = await db.select().from(notifications).where(eq(notifications.userId, a.id))
    await markNotificationsRead({ userId: a.id, ids: [first.id] })
    // a: 2 notifications, 1 read → 1; b: 2 unread
    expect(await countUnreadNotificationsOfSession(sessionOfA.token)).toBe(1)
    expect(await countUnreadNotificationsOfSession(sessionOfB.token)).toBe(2)
    expect(await countUnreadNotificationsOfSession('no-such-session')).toBe(0)
  })
})
