// Syncing every community source (forums and mailboxes): what `sync sources`, the hourly job
// and the sources page's "Sync now" call. Forums are synced by forum-sync.server.ts; mailboxes by
// the mailbox sync, when it is part of this build (see mailboxSync below).
import { and, eq, gt, or } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { type CommunitySource, communitySources } from '#db/schema/sources.ts'
import { DomainError } from '#app/domain/errors.ts'
import { enqueueJob } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import { type ForumSyncOptions, type SourceSyncProgress, type SourceSyncReport, syncForumSource } from './forum-sync.server.ts'
import { listActiveSources, markSourcesQueued, requireSource } from './sources.server.ts'

export type { SourceSyncProgress, SourceSyncReport }

/**
 * The mailbox sync, `syncMailboxSource(db, source, { onProgress })` from mailbox-sync.server.ts.
 * Not part of this build yet: wire it here when it is (one import and this line).
 */
type MailboxSync = (
  database: typeof db,
  source: CommunitySource,
  options: { onProgress?: (progress: SourceSyncProgress) => void },
) => Promise<SourceSyncReport>
const mailboxSync: MailboxSync | null = null

export const MAILBOX_SYNC_MISSING = 'mailbox sync not available yet: this build of Steward stores mailboxes but cannot read them.'

export interface SyncSourcesOptions {
  /** one source; every active source when omitted */
  id?: string
  forum?: ForumSyncOptions['client']
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
    } else if (mailboxSync) {
      reports.push(await mailboxSync(db, source, { onProgress: options.onProgress }))
    } else {
      await db
        .update(communitySources)
        .set({ status: 'failed', lastError: MAILBOX_SYNC_MISSING, lastErrorAt: now(), updatedAt: now() })
        .where(eq(communitySources.id, source.id))
      reports.push({
        sourceId: source.id,
        source: source.name,
        kind: source.kind,
        ok: false,
        error: MAILBOX_SYNC_MISSING,
        items: 0,
        requests: 0,
        warnings: [],
      })
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
