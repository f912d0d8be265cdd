// `sync sources` on a mailbox source: the sources sync reads the source's stored (encrypted)
// password, or the environment variable it names, and syncs the mailbox of a real Dovecot holding
// the seeded project mailbox (tests/setup/project-mailbox.ts), with progress and the source's status.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailMessages, emailThreads } from '#db/schema/mailbox.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { PROJECT_ADDRESSES, PROJECT_MAILBOX, PROJECT_MAILBOX_MORE, PROJECT_PASSWORD, PROJECT_USER } from '#tests/setup/project-mailbox.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { addImapSource, requireSource, setSourceCredential } from './sources.server.ts'
import { type SourceSyncProgress, syncSources } from './sources-sync.server.ts'

describeWithDovecot('sync sources on a mailbox source, against a real Dovecot', () => {
  setupTestDatabase()
  let dovecot: DovecotServer
  const savedKey = process.env.STEWARD_SECRET_KEY

  beforeAll(async () => {
    process.env.STEWARD_SECRET_KEY = Buffer.alloc(32, 9).toString('base64')
    resetEnv()
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD } })
    await dovecot.append(PROJECT_USER, [...PROJECT_MAILBOX, ...PROJECT_MAILBOX_MORE])
  })
  afterAll(async () => {
    await dovecot?.stop()
    if (savedKey === undefined) delete process.env.STEWARD_SECRET_KEY
    else process.env.STEWARD_SECRET_KEY = savedKey
    delete process.env.TEST_MAILBOX_PASSWORD
    resetEnv()
  })

  const addMailbox = (password: { value: string } | { envVar: string }) =>
    addImapSource({
      host: '127.0.0.1',
      port: dovecot.port,
      tls: false,
      user: PROJECT_USER,
      password,
      projectAddresses: PROJECT_ADDRESSES,
      actorId: null,
    })

  it('stores the mailbox’s messages and threads with the encrypted password, with progress; a second run stores nothing', async () => {
    const source = await addMailbox({ value: PROJECT_PASSWORD })
    expect(source.passwordEncrypted).not.toContain(PROJECT_PASSWORD)
    const progress: SourceSyncProgress[] = []
    const result = await syncSources({ imap: { batchSize: 5 }, onProgress: (p) => progress.push(p) })
    // INBOX: 8 on Monday + 8 on Tuesday = 16; Sent: 4 + 4 = 8 — 24 messages
    expect(result).toMatchObject({ ok: true, skipped: [], requests: 0 })
    expect(result.sources).toEqual([
      {
        sourceId: source.id,
        source: `${PROJECT_USER} on 127.0.0.1`,
        kind: 'imap',
        ok: true,
        error: null,
        items: 24,
        requests: 0,
        warnings: [],
      },
    ])
    expect(await db.select().from(emailMessages).where(eq(emailMessages.sourceId, source.id))).toHaveLength(24)
    expect((await db.select().from(emailThreads).where(eq(emailThreads.sourceId, source.id))).length).toBeGreaterThan(5)
    // INBOX in pages of 5 (0, 5, 10, 15, 16, 16 done), then Sent (16 + 0, 5, 8, 8 done), then the end
    expect(progress.map((p) => p.done)).toEqual([0, 5, 10, 15, 16, 16, 16, 21, 24, 24, 24])
    expect(progress.map((p) => p.finished)).toEqual([...Array(10).fill(false), true])
    expect(await requireSource(source.id)).toMatchObject({ status: 'succeeded', itemsDone: 24, lastError: null })

    const again = await syncSources({ id: source.id })
    expect(again.sources[0]).toMatchObject({ ok: true, items: 0 })
    expect(await db.select().from(emailMessages)).toHaveLength(24)
  })

  it('reads the password from the environment variable the source names; a refused login fails the source with one line', async () => {
    process.env.TEST_MAILBOX_PASSWORD = PROJECT_PASSWORD
    const source = await addMailbox({ envVar: 'TEST_MAILBOX_PASSWORD' })
    expect((await syncSources({ id: source.id })).sources[0]).toMatchObject({ ok: true, items: 24 })

    await setSourceCredential({ id: source.id, secret: { value: 'not-the-password' }, actorId: null })
    const failed = await syncSources({ id: source.id })
    expect(failed.ok).toBe(false)
    expect(failed.sources[0]!.error).toBeTruthy()
    expect(failed.sources[0]!.error).not.toContain('\n')
    const stored = await requireSource(source.id)
    expect(stored).toMatchObject({ status: 'failed', lastError: failed.sources[0]!.error })
    // what the earlier sync stored stays
    expect(await db.select().from(emailMessages)).toHaveLength(24)
  })
})
