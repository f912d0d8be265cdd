// The mailbox sync against a real Dovecot holding the seeded project mailbox
// (tests/setup/project-mailbox.ts: Monday's and Tuesday's threads), on PGlite or PostgreSQL.
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailMessages, emailThreadIds, emailThreads, mailboxFolders } from '#db/schema/mailbox.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { insertMailboxSources, mailboxSourceId } from '#tests/setup/mailbox-source.ts'
import {
  LATE_QUESTION,
  PROJECT_ADDRESSES,
  PROJECT_MAILBOX,
  PROJECT_MAILBOX_MORE,
  PROJECT_PASSWORD,
  PROJECT_USER,
} from '#tests/setup/project-mailbox.ts'
import { emailResponseTimes, listWaitingEmailThreads } from './mailbox-metrics.server.ts'
import { checkMailboxSource, type MailboxSource, syncMailboxSource } from './mailbox-sync.server.ts'

// Users holding the same mailbox, for the tests that change it (new mail, UIDVALIDITY).
const USERS = {
  [PROJECT_USER]: PROJECT_PASSWORD,
  'resync@project.org': 'resync-secret',
  'late@project.org': 'late-secret',
}

const HOUR = 3_600_000

/** Everything stored for a source, without the source id: what "the mailbox's data" is in the database. */
async function snapshot(n: number) {
  const sourceId = mailboxSourceId(n)
  const folders = await db
    .select({
      path: mailboxFolders.path,
      role: mailboxFolders.role,
      uidValidity: mailboxFolders.uidValidity,
      lastUid: mailboxFolders.lastUid,
    })
    .from(mailboxFolders)
    .where(eq(mailboxFolders.sourceId, sourceId))
    .orderBy(asc(mailboxFolders.path))
  const messages = await db
    .select({
      folder: emailMessages.folder,
      uid: emailMessages.uid,
      messageId: emailMessages.messageId,
      threadId: emailMessages.threadId,
      direction: emailMessages.direction,
      kind: emailMessages.kind,
      fromName: emailMessages.fromName,
      fromAddress: emailMessages.fromAddress,
      subject: emailMessages.subject,
      receivedAt: emailMessages.receivedAt,
    })
    .from(emailMessages)
    .where(eq(emailMessages.sourceId, sourceId))
    .orderBy(asc(emailMessages.folder), asc(emailMessages.uid))
  const threads = (await db.select().from(emailThreads).where(eq(emailThreads.sourceId, sourceId)).orderBy(asc(emailThreads.threadId))).map(
    ({ sourceId: _, ...t }) => t,
  )
  const ids = (
    await db.select().from(emailThreadIds).where(eq(emailThreadIds.sourceId, sourceId)).orderBy(asc(emailThreadIds.messageId))
  ).map(({ sourceId: _, ...t }) => t)
  return { folders, messages, threads, ids }
}

async function rowCounts() {
  const count = async (table: typeof emailMessages | typeof emailThreads | typeof emailThreadIds | typeof mailboxFolders) =>
    (await db.select().from(table)).length
  return [await count(mailboxFolders), await count(emailMessages), await count(emailThreads), await count(emailThreadIds)]
}

describeWithDovecot('syncing the project mailbox, against a real Dovecot', () => {
  setupTestDatabase()
  let dovecot: DovecotServer
  const source = (n = 1, user = PROJECT_USER): MailboxSource => ({
    id: mailboxSourceId(n),
    host: '127.0.0.1',
    port: dovecot.port,
    tls: false,
    username: user,
    password: USERS[user as keyof typeof USERS],
    projectAddresses: PROJECT_ADDRESSES,
  })

  beforeAll(async () => {
    dovecot = await startDovecot({ users: USERS })
    for (const user of Object.keys(USERS)) await dovecot.append(user, [...PROJECT_MAILBOX, ...PROJECT_MAILBOX_MORE])
  })
  afterAll(() => dovecot?.stop())
  // the sources the tests store mail for (the mail tables reference community_sources)
  beforeEach(async () => {
    await insertMailboxSources(db, 1, 2, 9, ...Array.from({ length: 18 }, (_, i) => 101 + i))
  })

  it('stores INBOX and Sent, threads them, and reads no body and changes no flag', async () => {
    const flagsBefore = { INBOX: await dovecot.flags(PROJECT_USER, 'INBOX'), Sent: await dovecot.flags(PROJECT_USER, 'Sent') }
    const sessionsBefore = dovecot.sessions(PROJECT_USER).length
    const progress: string[] = []
    const result = await syncMailboxSource(db, source(), {
      batchSize: 5,
      onProgress: (p) => progress.push(`${p.folder} ${p.fetched}${p.finished ? ' done' : ''}`),
    })
    // INBOX: 8 on Monday + 8 on Tuesday = 16 in pages of 5 (5, 5, 5, 1); Sent: 4 + 4 = 8 (5, 3)
    expect(result).toEqual({
      folders: [
        { path: 'INBOX', role: 'inbox', fetched: 16, stored: 16, resynced: false },
        { path: 'Sent', role: 'sent', fetched: 8, stored: 8, resynced: false },
      ],
      fetched: 24,
      stored: 24,
      pages: 6,
      rethreaded: false,
    })
    expect(progress).toEqual([
      'INBOX 0',
      'INBOX 5',
      'INBOX 10',
      'INBOX 15',
      'INBOX 16',
      'INBOX 16 done',
      'Sent 0',
      'Sent 5',
      'Sent 8',
      'Sent 8 done',
    ])

    const data = await snapshot(1)
    expect(data.folders).toEqual([
      { path: 'INBOX', role: 'inbox', uidValidity: await dovecot.uidValidity(PROJECT_USER, 'INBOX'), lastUid: 16 },
      { path: 'Sent', role: 'sent', uidValidity: await dovecot.uidValidity(PROJECT_USER, 'Sent'), lastUid: 8 },
    ])
    const message = (id: string) => data.messages.find((m) => m.messageId === id)
    // INTERNALDATE, the decoded name and subject; the Date header (11:00 +0300) is kept apart
    expect(message('t1@example.org')).toEqual({
      folder: 'INBOX',
      uid: 9,
      messageId: 't1@example.org',
      threadId: 't1@example.org',
      direction: 'inbound',
      kind: 'person',
      fromName: 'Иван Петров',
      fromAddress: 'ivan@example.org',
      subject: 'Ünïcödé in filenames',
      receivedAt: new Date('2026-03-03T08:00:00Z'),
    })
    expect(message('r6@project.org')).toMatchObject({ direction: 'outbound', kind: 'person', fromAddress: 'ANN@project.org' })
    expect(message('ooo2@project.org')).toMatchObject({ direction: 'outbound', kind: 'auto-reply', threadId: 'k1@example.de' })
    expect(message('n1@vendor.example')).toMatchObject({ direction: 'inbound', kind: 'bulk' })
    expect(message('l1@example.org')).toMatchObject({ kind: 'list' })
    expect(message('dsn1@mx.example.net')).toMatchObject({ kind: 'auto-reply' })

    const hours = (t: (typeof data.threads)[number]) =>
      t.createdAt && t.firstResponseAt ? (t.firstResponseAt.getTime() - t.createdAt.getTime()) / HOUR : null
    expect(
      data.threads.map((t) => [t.threadId, t.subject, t.openerAddress, t.createdAt?.toISOString() ?? null, hours(t), t.messageCount]),
    ).toEqual([
      // Judy answered help@'s call for talks at 11:00; ANN@ replied at 12:00 = 1 h
      ['cft@project.org', 'Re: Call for talks', 'judy@example.com', '2026-03-03T11:00:00.000Z', 1, 3],
      // a bounce opens nothing
      ['dsn1@mx.example.net', 'Undelivered Mail Returned to Sender', null, null, null, 1],
      // Karl waits: ann@'s out-of-office at 13:01 is automatic
      ['k1@example.de', 'Frage zur Lizenz', 'karl@example.de', '2026-03-03T13:00:00.000Z', null, 2],
      ['l1@example.org', '[users] Release 26.3 is out', null, null, null, 1],
      // 14:00 → 15:30 = 1.5 h (m1 itself was never seen)
      ['m1@example.de', 'Re: Grüße aus München', 'frank@example.de', '2026-03-02T14:00:00.000Z', 1.5, 2],
      ['n1@vendor.example', 'Our March newsletter', null, null, null, 1],
      // 09:00 → 11:30 = 2.5 h; the auto-reply is in the thread
      ['q1@example.net', 'Résumé of the solver options', 'elodie@example.net', '2026-03-02T09:00:00.000Z', 2.5, 3],
      // 10:00 → 10:45 = 0.75 h
      ['q2@example.cn', '安装问题', 'zhang@example.cn', '2026-03-02T10:00:00.000Z', 0.75, 2],
      // 12:00 → 16:00 = 4 h; the 12:01 acknowledgement is automatic
      ['q3@example.com', 'Citing the project', 'carol@example.com', '2026-03-02T12:00:00.000Z', 4, 3],
      ['q5@example.com', 'Segfault on import', 'grace@example.com', '2026-03-02T17:00:00.000Z', null, 1],
      // Tuesday 08:00 → Wednesday 08:00 = 24 h; his 09:00 nudge does not move the start
      ['t1@example.org', 'Ünïcödé in filenames', 'ivan@example.org', '2026-03-03T08:00:00.000Z', 24, 3],
      // 15:00 → 15:20 = 1/3 h: "Auto-Submitted: no" is a person
      ['y1@example.jp', '日本語のドキュメント', 'yamada@example.jp', '2026-03-03T15:00:00.000Z', 1 / 3, 2],
    ])
    // Every message is in a thread, and every id belongs to the thread of the messages carrying it.
    expect(data.messages.every((m) => m.threadId !== null)).toBe(true)
    expect(data.ids.find((i) => i.messageId === 'm1@example.de')).toEqual({ messageId: 'm1@example.de', threadId: 'm1@example.de' })

    // Nothing changed on the server, and Dovecot counted no body read.
    expect({ INBOX: await dovecot.flags(PROJECT_USER, 'INBOX'), Sent: await dovecot.flags(PROJECT_USER, 'Sent') }).toEqual(flagsBefore)
    await vi.waitFor(() => expect(dovecot.sessions(PROJECT_USER).length).toBe(sessionsBefore + 1))
    expect(dovecot.sessions(PROJECT_USER).at(-1)).toMatchObject({ body_count: 0, body_bytes: 0, deleted: 0, expunged: 0 })
  })

  it('a second run fetches and writes nothing; a new message alone joins', async () => {
    await syncMailboxSource(db, source(1, 'late@project.org'))
    const before = await snapshot(1)
    const again = await syncMailboxSource(db, source(1, 'late@project.org'))
    expect([again.fetched, again.stored, again.pages]).toEqual([0, 0, 0])
    expect(await snapshot(1)).toEqual(before)

    await dovecot.append('late@project.org', [LATE_QUESTION])
    const late = await syncMailboxSource(db, source(1, 'late@project.org'))
    expect([late.fetched, late.stored, late.pages]).toEqual([1, 1, 1])
    const after = await snapshot(1)
    expect(after.threads.length).toBe(before.threads.length + 1)
    expect(after.threads.find((t) => t.threadId === 'q6@example.com')).toMatchObject({ createdAt: new Date('2026-03-02T18:00:00Z') })
  })

  it('a sync killed at any page, before or after its commit, resumes to exactly the mailbox’s data', async () => {
    await syncMailboxSource(db, source(1), { batchSize: 3 })
    const expected = await snapshot(1)
    // 16 INBOX messages in pages of 3 (6 pages), then 8 Sent (3 pages): 9 pages
    const PAGE_SIZES = [3, 3, 3, 3, 3, 1, 3, 3, 2]
    let sourceId = 100
    for (let page = 1; page <= 9; page++) {
      for (const when of ['insidePage', 'afterPage'] as const) {
        sourceId += 1
        const crash = new Error(`killed at page ${page}, ${when}`)
        const hooks = {
          [when]: (p: { page: number }) => {
            if (p.page === page) throw crash
          },
        }
        await expect(syncMailboxSource(db, source(sourceId), { batchSize: 3, hooks })).rejects.toBe(crash)
        const resumed = await syncMailboxSource(db, source(sourceId), { batchSize: 3 })
        // pages 1..k-1 (and page k when killed after its commit) were kept: the rest is fetched once
        const kept = when === 'afterPage' ? page : page - 1
        const keptMessages = PAGE_SIZES.slice(0, kept).reduce((a, b) => a + b, 0)
        expect(resumed.stored).toBe(24 - keptMessages)
        expect(await snapshot(sourceId), `killed at page ${page}, ${when}`).toEqual(expected)
      }
    }
  }, 120_000)

  it('a stop through the signal rolls back the page being written and resumes from there', async () => {
    const controller = new AbortController()
    const stop = new Error('stopped by the user')
    await expect(
      syncMailboxSource(db, source(2), {
        batchSize: 4,
        signal: controller.signal,
        hooks: { insidePage: (p) => (p.page === 2 ? controller.abort(stop) : undefined) },
      }),
    ).rejects.toBe(stop)
    // page 1 (UIDs 1–4) was committed, page 2 rolled back
    expect(
      await db
        .select()
        .from(mailboxFolders)
        .where(eq(mailboxFolders.sourceId, mailboxSourceId(2))),
    ).toMatchObject([{ path: 'INBOX', lastUid: 4 }])
    await syncMailboxSource(db, source(2))
    await syncMailboxSource(db, source(1))
    const { folders: _a, ...resumed } = await snapshot(2)
    const { folders: _b, ...whole } = await snapshot(1)
    expect(resumed).toEqual(whole)
  })

  it('a changed UIDVALIDITY reads that folder again from its start, ending with the same data', async () => {
    const user = 'resync@project.org'
    await syncMailboxSource(db, source(1, user))
    const before = await snapshot(1)
    const uidValidity = await dovecot.uidValidity(user, 'Sent')
    await dovecot.setUidValidity(user, 'Sent', uidValidity + 7)

    const progress: number[] = []
    const resync = await syncMailboxSource(db, source(1, user), { onProgress: (p) => p.folder === 'Sent' && progress.push(p.fetched) })
    expect(resync.folders).toEqual([
      { path: 'INBOX', role: 'inbox', fetched: 0, stored: 0, resynced: false },
      // all 8 Sent messages again
      { path: 'Sent', role: 'sent', fetched: 8, stored: 8, resynced: true },
    ])
    const after = await snapshot(1)
    expect(after.folders.find((f) => f.path === 'Sent')).toEqual({ path: 'Sent', role: 'sent', uidValidity: uidValidity + 7, lastUid: 8 })
    expect({ ...after, folders: [] }).toEqual({ ...before, folders: [] })
  })

  it('new project addresses recompute directions and threads before fetching', async () => {
    await syncMailboxSource(db, source(1))
    // Without ann@, her replies are a person writing to the project: q2 is answered by no one.
    const result = await syncMailboxSource(db, { ...source(1), projectAddresses: ['help@project.org'] })
    expect([result.rethreaded, result.fetched]).toEqual([true, 0])
    const [q2] = await db.select().from(emailThreads).where(eq(emailThreads.threadId, 'q2@example.cn'))
    expect(q2).toMatchObject({ createdAt: new Date('2026-03-02T10:00:00Z'), firstResponseAt: null })
    const [r2] = await db.select().from(emailMessages).where(eq(emailMessages.messageId, 'r2@project.org'))
    expect(r2.direction).toBe('inbound')
  })

  describe('bad configuration gets one line and writes nothing', () => {
    const cases: Array<[string, (s: MailboxSource) => MailboxSource, RegExp]> = [
      [
        'a refused login',
        (s) => ({ ...s, password: 'wrong' }),
        /^127\.0\.0\.1:\d+ refused the login for help@project\.org \("Authentication failed\."\): check the user name and the password\.$/,
      ],
      [
        'TLS asked of a plain port',
        (s) => ({ ...s, tls: true }),
        /^TLS failed with 127\.0\.0\.1:\d+: the server does not speak TLS on this port \(use port 993 for TLS, or STARTTLS on port 143\)\.$/,
      ],
      [
        'no TLS to another machine',
        (s) => ({ ...s, host: 'imap.example.org' }),
        /^Without TLS the password for help@project\.org would cross the network in clear text/,
      ],
      ['no project address', (s) => ({ ...s, projectAddresses: [' '] }), /^No project address is set for help@project\.org/],
      ['a project address that is not one', (s) => ({ ...s, projectAddresses: ['help desk'] }), /^"help desk" is not an e-mail address/],
    ]
    for (const [name, change, reason] of cases) {
      it(name, async () => {
        const bad = change(source())
        expect(await checkMailboxSource(bad)).toMatch(reason)
        await expect(syncMailboxSource(db, bad)).rejects.toThrow(reason)
        expect(await rowCounts()).toEqual([0, 0, 0, 0])
      })
    }

    it('a mailbox without a folder marked \\Sent', async () => {
      const unmarked = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD }, sentSpecialUse: false })
      try {
        await unmarked.append(PROJECT_USER, PROJECT_MAILBOX)
        const bad = { ...source(), port: unmarked.port }
        const reason =
          'No folder of help@project.org on 127.0.0.1 is marked as the Sent folder (IMAP special-use \\Sent), so replies sent from it cannot be found: mark one on the server.'
        expect(await checkMailboxSource(bad)).toBe(reason)
        await expect(syncMailboxSource(db, bad)).rejects.toThrow(reason)
        expect(await rowCounts()).toEqual([0, 0, 0, 0])
      } finally {
        await unmarked.stop()
      }
    })

    it('a good configuration has nothing to say', async () => {
      expect(await checkMailboxSource(source())).toBeNull()
    })
  })

  describe('the e-mail metrics on the synced mailbox', () => {
    it('time to first response: median, p90, count and still waiting, in hours', async () => {
      await syncMailboxSource(db, source(1))
      const both = await emailResponseTimes({ range: { start: new Date('2026-03-02T00:00Z'), end: new Date('2026-03-05T00:00Z') } })
      // answered: 1/3 (y1), 0.75 (q2), 1 (cft), 1.5 (m1), 2.5 (q1), 4 (q3), 24 (t1) — 7 threads;
      // median: the 4th = 1.5; p90: rank 6 × 0.9 = 5.4 → 4 + 0.4 × (24 − 4) = 12;
      // waiting: q5 and k1 (l1, n1 and dsn1 were never opened by a person)
      expect(both.median).toBeCloseTo(1.5, 9)
      expect(both.p90).toBeCloseTo(12, 9)
      expect([both.count, both.waiting]).toEqual([7, 2])

      const monday = await emailResponseTimes({ range: { start: new Date('2026-03-02T00:00Z'), end: new Date('2026-03-03T00:00Z') } })
      // 0.75, 1.5, 2.5, 4: median rank 1.5 → 1.5 + 0.5 × 1 = 2; p90 rank 2.7 → 2.5 + 0.7 × 1.5 = 3.55; q5 waits
      expect(monday.median).toBeCloseTo(2, 9)
      expect(monday.p90).toBeCloseTo(3.55, 9)
      expect([monday.count, monday.waiting]).toEqual([4, 1])

      expect(
        await emailResponseTimes({
          range: { start: new Date('2026-03-02T00:00Z'), end: new Date('2026-03-05T00:00Z') },
          sourceId: mailboxSourceId(9),
        }),
      ).toEqual({
        median: null,
        p90: null,
        count: 0,
        waiting: 0,
      })
    })

    it('the threads still waiting, oldest first with their age; senders for community and admin only', async () => {
      await syncMailboxSource(db, source(1))
      const now = new Date('2026-03-04T17:00:00Z')
      const waiting = await listWaitingEmailThreads({ viewer: { roles: ['community'] }, now, targetHours: 36 })
      // q5 since Monday 17:00 = 48 h (over 36); k1 since Tuesday 13:00 = 28 h
      expect(waiting).toEqual({
        total: 2,
        overTarget: 1,
        threads: [
          {
            sourceId: mailboxSourceId(1),
            threadId: 'q5@example.com',
            subject: 'Segfault on import',
            messageId: 'q5@example.com',
            senderName: '',
            senderAddress: 'grace@example.com',
            createdAt: new Date('2026-03-02T17:00:00Z'),
            ageHours: 48,
            overTarget: true,
          },
          {
            sourceId: mailboxSourceId(1),
            threadId: 'k1@example.de',
            subject: 'Frage zur Lizenz',
            messageId: 'k1@example.de',
            senderName: 'Karl',
            senderAddress: 'karl@example.de',
            createdAt: new Date('2026-03-03T13:00:00Z'),
            ageHours: 28,
            overTarget: false,
          },
        ],
      })
      expect((await listWaitingEmailThreads({ viewer: { roles: ['admin'] }, now, targetHours: 36 })).threads).toHaveLength(2)
      for (const role of ['communications', 'fundraising', 'council'] as const) {
        expect(await listWaitingEmailThreads({ viewer: { roles: [role] }, now, targetHours: 36 })).toEqual({
          total: 2,
          overTarget: 1,
          threads: null,
        })
      }
    })
  })
})
