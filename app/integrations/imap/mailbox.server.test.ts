import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { LATE_QUESTION, PROJECT_ADDRESSES, PROJECT_MAILBOX, PROJECT_PASSWORD, PROJECT_USER } from '#tests/setup/project-mailbox.ts'
import { type FolderBatch, type FolderCursor, type Mailbox, MailboxError, openMailbox, probeMailbox } from './mailbox.server.ts'
import type { MailMessage } from './messages.ts'
import { threadMessages } from './threads.ts'

// A second user holds the same mailbox for the tests that change it (new mail, expunge, UIDVALIDITY).
const SYNC_USER = 'sync@project.org'
const SYNC_PASSWORD = 'sync-secret'

async function collect(mailbox: Mailbox, cursor: FolderCursor, batchSize?: number) {
  const batches: FolderBatch[] = []
  for await (const batch of mailbox.fetchFolderSince(cursor, { batchSize })) batches.push(batch)
  return batches
}

const pages = (batches: FolderBatch[]) => batches.filter((b) => b.kind === 'page')
const messagesOf = (batches: FolderBatch[]) => pages(batches).flatMap((b) => b.messages)

async function failure(promise: Promise<unknown>): Promise<MailboxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MailboxError)
  return error as MailboxError
}

describeWithDovecot('the project mailbox over IMAP, against a real Dovecot', () => {
  let dovecot: DovecotServer
  const login = (user = PROJECT_USER, password = PROJECT_PASSWORD) => ({
    host: '127.0.0.1',
    port: dovecot.port,
    tls: false as const,
    user,
    password,
  })

  beforeAll(async () => {
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD, [SYNC_USER]: SYNC_PASSWORD } })
    await dovecot.append(PROJECT_USER, PROJECT_MAILBOX)
    await dovecot.append(SYNC_USER, PROJECT_MAILBOX)
  })
  afterAll(() => dovecot?.stop())

  describe('probeMailbox', () => {
    it('lists the folders and finds Sent by its special-use flag', async () => {
      const probe = await probeMailbox(login())
      expect(probe).toEqual({
        ok: true,
        folders: [
          { path: 'INBOX', name: 'INBOX', specialUse: '\\Inbox', selectable: true },
          { path: 'Sent', name: 'Sent', specialUse: '\\Sent', selectable: true },
        ],
        sentFolder: { path: 'Sent', name: 'Sent', specialUse: '\\Sent', selectable: true },
      })
    })

    it('says the login was refused, without the password', async () => {
      const probe = await probeMailbox(login(PROJECT_USER, 'wrong-password'))
      expect(probe).toEqual({
        ok: false,
        kind: 'auth',
        reason: `127.0.0.1:${dovecot.port} refused the login for help@project.org ("Authentication failed."): check the user name and the password.`,
      })
    })

    it('says the port does not speak TLS when TLS is asked of the plain port', async () => {
      const probe = await probeMailbox({ ...login(), tls: true })
      expect(probe).toMatchObject({ ok: false, kind: 'tls' })
      expect(!probe.ok && probe.reason).toBe(
        `TLS failed with 127.0.0.1:${dovecot.port}: the server does not speak TLS on this port (use port 993 for TLS, or STARTTLS on port 143).`,
      )
    })

    it('refuses to log in when STARTTLS is required and the server does not offer it', async () => {
      const probe = await probeMailbox({ ...login(), tls: 'starttls' })
      expect(probe).toMatchObject({ ok: false, kind: 'tls' })
      expect(!probe.ok && probe.reason).toMatch(/does not offer STARTTLS, and the password must not cross the network unencrypted/)
    })

    it('says so when no folder is marked \\Sent, even with one called Sent', async () => {
      const unmarked = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD }, sentSpecialUse: false })
      try {
        const mailbox = await openMailbox({ ...login(), port: unmarked.port })
        try {
          // The folder is there by name; it is not the Sent folder until the server marks it.
          expect((await mailbox.listFolders()).map((f) => [f.path, f.specialUse])).toEqual([
            ['INBOX', '\\Inbox'],
            ['Sent', null],
          ])
        } finally {
          await mailbox.close()
        }
        const probe = await probeMailbox({ ...login(), port: unmarked.port })
        expect(probe).toEqual({
          ok: false,
          kind: 'no-sent-folder',
          reason:
            'No folder of help@project.org on 127.0.0.1 is marked as the Sent folder (IMAP special-use \\Sent), so replies sent from it cannot be found: mark one on the server.',
        })
      } finally {
        await unmarked.stop()
      }
    })
  })

  describe('fetchFolderSince', () => {
    it('fetches a folder in pages of UIDs, each page with its highest UID, and reads no body', async () => {
      const before = dovecot.sessions(PROJECT_USER).length
      const mailbox = await openMailbox(login())
      const batches = await collect(mailbox, { path: 'INBOX' }, 3)
      await mailbox.close()
      // INBOX holds 8 messages, UIDs 1–8: pages of 3, 3 and 2
      expect(batches.map((b) => b.kind === 'page' && [b.messages.map((m) => m.uid), b.highestUid])).toEqual([
        [[1, 2, 3], 3],
        [[4, 5, 6], 6],
        [[7, 8], 8],
      ])
      const uidValidity = await dovecot.uidValidity(PROJECT_USER, 'INBOX')
      expect(pages(batches).every((b) => b.uidValidity === uidValidity && b.path === 'INBOX')).toBe(true)
      // Dovecot's own count for the session: headers only, no body, nothing deleted or expunged.
      await vi.waitFor(() => expect(dovecot.sessions(PROJECT_USER).length).toBe(before + 1))
      expect(dovecot.sessions(PROJECT_USER).at(-1)).toMatchObject({ body_count: 0, body_bytes: 0, deleted: 0, expunged: 0 })
    })

    it('decodes subjects and names (RFC 2047, UTF-8 and ISO-8859-1) and reads the headers that matter', async () => {
      const mailbox = await openMailbox(login())
      const inbox = messagesOf(await collect(mailbox, { path: 'INBOX' }))
      await mailbox.close()
      const byId = (id: string) => inbox.find((m) => m.messageId === id)!
      expect(byId('q1@example.net')).toEqual({
        folder: 'INBOX',
        uid: 1,
        messageId: 'q1@example.net',
        inReplyTo: [],
        references: [],
        from: { name: 'Élodie Martin', address: 'elodie@example.net' },
        to: ['help@project.org'],
        cc: [],
        subject: 'Résumé of the solver options',
        // INTERNALDATE 09:00 as the server received it; the sender's clock said 08:58
        internalDate: new Date('2026-03-02T09:00:00Z'),
        date: new Date('2026-03-02T08:58:00Z'),
        autoSubmitted: null,
        precedence: null,
        hasListId: false,
        hasListUnsubscribe: false,
      })
      expect(byId('q2@example.cn')).toMatchObject({ subject: '安装问题', from: { name: '张伟', address: 'zhang@example.cn' } })
      // 18:00 +0800 is 10:00 UTC
      expect(byId('q2@example.cn').date).toEqual(new Date('2026-03-02T10:00:00Z'))
      expect(byId('r2@project.org')).toMatchObject({ to: ['zhang@example.cn'], cc: ['help@project.org'], inReplyTo: ['q2@example.cn'] })
      expect(byId('m2@example.de')).toMatchObject({ subject: 'Re: Grüße aus München', references: ['m1@example.de'] })
      // References folded over two lines
      expect(byId('ooo1@example.net')).toMatchObject({ autoSubmitted: 'auto-replied', references: ['q1@example.net', 'r1@project.org'] })
      expect(byId('l1@example.org')).toMatchObject({ precedence: 'list', hasListId: true, hasListUnsubscribe: true })
    })

    it('fetches nothing on a second run from the stored cursor, and a new message alone', async () => {
      const mailbox = await openMailbox(login(SYNC_USER, SYNC_PASSWORD))
      try {
        const first = pages(await collect(mailbox, { path: 'INBOX' }))
        const cursor = { path: 'INBOX', uidValidity: first.at(-1)!.uidValidity, lastUid: first.at(-1)!.highestUid }
        expect(cursor.lastUid).toBe(8)
        expect(await collect(mailbox, cursor)).toEqual([])

        await dovecot.append(SYNC_USER, [LATE_QUESTION])
        const next = await collect(mailbox, cursor)
        expect(next.map((b) => b.kind === 'page' && [b.messages.map((m) => [m.uid, m.messageId]), b.highestUid])).toEqual([
          [[[9, 'q6@example.com']], 9],
        ])
      } finally {
        await mailbox.close()
      }
    })

    it('drops the highest UID that `n:*` returns when the newest messages were expunged', async () => {
      const mailbox = await openMailbox(login(SYNC_USER, SYNC_PASSWORD))
      try {
        const all = messagesOf(await collect(mailbox, { path: 'INBOX' }))
        const highest = Math.max(...all.map((m) => m.uid))
        const uidValidity = await dovecot.uidValidity(SYNC_USER, 'INBOX')
        // The cursor stands at the newest message; it is then expunged, so UIDNEXT is beyond it but
        // `highest:*` matches the next highest UID still there, which was stored long ago.
        await dovecot.expunge(SYNC_USER, 'INBOX', highest)
        expect(await collect(mailbox, { path: 'INBOX', uidValidity, lastUid: highest })).toEqual([])
      } finally {
        await mailbox.close()
      }
    })

    it('signals a resync when UIDVALIDITY changed, then fetches the folder from its first message', async () => {
      const mailbox = await openMailbox(login(SYNC_USER, SYNC_PASSWORD))
      try {
        const first = pages(await collect(mailbox, { path: 'Sent' }))
        const cursor = { path: 'Sent', uidValidity: first[0].uidValidity, lastUid: first[0].highestUid }
        expect(cursor.lastUid).toBe(4)
        await dovecot.setUidValidity(SYNC_USER, 'Sent', cursor.uidValidity + 1000)

        const again = await collect(mailbox, cursor)
        expect(again[0]).toEqual({
          kind: 'resync',
          path: 'Sent',
          uidValidity: cursor.uidValidity + 1000,
          previousUidValidity: cursor.uidValidity,
        })
        // all four Sent messages again, under the new UIDVALIDITY
        expect(pages(again).map((b) => [b.uidValidity, b.messages.map((m) => m.messageId)])).toEqual([
          [cursor.uidValidity + 1000, ['r1@project.org', 'ack3@project.org', 'r3@project.org', 'r4@project.org']],
        ])
      } finally {
        await mailbox.close()
      }
    })

    it('changes no flag of any message', async () => {
      const before = { INBOX: await dovecot.flags(PROJECT_USER, 'INBOX'), Sent: await dovecot.flags(PROJECT_USER, 'Sent') }
      // Unread, flagged and answered messages are there to be changed by a careless client.
      expect(before.INBOX[1]).toEqual([])
      expect(before.INBOX[3]).toEqual(['\\Flagged'])
      expect(before.Sent[3]).toEqual(['\\Answered', '\\Seen'])
      const mailbox = await openMailbox(login())
      await collect(mailbox, { path: 'INBOX' }, 2)
      await collect(mailbox, { path: 'Sent' })
      await mailbox.close()
      expect({ INBOX: await dovecot.flags(PROJECT_USER, 'INBOX'), Sent: await dovecot.flags(PROJECT_USER, 'Sent') }).toEqual(before)
    })

    it('says a folder does not exist', async () => {
      const mailbox = await openMailbox(login())
      try {
        const error = await failure(collect(mailbox, { path: 'Archive' }))
        expect([error.kind, error.message]).toEqual(['folder', 'There is no folder "Archive" in this mailbox (any more).'])
      } finally {
        await mailbox.close()
      }
    })
  })

  it('threads the real mailbox and finds each first response, from Sent or a colleague in INBOX', async () => {
    const mailbox = await openMailbox(login())
    const folders = await mailbox.listFolders()
    const sent = await mailbox.findSentFolder(folders)
    const messages: MailMessage[] = []
    for (const folder of [folders.find((f) => f.specialUse === '\\Inbox')!, sent]) {
      messages.push(...messagesOf(await collect(mailbox, { path: folder.path })))
    }
    await mailbox.close()

    const minutes = (from: Date | null, to: Date | undefined) => (from && to ? (to.getTime() - from.getTime()) / 60_000 : null)
    const threads = threadMessages(messages, PROJECT_ADDRESSES)
    expect(
      threads.map((t) => ({
        id: t.id,
        subject: t.subject,
        createdAt: t.createdAt?.toISOString().slice(11, 16) ?? null,
        firstResponse: t.firstResponse && `${t.firstResponse.folder} ${t.firstResponse.from?.address}`,
        minutes: minutes(t.createdAt, t.firstResponse?.internalDate),
        messages: t.messages.length,
      })),
    ).toEqual([
      // 09:00 → 11:30 = 150 min; her 11:31 auto-reply is in the thread and counts for nothing
      {
        id: 'q1@example.net',
        subject: 'Résumé of the solver options',
        createdAt: '09:00',
        firstResponse: 'Sent help@project.org',
        minutes: 150,
        messages: 3,
      },
      // 10:00 → 10:45 = 45 min, Ann's reply seen through her CC to the project
      { id: 'q2@example.cn', subject: '安装问题', createdAt: '10:00', firstResponse: 'INBOX Ann@Project.org', minutes: 45, messages: 2 },
      // 12:00 → 16:00 = 240 min; the 12:01 acknowledgement is automatic
      {
        id: 'q3@example.com',
        subject: 'Citing the project',
        createdAt: '12:00',
        firstResponse: 'Sent ann@project.org',
        minutes: 240,
        messages: 3,
      },
      // list traffic: no creation, no response
      { id: 'l1@example.org', subject: '[users] Release 26.3 is out', createdAt: null, firstResponse: null, minutes: null, messages: 1 },
      // m1 was never seen: 14:00 → 15:30 = 90 min
      {
        id: 'm1@example.de',
        subject: 'Re: Grüße aus München',
        createdAt: '14:00',
        firstResponse: 'Sent help@project.org',
        minutes: 90,
        messages: 2,
      },
      { id: 'q5@example.com', subject: 'Segfault on import', createdAt: '17:00', firstResponse: null, minutes: null, messages: 1 },
    ])
  })
})

describe('openMailbox without a Dovecot', () => {
  it('refuses to send a password in clear text to another machine', async () => {
    const error = await failure(
      openMailbox({ host: 'mail.example.org', port: 143, tls: false, user: 'help@project.org', password: 'p4ss' }),
    )
    expect([error.kind, error.message]).toEqual([
      'configuration',
      'Without TLS the password for help@project.org would cross the network in clear text: use TLS (port 993) or STARTTLS (port 143).',
    ])
  })

  it('says the host refused the connection', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const probe = await probeMailbox({ host: '127.0.0.1', port, tls: false, user: 'u', password: 'p' })
    expect(probe).toEqual({
      ok: false,
      kind: 'unreachable',
      reason: `127.0.0.1:${port} refused the connection: check the server and the port (993 for TLS, 143 for STARTTLS).`,
    })
  })

  it('gives up on a server that never greets, in the time it was given', async () => {
    const sockets = new Set<net.Socket>()
    const silent = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1')
    await new Promise((resolve) => silent.once('listening', resolve))
    const { port } = silent.address() as net.AddressInfo
    try {
      const probe = await probeMailbox({ host: '127.0.0.1', port, tls: false, user: 'u', password: 'p', timeoutMs: 300 })
      // 300 ms rounds to 0 s in words; the hint is for a TLS port reached without TLS
      expect(probe).toEqual({
        ok: false,
        kind: 'timeout',
        reason: `127.0.0.1:${port} did not answer within 0 s: it may expect TLS (port 993).`,
      })
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  describe.skipIf(!existsSync('/usr/bin/openssl'))('TLS certificates', () => {
    let dir: string
    let server: tls.Server
    let port: number
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'steward-tls-'))
      execFileSync(
        '/usr/bin/openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      )
      server = tls.createServer(
        { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
        (socket) => socket.end('* OK ready\r\n'),
      )
      server.on('tlsClientError', () => {})
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      port = (server.address() as net.AddressInfo).port
    })
    afterAll(() => {
      server?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('says a self-signed certificate is not trusted', async () => {
      const probe = await probeMailbox({ host: '127.0.0.1', port, tls: true, user: 'u', password: 'p' })
      expect(probe).toEqual({
        ok: false,
        kind: 'tls',
        reason: `The TLS certificate of 127.0.0.1:${port} is not trusted: it is self-signed.`,
      })
    })
  })
})
