// Syncing every community source (forums and mailboxes): what `sync sources`, the hourly job
// and the sources page's "Sync now" call. Forums are synced by forum-sync.server.ts; mailboxes by
// mailbox-sync.server.ts, through syncImapSource below (the password decrypted, or read from the
// environment variable the source names, the source's status and progress kept up to date).
import { and, eq, gt, or } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { type CommunitySource, communitySources } from '#db/schema/sources.ts'
import { DomainError } from '#app/domain/errors.ts'
import { MailboxError } from '#app/integrations/imap/mailbox.server.ts'
import { enqueueJob } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import { type ForumSyncOptions, type SourceSyncProgress, type SourceSyncReport, syncForumSource } from './forum-sync.server.ts'
import { syncMailboxSource } from './mailbox-sync.server.ts'
import { listActiveSources, markSourcesQueued, readSourceSecret, requireSource } from './sources.server.ts'

export type { SourceSyncProgress, SourceSyncReport }

export interface ImapSyncOptions {
  now?: () => Date
  onProgress?: (progress: SourceSyncProgress) => void
  /** messages per page and transaction (the mailbox sync's default when omitted) */
  batchSize?: number
  /** connect and greeting timeout */
  timeoutMs?: number
}

/**
 * Syncs one mailbox source: INBOX and Sent into the mailbox tables, page by page (resumable), with
 * the source's status, messages written so far and last error kept on its row. A refused login, an
 * unreachable server or a missing password fails the source with one line; nothing else stops.
 */
export async function syncImapSource(source: CommunitySource, options: ImapSyncOptions = {}): Promise<SourceSyncReport> {
  const now = options.now ?? (() => new Date())
  let fetched = 0
  let stored = 0
  const report = (ok: boolean, error: string | null): SourceSyncReport => ({
    sourceId: source.id,
    source: source.name,
    kind: source.kind,
    ok,
    error,
    items: stored,
    requests: 0,
    warnings: [],
  })
  await db
    .update(communitySources)
    .set({ status: 'running', startedAt: now(), finishedAt: null, itemsDone: 0, itemsTotal: null, requestsUsed: 0, updatedAt: now() })
    .where(eq(communitySources.id, source.id))
  try {
    if (!source.host || !source.username) throw new DomainError('This mailbox source has no server or user name: add it again.')
    const password = readSourceSecret(source, 'password')
    if (!password) throw new DomainError(`No password is set for ${source.name}: set one on the sources page.`)
    const tls = source.tls ?? true
    // what was fetched in folders already done, plus the current folder's count
    let doneFolders = 0
    const result = await syncMailboxSource(
      db,
      {
        id: source.id,
        host: source.host,
        port: source.port ?? (tls ? 993 : 143),
        tls,
        username: source.username,
        password,
        projectAddresses: source.projectAddresses,
      },
      {
        batchSize: options.batchSize,
        timeoutMs: options.timeoutMs,
        onProgress: (p) => {
          fetched = doneFolders + p.fetched
          if (p.finished) doneFolders = fetched
          options.onProgress?.({
            sourceId: source.id,
            source: source.name,
            kind: source.kind,
            done: fetched,
            total: null,
            requests: 0,
            finished: false,
          })
        },
        hooks: {
          // the page is committed: the sources page shows how far the sync has come
          afterPage: async () => {
            await db.update(communitySources).set({ itemsDone: fetched, updatedAt: now() }).where(eq(communitySources.id, source.id))
          },
        },
      },
    )
    stored = result.stored
    await db
      .update(communitySources)
      .set({
        status: 'succeeded',
        finishedAt: now(),
        lastSuccessAt: now(),
        lastError: null,
        lastErrorAt: null,
        itemsDone: result.fetched,
        updatedAt: now(),
      })
      .where(eq(communitySources.id, source.id))
    options.onProgress?.({
      sourceId: source.id,
      source: source.name,
      kind: source.kind,
      done: result.fetched,
      total: null,
      requests: 0,
      finished: true,
    })
    return report(true, null)
  } catch (error) {
    const known = error instanceof MailboxError || error instanceof DomainError
    if (!known) throw error
    await db
      .update(communitySources)
      .set({ status: 'failed', finishedAt: now(), lastError: error.message, lastErrorAt: now(), itemsDone: fetched, updatedAt: now() })
      .where(eq(communitySources.id, source.id))
    return report(false, error.message)
  }
}

export interface SyncSourcesOptions {
  /** one source; every active source when omitted */
  id?: string
  forum?: ForumSyncOptions['client']
  /** mailbox sync settings (tests: smaller pages, a shorter timeout) */
  imap?: Pick<ImapSyncOptions, 'batchSize' | 'timeoutMs'>
  now?: () => Date
  onProgress?: (progress: SourceSyncProgress) => void
  /** leave out sources another process is syncing right now (the job sets it) */
  skipRunning?: boolean
}

export interface SyncSourcesResult {
  sources: SourceSyncReport[]
  /** names of sources left out because another sync of them was running */
  skipped: string[]
  requests: number
  ok: boolean
}

/** A run that has said nothing for this long is taken to have died (the next sync resumes it). */
const STALE_AFTER_MS = 15 * 60_000

export async function syncSources(options: SyncSourcesOptions = {}): Promise<SyncSourcesResult> {
  const now = options.now ?? (() => new Date())
  let targets: CommunitySource[]
  if (options.id) {
    const source = await requireSource(options.id)
    if (!source.active) throw new DomainError(`${source.name} was removed: add it again to sync it.`, 'id')
    targets = [source]
  } else targets = await listActiveSources()
  const skipped: string[] = []
  if (options.skipRunning) {
    const busy = await db
      .select({ id: communitySources.id, name: communitySources.name })
      .from(communitySources)
      .where(and(or(eq(communitySources.status, 'running')), gt(communitySources.updatedAt, new Date(now().getTime() - STALE_AFTER_MS))))
    const ids = new Set(busy.map((b) => b.id))
    skipped.push(...targets.filter((t) => ids.has(t.id)).map((t) => t.name))
    targets = targets.filter((t) => !ids.has(t.id))
  }
  const reports: SourceSyncReport[] = []
  for (const source of targets) {
    if (source.kind === 'discourse') {
      reports.push(await syncForumSource(source, { client: options.forum, now: options.now, onProgress: options.onProgress }))
    } else {
      reports.push(await syncImapSource(source, { ...options.imap, now: options.now, onProgress: options.onProgress }))
    }
  }
  return {
    sources: reports,
    skipped,
    requests: reports.reduce((sum, r) => sum + r.requests, 0),
    ok: reports.every((r) => r.ok),
  }
}

/** "Sync now" on the sources page: queues the background job. */
export async function queueSourcesSync(input: { id?: string }) {
  const ids = input.id ? [(await requireSource(input.id)).id] : (await listActiveSources()).map((s) => s.id)
  await markSourcesQueued(ids)
  try {
    await enqueueJob(QUEUES.sourcesSync, input.id ? { sourceId: input.id } : {})
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DomainError(
      `Could not queue the sync: ${reason}. Start Steward with its worker (npm start), or run npm run steward -- sync sources.`,
    )
  }
}
