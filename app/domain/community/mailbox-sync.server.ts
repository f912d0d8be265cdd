// Syncs one mailbox source (issue 13; ADRs 012 and 014): INBOX and the folder the server marks
// \Sent, read-only, incrementally by UID under UIDVALIDITY.
//
// - Each page of messages is written in one transaction with the threads it touches and the
//   folder's new cursor, so a run killed at any moment resumes after the last page written, with
//   no gap and no duplicate; a second run with nothing new writes nothing.
// - A changed UIDVALIDITY removes what was stored of that folder (its UIDs now mean other
//   messages) in the transaction that resets its cursor; the folder is then read again from its
//   first message.
// - A folder no longer read (another folder marked \Sent) loses its messages; new project
//   addresses recompute every thread. Both before anything is fetched.
// - Bad configuration (a refused login, TLS failing, no \Sent folder, no project address) fails
//   before anything is written, with one line saying why: checkMailboxSource returns that line.
import { and, eq, notInArray, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client.server.ts'
import { refreshStatistics } from '#db/statistics.server.ts'
import { emailMessages, emailThreadIds, emailThreads, mailboxFolders } from '#db/schema/mailbox.ts'
import {
  type FolderCursor,
  type MailboxConfig,
  MailboxError,
  type MailFolder,
  openMailbox,
  probeMailbox,
} from '#app/integrations/imap/mailbox.server.ts'
import {
  directionsDisagree,
  lockMailboxSource,
  rethreadMailboxSource,
  storeEmailMessages,
  toEmailMessageRow,
} from './mailbox-store.server.ts'
import type { MailboxFolderRole } from './mailbox-vocabulary.ts'

export interface MailboxSource {
  id: string
  host: string
  port: number
  /** true: TLS from the first byte (993); false: plain IMAP, only to this machine */
  tls: boolean
  username: string
  /** in clear: the caller decrypts it (app/utils/secrets.server.ts) */
  password: string
  /** the addresses the project answers from; a message from one of them is a response */
  projectAddresses: string[]
}

export interface MailboxSyncProgress {
  sourceId: string
  folder: string
  role: MailboxFolderRole
  /** messages fetched from this folder in this run so far */
  fetched: number
  /** the folder is done */
  finished: boolean
}

export interface MailboxSyncHooks {
  /** Runs inside each page's transaction, before it commits (tests throw here to simulate a crash). */
  insidePage?: (info: { folder: string; page: number }) => void | Promise<void>
  /** Runs after each page has been committed. */
  afterPage?: (info: { folder: string; page: number }) => void | Promise<void>
}

export interface MailboxSyncOptions {
  onProgress?: (progress: MailboxSyncProgress) => void
  /** Stops between pages (and rolls back the page being written): what was committed stays. */
  signal?: AbortSignal
  /** messages per page and transaction; default 200 */
  batchSize?: number
  hooks?: MailboxSyncHooks
  /** connect and greeting timeout; default 15 s */
  timeoutMs?: number
}

export interface MailboxSyncResult {
  folders: Array<{ path: string; role: MailboxFolderRole; fetched: number; stored: number; resynced: boolean }>
  /** messages fetched from the server in this run */
  fetched: number
  /** messages newly stored */
  stored: number
  /** pages written (transactions) */
  pages: number
  /** whether every thread was recomputed (a folder dropped, new project addresses) */
  rethreaded: boolean
}

function configOf(source: MailboxSource, timeoutMs?: number): MailboxConfig {
  return {
    host: source.host,
    port: source.port,
    tls: source.tls,
    user: source.username,
    password: source.password,
    timeoutMs,
  }
}

function requireProjectAddresses(source: MailboxSource) {
  const addresses = source.projectAddresses.map((a) => a.trim()).filter(Boolean)
  if (addresses.length === 0) {
    throw new MailboxError(
      'configuration',
      `No project address is set for ${source.username}: name the addresses the project answers from, or no reply can be counted.`,
    )
  }
  const bad = addresses.find((a) => !/^[^@\s]+@[^@\s]+$/.test(a))
  if (bad) throw new MailboxError('configuration', `"${bad}" is not an e-mail address: project addresses look like help@example.org.`)
  return addresses
}

/**
 * What is wrong with the source's configuration, in one line, or null when it can be synced:
 * the login, TLS, the \Sent folder and the project addresses, checked against the server. Writes nothing.
 */
export async function checkMailboxSource(source: MailboxSource, options: { timeoutMs?: number } = {}): Promise<string | null> {
  try {
    requireProjectAddresses(source)
  } catch (error) {
    return (error as MailboxError).message
  }
  const probe = await probeMailbox(configOf(source, options.timeoutMs))
  return probe.ok ? null : probe.reason
}

function abortReason(signal: AbortSignal | undefined) {
  if (!signal?.aborted) return
  throw signal.reason instanceof Error ? signal.reason : new Error('The mailbox sync was stopped.')
}

/**
 * Brings the stored messages and threads of one mailbox source up to date with the server.
 * Throws a MailboxError (one line, in `message`) when the server or the configuration fails;
 * every page committed before a failure stays, and the next run resumes after it.
 */
export async function syncMailboxSource(
  handle: Database,
  source: MailboxSource,
  options: MailboxSyncOptions = {},
): Promise<MailboxSyncResult> {
  const projectAddresses = requireProjectAddresses(source)
  abortReason(options.signal)
  const mailbox = await openMailbox(configOf(source, options.timeoutMs))
  const result: MailboxSyncResult = { folders: [], fetched: 0, stored: 0, pages: 0, rethreaded: false }
  let written = 0
  try {
    const folders = await mailbox.listFolders()
    const inbox = folders.find((f) => f.specialUse === '\\Inbox') ?? ({ path: 'INBOX' } as MailFolder)
    const sent = await mailbox.findSentFolder(folders)
    const wanted: Array<{ path: string; role: MailboxFolderRole }> = [
      { path: inbox.path, role: 'inbox' },
      ...(sent.path === inbox.path ? [] : [{ path: sent.path, role: 'sent' as const }]),
    ]

    // Before fetching: forget folders no longer read, and rethread under new project addresses.
    result.rethreaded = await handle.transaction(async (tx) => {
      await lockMailboxSource(tx, source.id)
      const dropped = await tx
        .delete(mailboxFolders)
        .where(
          and(
            eq(mailboxFolders.sourceId, source.id),
            notInArray(
              mailboxFolders.path,
              wanted.map((w) => w.path),
            ),
          ),
        )
        .returning({ path: mailboxFolders.path })
      const stray = await tx
        .delete(emailMessages)
        .where(
          and(
            eq(emailMessages.sourceId, source.id),
            notInArray(
              emailMessages.folder,
              wanted.map((w) => w.path),
            ),
          ),
        )
        .returning({ uid: emailMessages.uid })
      if (dropped.length || stray.length || (await directionsDisagree(tx, source.id, projectAddresses))) {
        await rethreadMailboxSource(tx, source.id, projectAddresses)
        return true
      }
      return false
    })

    let page = 0
    for (const folder of wanted) {
      const [stored] = await handle
        .select()
        .from(mailboxFolders)
        .where(and(eq(mailboxFolders.sourceId, source.id), eq(mailboxFolders.path, folder.path)))
      const cursor: FolderCursor = stored
        ? { path: folder.path, uidValidity: stored.uidValidity, lastUid: stored.lastUid }
        : { path: folder.path }
      const report = { ...folder, fetched: 0, stored: 0, resynced: false }
      result.folders.push(report)
      options.onProgress?.({ sourceId: source.id, folder: folder.path, role: folder.role, fetched: 0, finished: false })

      for await (const batch of mailbox.fetchFolderSince(cursor, { batchSize: options.batchSize ?? 200 })) {
        abortReason(options.signal)
        page += 1
        const pageNumber = page
        if (batch.kind === 'resync') {
          report.resynced = true
          await handle.transaction(async (tx) => {
            await lockMailboxSource(tx, source.id)
            await tx.delete(emailMessages).where(and(eq(emailMessages.sourceId, source.id), eq(emailMessages.folder, folder.path)))
            await rethreadMailboxSource(tx, source.id, projectAddresses)
            await saveCursor(tx, source.id, folder, batch.uidValidity, 0)
            await options.hooks?.insidePage?.({ folder: folder.path, page: pageNumber })
            abortReason(options.signal)
          })
        } else {
          const rows = batch.messages.map((m) => toEmailMessageRow(source.id, m, projectAddresses))
          const inserted = await handle.transaction(async (tx) => {
            await lockMailboxSource(tx, source.id)
            const n = await storeEmailMessages(tx, source.id, rows, projectAddresses)
            await saveCursor(tx, source.id, folder, batch.uidValidity, batch.highestUid)
            await options.hooks?.insidePage?.({ folder: folder.path, page: pageNumber })
            abortReason(options.signal)
            return n
          })
          report.fetched += batch.messages.length
          report.stored += inserted
          result.fetched += batch.messages.length
          result.stored += inserted
          written += inserted
        }
        result.pages += 1
        await options.hooks?.afterPage?.({ folder: folder.path, page: pageNumber })
        options.onProgress?.({ sourceId: source.id, folder: folder.path, role: folder.role, fetched: report.fetched, finished: false })
      }
      options.onProgress?.({ sourceId: source.id, folder: folder.path, role: folder.role, fetched: report.fetched, finished: true })
    }
  } finally {
    await mailbox.close()
  }
  await refreshStatistics([emailMessages, emailThreads, emailThreadIds], written * 3, handle)
  return result
}

async function saveCursor(
  tx: DbOrTx,
  sourceId: string,
  folder: { path: string; role: MailboxFolderRole },
  uidValidity: number,
  lastUid: number,
) {
  await tx
    .insert(mailboxFolders)
    .values({ sourceId, path: folder.path, role: folder.role, uidValidity, lastUid, syncedAt: new Date() })
    .onConflictDoUpdate({
      target: [mailboxFolders.sourceId, mailboxFolders.path],
      set: {
        role: folder.role,
        uidValidity,
        // a page written twice (two runs at once) never moves the cursor back
        lastUid: sql`case when ${mailboxFolders.uidValidity} = ${uidValidity} then greatest(${mailboxFolders.lastUid}, ${lastUid}) else ${lastUid} end`,
        syncedAt: new Date(),
      },
    })
}
