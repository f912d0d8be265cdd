// A mailbox sync killed for real (SIGKILL of its process, mid-transaction or just after a commit)
// resumes to exactly the mailbox's data: on PostgreSQL (with DATABASE_URL) and on the embedded
// database in a data directory, as `npm start` runs it.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Database, db, migrateDatabase, openDatabase, type OpenOptions } from '#db/client.server.ts'
import { emailMessages, emailThreadIds, emailThreads, mailboxFolders } from '#db/schema/mailbox.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { insertMailboxSources, mailboxSourceId } from '#tests/setup/mailbox-source.ts'
import { PROJECT_ADDRESSES, PROJECT_MAILBOX, PROJECT_MAILBOX_MORE, PROJECT_PASSWORD, PROJECT_USER } from '#tests/setup/project-mailbox.ts'
import { type MailboxSource, syncMailboxSource } from './mailbox-sync.server.ts'

const CHILD = fileURLToPath(new URL('../../../tests/setup/mailbox-sync-child.ts', import.meta.url))

/** What is stored for the source, without the source id. */
async function snapshot(handle: Database, n: number) {
  const sourceId = mailboxSourceId(n)
  const folders = await handle
    .select({ path: mailboxFolders.path, uidValidity: mailboxFolders.uidValidity, lastUid: mailboxFolders.lastUid })
    .from(mailboxFolders)
    .where(eq(mailboxFolders.sourceId, sourceId))
    .orderBy(asc(mailboxFolders.path))
  const messages = (
    await handle
      .select()
      .from(emailMessages)
      .where(eq(emailMessages.sourceId, sourceId))
      .orderBy(asc(emailMessages.folder), asc(emailMessages.uid))
  ).map(({ sourceId: _, ...m }) => m)
  const threads = (await handle.select().from(emailThreads).where(eq(emailThreads.sourceId, sourceId))).map(({ sourceId: _, ...t }) => t)
  const ids = (await handle.select().from(emailThreadIds).where(eq(emailThreadIds.sourceId, sourceId))).map(({ sourceId: _, ...i }) => i)
  const byId = <T extends { threadId: string }>(rows: T[], key: (r: T) => string) => rows.sort((a, b) => (key(a) < key(b) ? -1 : 1))
  return { folders, messages, threads: byId(threads, (t) => t.threadId), ids: byId(ids, (i) => i.messageId) }
}

/** Runs the sync in a child process and kills it with SIGKILL when it prints `line`. */
async function syncAndKill(database: OpenOptions, source: MailboxSource, line: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ database, source, batchSize: 3 })], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  })
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (output.split('\n').includes(line)) child.kill('SIGKILL')
  })
  const how = await exited
  if (how !== 'SIGKILL') throw new Error(`the sync ended (${how}) before "${line}":\n${output}\n${errors}`)
  return output
}

describeWithDovecot('a mailbox sync killed with SIGKILL', () => {
  setupTestDatabase()
  let dovecot: DovecotServer
  let dataDir: string
  const source = (n: number): MailboxSource => ({
    id: mailboxSourceId(n),
    host: '127.0.0.1',
    port: dovecot.port,
    tls: false,
    username: PROJECT_USER,
    password: PROJECT_PASSWORD,
    projectAddresses: PROJECT_ADDRESSES,
  })

  beforeAll(async () => {
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD } })
    await dovecot.append(PROJECT_USER, [...PROJECT_MAILBOX, ...PROJECT_MAILBOX_MORE])
    dataDir = mkdtempSync(path.join(tmpdir(), 'steward-mailbox-kill-'))
  })
  afterAll(async () => {
    await dovecot?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('resumes to exactly the mailbox’s data, killed inside a page’s transaction or just after its commit', async () => {
    // The reference: one uninterrupted sync into this file's test database.
    await insertMailboxSources(db, 1, 2, 3)
    await syncMailboxSource(db, source(1), { batchSize: 3 })
    const expected = await snapshot(db, 1)

    const url = testDatabaseUrl()
    const database: OpenOptions = url ? { kind: 'postgres', url, max: 2 } : { kind: 'pglite', dataDir, command: 'mailbox kill test' }
    if (!url) {
      const handle = await openDatabase(database)
      await migrateDatabase(handle)
      await insertMailboxSources(handle.db, 2, 3)
      await handle.close()
    }
    // 16 INBOX messages in pages of 3 (pages 1–6), then Sent (pages 7–9)
    const kills: Array<[number, string]> = [
      [2, 'INSIDE 3'],
      [3, 'COMMITTED 7'],
    ]
    for (const [sourceId, line] of kills) {
      await syncAndKill(database, source(sourceId), line)
      const handle = url ? { db, close: async () => {} } : await openDatabase(database)
      try {
        const kept = await handle.db
          .select()
          .from(mailboxFolders)
          .where(eq(mailboxFolders.sourceId, mailboxSourceId(sourceId)))
        // killed inside page n: pages 1..n-1 stayed; after page n's commit: 1..n
        const pages = line.startsWith('INSIDE') ? Number(line.split(' ')[1]) - 1 : Number(line.split(' ')[1])
        expect(kept.find((f) => f.path === 'INBOX')?.lastUid).toBe(Math.min(16, pages * 3))
        if (pages === 7) expect(kept.find((f) => f.path === 'Sent')?.lastUid).toBe(3)
        await syncMailboxSource(handle.db, source(sourceId), { batchSize: 3 })
        expect(await snapshot(handle.db, sourceId), line).toEqual(expected)
      } finally {
        await handle.close()
      }
    }
  }, 180_000)
})
