// E-mail threads in the one triage queue (issue 13): merged oldest first with GitHub items and
// forum topics, set aside and put back through the same actions (audited), counted on This week
// per mailbox beside the forums — on small hand-made data, the arithmetic beside each assertion.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, communitySources, forumTopics } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { weekContaining } from '#app/domain/this-week/week.ts'
import { DomainError } from '#app/domain/errors.ts'
import { countEmailTriageBySource, listEmailSetAside, listEmailTriageQueue } from './email-triage.server.ts'
import { emailResponseTimes, listWaitingEmailThreads } from './mailbox-metrics.server.ts'
import { lockMailboxSource, storeEmailMessages, toEmailMessageRow } from './mailbox-store.server.ts'
import { getTriagePage } from './pages.server.ts'
import { communityWeekCard } from './this-week.server.ts'
import { markHandledElsewhere, returnToQueue, snoozeItem } from './triage.server.ts'
import { triageOverdueProducer } from './notifications.server.ts'

setupTestDatabase()

const PROJECT = ['help@project.org']
const HOUR = 3_600_000
const now = new Date('2026-03-10T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR)
const community = { roles: ['community' as const] }

let uid = 0
/** An inbound message from `from`, `h` hours before now (or a reply from the project with `inReplyTo`). */
function mail(id: string, from: string, h: number, subject: string, inReplyTo?: string): MailMessage {
  return {
    folder: from === 'help@project.org' ? 'Sent' : 'INBOX',
    uid: ++uid,
    messageId: id,
    inReplyTo: inReplyTo ? [inReplyTo] : [],
    references: inReplyTo ? [inReplyTo] : [],
    from: { name: from === 'ada@example.com' ? 'Ada' : '', address: from },
    to: [],
    cc: [],
    subject,
    internalDate: hoursAgo(h),
    date: null,
    autoSubmitted: null,
    precedence: null,
    hasListId: false,
    hasListUnsubscribe: false,
  }
}

/** Stores messages in mailbox source n as the sync does (one page), and returns the source's id. */
async function deliver(n: number, messages: MailMessage[]) {
  const source = await insertMailboxSource(db, n)
  await db.transaction(async (tx) => {
    await lockMailboxSource(tx, source)
    await storeEmailMessages(
      tx,
      source,
      messages.map((m) => toEmailMessageRow(source, m, PROJECT)),
      PROJECT,
    )
  })
  return source
}

async function insertForum(name: string) {
  const [forum] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name, url: `https://${name.toLowerCase().replace(/\W/g, '')}.example.org` })
    .returning()
  return forum!
}

let topicSeq = 0
async function insertTopic(sourceId: string, h: number) {
  topicSeq += 1
  const [topic] = await db
    .insert(forumTopics)
    .values({
      sourceId,
      topicId: topicSeq,
      title: `Topic ${topicSeq}`,
      slug: `topic-${topicSeq}`,
      url: `https://forum.example.org/t/topic-${topicSeq}/${topicSeq}`,
      authorUsername: `asker${topicSeq}`,
      createdAt: hoursAgo(h),
      bumpedAt: hoursAgo(h),
    })
    .returning()
  return topic!
}

/** The usual mailbox: Ada's thread 70 h old (over 48 h), Bob's 10 h old, and one answered after 3 h. */
async function usualMailbox() {
  const source = await deliver(1, [
    mail('ada1@example.com', 'ada@example.com', 70, 'Install fails'),
    mail('bob1@example.com', 'bob@example.com', 10, 'Licence question'),
    mail('eve1@example.com', 'eve@example.com', 80, 'Thanks'),
    mail('re-eve1@project.org', 'help@project.org', 77, 'Re: Thanks', 'eve1@example.com'),
  ])
  return { source, ada: `email:${source}:ada1@example.com`, bob: `email:${source}:bob1@example.com` }
}

const weekCard = async () =>
  communityWeekCard({
    user: { id: 'u', name: 'Community manager', roles: ['community'] },
    now,
    week: weekContaining(now, 'UTC'),
    settings: await getOrganisationSettings(),
  })

describe('one queue', () => {
  it('merges a GitHub issue, a forum topic and two e-mail threads oldest first, with totals, and filters by mailbox', async () => {
    const repo = await insertRepository('pybamm-team', 'PyBaMM')
    const issue = await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(100) })
    const forum = await insertForum('PyBaMM Forum')
    const topic = await insertTopic(forum.id, 30)
    const { source, ada, bob } = await usualMailbox()

    const page = await getTriagePage(new URLSearchParams(), community, now)
    // Oldest first: the issue (100 h), Ada's thread (70 h), the topic (30 h), Bob's thread (10 h);
    // Eve's thread was answered. Over 48 h: the issue and Ada's = 2 of 4.
    expect(page.queue.map((i) => [i.id, i.kind, Math.round(i.ageHours), i.overTarget])).toEqual([
      [issue.id, 'issue', 100, true],
      [ada, 'email', 70, true],
      [topic.id, 'forum', 30, false],
      [bob, 'email', 10, false],
    ])
    expect(page).toMatchObject({ total: 4, overTarget: 2, page: 1, pageCount: 1, firstShown: 1 })
    expect(page.queue[1]).toMatchObject({
      mailbox: 'test mailbox 1',
      subject: 'Install fails',
      senderName: 'Ada',
      senderAddress: 'ada@example.com',
      messageId: 'ada1@example.com',
    })

    // ?source=<mailbox>: its two threads only, 1 over the target (Ada's)
    const mailbox = await getTriagePage(new URLSearchParams({ source }), community, now)
    expect(mailbox).toMatchObject({ source, total: 2, overTarget: 1 })
    expect(mailbox.queue.map((i) => i.id)).toEqual([ada, bob])
    // ?source=github: the issue only; the forum: the topic only
    expect((await getTriagePage(new URLSearchParams({ source: 'github' }), community, now)).queue.map((i) => i.id)).toEqual([issue.id])
    expect((await getTriagePage(new URLSearchParams({ source: forum.id }), community, now)).queue.map((i) => i.id)).toEqual([topic.id])
  })

  it('pages through e-mail threads with the rest: 48 issues and 4 threads are 52 threads on 2 pages', async () => {
    const repo = await insertRepository('pybamm-team', 'PyBaMM')
    for (let h = 1; h <= 48; h++) await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(h) })
    await deliver(
      1,
      [10.5, 20.5, 30.5, 60.5].map((h) => mail(`m${h}@example.com`, 'ann@example.com', h, `After ${h} h`)),
    )
    const first = await getTriagePage(new URLSearchParams(), community, now)
    // 48 + 4 = 52 wait: 2 pages of 50. Over 48 h: only the 60.5 h thread (the 48 h issue is at the
    // target, not over it).
    expect(first).toMatchObject({ total: 52, overTarget: 1, page: 1, pageCount: 2 })
    // The 50 oldest hold all 4 threads; the 2 newest issues (2 h and 1 h) are left for page 2.
    expect(first.queue.filter((i) => i.kind === 'email').map((i) => Math.round(i.ageHours * 10) / 10)).toEqual([60.5, 30.5, 20.5, 10.5])
    const second = await getTriagePage(new URLSearchParams({ page: '2' }), community, now)
    expect(second.queue.map((i) => [i.kind, Math.round(i.ageHours)])).toEqual([
      ['issue', 2],
      ['issue', 1],
    ])
  })

  it('gives the subject, sender and Message-ID to community and admin only; every other role sees the mailbox and the age', async () => {
    const { source } = await usualMailbox()
    for (const role of ['council', 'communications', 'fundraising'] as const) {
      const page = await getTriagePage(new URLSearchParams(), { roles: [role] }, now)
      expect(page).toMatchObject({ total: 2, overTarget: 1, withSenders: false })
      expect(page.queue.map((i) => ({ ...i, id: undefined }))).toEqual([
        {
          id: undefined,
          kind: 'email',
          sourceId: source,
          mailbox: 'test mailbox 1',
          threadId: null,
          subject: null,
          messageId: null,
          senderName: null,
          senderAddress: null,
          createdAt: hoursAgo(70),
          ageHours: 70,
          overTarget: true,
        },
        expect.objectContaining({ subject: null, senderAddress: null, ageHours: 10 }),
      ])
      // not in an id either
      expect(JSON.stringify(page)).not.toMatch(/ada@|bob@|ada1@|bob1@|Install fails|Licence question/)
    }
    const admin = await getTriagePage(new URLSearchParams(), { roles: ['admin'] }, now)
    expect(admin.queue.map((i) => 'senderAddress' in i && i.senderAddress)).toEqual(['ada@example.com', 'bob@example.com'])
  })
})

describe('the overdue notification', () => {
  it('names every source’s threads over the target, oldest first, and forgets a snoozed one', async () => {
    const repo = await insertRepository('pybamm-team', 'PyBaMM')
    const issue = await insertItem(repo.id, { kind: 'issue', number: 7, title: 'Solver diverges', createdAt: hoursAgo(100) })
    const forum = await insertForum('PyBaMM Forum')
    const old = await insertTopic(forum.id, 60)
    await insertTopic(forum.id, 30)
    const { source, ada } = await usualMailbox()
    const produce = async () => triageOverdueProducer.produce({ now, today: '2026-03-10', settings: await getOrganisationSettings() })

    // Over 48 h: the issue (100 h), Ada's thread (70 h), the old topic (60 h); not the 30 h topic, not Bob's 10 h thread.
    const notes = await produce()
    expect(notes.map((n) => [n.subject, n.link])).toEqual([
      [issue.id, '/community/triage'],
      [ada, `/community/triage?source=${source}`],
      [old.id, `/community/triage?source=${forum.id}`],
    ])
    expect(notes[1]!.text).toBe('E-mail “Install fails” to test mailbox 1 has waited 2 days 22 h for a first response (target 48 h).')
    expect(notes[2]!.text).toBe(`Forum topic “${old.title}” on PyBaMM Forum has waited 2 days 12 h for a first response (target 48 h).`)
    // The address stays out of the text: the notification is also e-mailed in the digest.
    expect(JSON.stringify(notes)).not.toContain('ada@example.com')

    const user = await insertUser({ roles: ['community'] })
    await snoozeItem({ itemId: ada, until: new Date(now.getTime() + 24 * HOUR), actorId: user.id, now })
    expect((await produce()).map((n) => n.subject)).toEqual([issue.id, old.id])

    // A forum's backlog does not crowd out the others: 12 more topics of 200–211 h make 13 over the
    // target there; the forum gives its 10 oldest (10 of the 12 new ones), and the issue
    // still comes: 11 in all.
    for (let h = 200; h < 212; h++) await insertTopic(forum.id, h)
    const crowded = await produce()
    expect(crowded.filter((n) => n.link === `/community/triage?source=${forum.id}`)).toHaveLength(10)
    expect(crowded.map((n) => n.subject)).toContain(issue.id)
    expect(crowded).toHaveLength(11)
  })
})

describe('setting an e-mail thread aside', () => {
  it('"handled elsewhere", put back and snooze: out of the queue and its counts, audited with who and before/after', async () => {
    const user = await insertUser({ roles: ['community'] })
    const { source, ada } = await usualMailbox()
    const range = { start: hoursAgo(24 * 30), end: now }
    // Eve's answered after 3 h; Ada's and Bob's wait: median 3, p90 3, 1 answered, 2 waiting.
    const responses = { median: 3, p90: 3, count: 1, waiting: 2 }
    expect(await emailResponseTimes({ range })).toEqual(responses)

    await markHandledElsewhere({ itemId: ada, note: 'answered on the forum', actorId: user.id })
    // Bob's alone waits (10 h, within 48 h)
    expect((await listEmailTriageQueue({ now, targetHours: 48, withSenders: true })).map((t) => t.subject)).toEqual(['Licence question'])
    expect(await countEmailTriageBySource({ now, targetHours: 48 })).toEqual([
      { sourceId: source, name: 'test mailbox 1', total: 1, overTarget: 0 },
    ])
    expect(await listWaitingEmailThreads({ viewer: community, now, targetHours: 48 })).toMatchObject({ total: 1, overTarget: 0 })
    expect((await getTriagePage(new URLSearchParams(), community, now)).setAside).toMatchObject([
      {
        id: ada,
        kind: 'email',
        label: 'test mailbox 1: Install fails',
        url: null,
        handledNote: 'answered on the forum',
        snoozedUntil: null,
      },
    ])
    // the council's set-aside list names the mailbox, not the subject
    expect((await listEmailSetAside({ now, withSenders: false })).map((s) => [s.mailbox, s.subject])).toEqual([['test mailbox 1', null]])
    // Time to first response does not move: setting aside is not answering.
    expect(await emailResponseTimes({ range })).toEqual(responses)

    await returnToQueue({ itemId: ada, actorId: user.id })
    expect(await countEmailTriageBySource({ now, targetHours: 48 })).toMatchObject([{ total: 2, overTarget: 1 }])
    expect(await listEmailSetAside({ now, withSenders: true })).toEqual([])

    await snoozeItem({ itemId: ada, until: new Date(now.getTime() + 24 * HOUR), actorId: user.id, now })
    expect((await listEmailTriageQueue({ now, targetHours: 48, withSenders: true })).map((t) => t.id)).toEqual([
      `email:${source}:bob1@example.com`,
    ])
    expect((await listEmailSetAside({ now, withSenders: true })).map((s) => [s.id, s.snoozedUntil])).toEqual([
      [ada, new Date(now.getTime() + 24 * HOUR)],
    ])
    // The snooze ends a day later: two days on, Ada's (118 h) and Bob's (58 h) are both over.
    const later = new Date(now.getTime() + 48 * HOUR)
    expect(await countEmailTriageBySource({ now: later, targetHours: 48 })).toMatchObject([{ total: 2, overTarget: 2 }])

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, ada)).orderBy(auditEvents.at)
    expect(audit.map((a) => [a.entity, a.action, a.actorId])).toEqual([
      ['triage_email_thread', 'handled_elsewhere', user.id],
      ['triage_email_thread', 'return_to_queue', user.id],
      ['triage_email_thread', 'snooze', user.id],
    ])
    expect(audit[0]!.before).toBeNull()
    expect(audit[0]!.after).toMatchObject({ sourceId: source, openerKey: 'ada1@example.com', handledNote: 'answered on the forum' })
    expect(audit[1]!.before).toMatchObject({ handledNote: 'answered on the forum' })
    expect(audit[1]!.after).toMatchObject({ handledAt: null, handledNote: null, snoozedUntil: null, updatedById: user.id })
  })

  it('stays set aside when new mail joins the thread (its row is replaced), and leaves the list once the project answers', async () => {
    const user = await insertUser({ roles: ['community'] })
    const { ada } = await usualMailbox()
    await snoozeItem({ itemId: ada, until: new Date(now.getTime() + 24 * HOUR), actorId: user.id, now })
    // Ada writes again: the sync recomputes and replaces her thread's row
    await deliver(1, [mail('ada2@example.com', 'ada@example.com', 5, 'Re: Install fails', 'ada1@example.com')])
    expect((await listEmailTriageQueue({ now, targetHours: 48, withSenders: true })).map((t) => t.subject)).toEqual(['Licence question'])
    expect((await listEmailSetAside({ now, withSenders: true })).map((s) => s.id)).toEqual([ada])
    // The project answers: nothing waits on Ada's thread any more, set aside or not.
    await deliver(1, [mail('re-ada@project.org', 'help@project.org', 1, 'Re: Install fails', 'ada2@example.com')])
    expect(await listEmailSetAside({ now, withSenders: true })).toEqual([])
    expect(await listEmailTriageQueue({ now: new Date(now.getTime() + 48 * HOUR), targetHours: 48, withSenders: true })).toHaveLength(1)
  })

  it('refuses a thread that is not stored, or one named by a message other than its opener', async () => {
    const user = await insertUser({ roles: ['community'] })
    const { source } = await usualMailbox()
    await expect(
      markHandledElsewhere({ itemId: `email:${source}:nobody@example.com`, note: 'somewhere', actorId: user.id }),
    ).rejects.toThrow(new DomainError('This item is no longer synced.'))
    // Eve's reply from the project is in her thread, but the thread's opener is Eve's message
    await expect(returnToQueue({ itemId: `email:${source}:re-eve1@project.org`, actorId: user.id })).rejects.toThrow(DomainError)
    expect(await db.select().from(auditEvents).where(eq(auditEvents.entity, 'triage_email_thread'))).toEqual([])
  })
})

describe('This week', () => {
  it('names the three oldest threads over the target wherever they wait, then counts the rest per source; what is set aside does not count', async () => {
    const user = await insertUser({ roles: ['community'] })
    const forum = await insertForum('PyBaMM Forum')
    // the forum: 100, 90 and 60 h over 48 h, 5 h within → 3 over, 4 waiting
    const [t100, t90] = [await insertTopic(forum.id, 100), await insertTopic(forum.id, 90)]
    for (const h of [60, 5]) await insertTopic(forum.id, h)
    // mailbox 1: Ada's 70 h over, Bob's 10 h within → 1 over, 2 waiting
    const { source: first } = await usualMailbox()
    // mailbox 2: a 50 h thread, snoozed → no line; mailbox 3: Erik's 55 h over, Dora's 20 h within
    const second = await deliver(2, [mail('carl1@example.com', 'carl@example.com', 50, 'Travel grant')])
    await snoozeItem({ itemId: `email:${second}:carl1@example.com`, until: new Date(now.getTime() + HOUR), actorId: user.id, now })
    const third = await deliver(3, [
      mail('dora1@example.com', 'dora@example.com', 20, 'Workshop'),
      mail('erik1@example.com', 'erik@example.com', 55, 'Cannot solve DFN'),
    ])

    const card = await weekCard()
    // over the target: 3 topics + Ada's + Erik's = 5
    expect(card.summary).toBe('5 threads waited longer than 48 h for a first response.')
    // oldest over the target: topics of 100 h and 90 h, then Ada's 70 h (the 60 h topic and Erik's 55 h are counted below)
    expect(card.items.map((i) => [i.label, i.detail, i.href])).toEqual([
      [
        `Forum topic #${t100.topicId}: ${t100.title}`,
        'waiting 4 days 4 h (target 48 h), PyBaMM Forum',
        `/community/triage?source=${forum.id}`,
      ],
      [
        `Forum topic #${t90.topicId}: ${t90.title}`,
        'waiting 3 days 18 h (target 48 h), PyBaMM Forum',
        `/community/triage?source=${forum.id}`,
      ],
      ['E-mail: Install fails', 'waiting 2 days 22 h (target 48 h), test mailbox 1', `/community/triage?source=${first}`],
      // the forum's third topic over the target; mailbox 1 has none left
      ['PyBaMM Forum: 1 more topic over the target', '4 waiting', `/community/triage?source=${forum.id}`],
      ['test mailbox 3: 1 thread over the target', '2 waiting', `/community/triage?source=${third}`],
    ])
    // 5 over target × 10 min
    expect(card.minutes).toBe(50)
  })

  it('says all wait within the target, or that nothing waits, counting e-mail with the rest', async () => {
    const user = await insertUser({ roles: ['community'] })
    // Bob's 10 h thread alone (Ada's handled elsewhere): 1 waits, within 48 h
    const { ada, bob } = await usualMailbox()
    await markHandledElsewhere({ itemId: ada, note: 'phoned her', actorId: user.id })
    expect((await weekCard()).summary).toBe('1 thread waits for a first response, all within 48 h.')
    await markHandledElsewhere({ itemId: bob, note: 'answered on the forum', actorId: user.id })
    const card = await weekCard()
    expect(card.summary).toBe('Every open issue, pull request, discussion, forum topic and e-mail thread has had a first response.')
    expect(card.items).toEqual([])
    expect(card.minutes).toBe(0)
  })
})
