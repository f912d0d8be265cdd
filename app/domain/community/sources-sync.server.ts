// Syncing every community source of every kind (GitHub repositories, forums and mailboxes): what
// `sync sources`, the hourly job and the sources page's "Sync now" call. Repositories are synced by
// github-sync.server.ts (the same call as `sync github`); forums by forum-sync.server.ts; mailboxes
// by mailbox-sync.server.ts, through syncImapSource below (the password decrypted, or read from the
// environment variable the source names, the source's status and progress kept up to date).
import { and, eq, gt, or } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { type Repository, repositories } from '#db/schema/community.ts'
import { type CommunitySource, communitySources } from '#db/schema/sources.ts'
import { DomainError } from '#app/domain/errors.ts'
import { MailboxError } from '#app/integrations/imap/mailbox.server.ts'
import { enqueueJob } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import { type ForumSyncOptions, type SourceSyncProgress, type SourceSyncReport, syncForumSource } from './forum-sync.server.ts'
import type { RepositorySyncReport, SyncProgress } from './github-ingestion.server.ts'
import { syncGithub, type SyncGithubOptions } from './github-sync.server.ts'
import { syncMailboxSource } from './mailbox-sync.server.ts'
import { fullName, parseRepositoryName } from './repositories.ts'
import { listActiveRepositories, markSyncQueued, requireRepositoryByFullName } from './repositories.server.ts'
import { findSource, listActiveSources, markSourcesQueued, readSourceSecret, requireSource } from './sources.server.ts'

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
  /** one source: a forum's or mailbox's id, a repository's id, or a repository as OWNER/NAME; every active source when omitted */
  id?: string
  forum?: ForumSyncOptions['client']
  /** mailbox sync settings (tests: smaller pages, a shorter timeout) */
  imap?: Pick<ImapSyncOptions, 'batchSize' | 'timeoutMs'>
  /** the GitHub client (tests: the stand-in's) and its rate-limit waits */
  github?: Pick<SyncGithubOptions, 'client' | 'onWait'>
  now?: () => Date
  /** a forum's or mailbox's progress */
  onProgress?: (progress: SourceSyncProgress) => void
  /** a repository's progress, kind by kind, as `sync github` reports it */
  onGithubProgress?: (progress: SyncProgress) => void
  /** leave out sources another process is syncing right now (the job sets it) */
  skipRunning?: boolean
}

export interface SyncSourcesResult {
  /** the GitHub repositories synced, first */
  repositories: RepositorySyncReport[]
  /** then the forums and mailboxes */
  sources: SourceSyncReport[]
  /** names of sources (and repositories) left out because another sync of them was running */
  skipped: string[]
  /** requests to every service together */
  requests: number
  ok: boolean
  /** GitHub's budget after the sync, when a repository was synced */
  rateLimit: { remaining: number; resetAt: Date } | null
}

/** A run that has said nothing for this long is taken to have died (the next sync resumes it). */
const STALE_AFTER_MS = 15 * 60_000

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * What `--id` names: a forum or mailbox by its id, a GitHub repository by its id or as OWNER/NAME
 * (both as `source list` shows them). Sources and repositories are kept in two tables, each with
 * random UUIDs, so an id naming both is all but impossible; should it happen, the id is refused and
 * OWNER/NAME asked for rather than one picked silently.
 */
export async function resolveSyncTarget(id: string): Promise<{ source: CommunitySource } | { repository: Repository }> {
  const trimmed = id.trim()
  if (!UUID.test(trimmed)) {
    if (parseRepositoryName(trimmed)) return { repository: await requireActiveRepository(await requireRepositoryByFullName(trimmed)) }
    throw new DomainError(`“${id}” is neither a source's id nor a repository's OWNER/NAME: \`source list\` shows them.`, 'id')
  }
  const [source, repository] = await Promise.all([
    findSource(trimmed),
    db
      .select()
      .from(repositories)
      .where(eq(repositories.id, trimmed.toLowerCase()))
      .then((rows) => rows[0]),
  ])
  if (source && repository) {
    throw new DomainError(
      `The id ${trimmed} names both ${source.name} and the repository ${fullName(repository)}: give the repository as OWNER/NAME, or sync the other one with its id after removing the repository's.`,
      'id',
    )
  }
  if (repository) return { repository: await requireActiveRepository(repository) }
  if (!source) throw new DomainError(`No source has the id ${trimmed}: \`source list\` shows them.`, 'id')
  if (!source.active) throw new DomainError(`${source.name} was removed: add it again to sync it.`, 'id')
  return { source }
}

async function requireActiveRepository(repository: Repository) {
  if (!repository.active) throw new DomainError(`${fullName(repository)} is no longer tracked: add it again to sync it.`, 'id')
  return repository
}

/**
 * Syncs the GitHub repositories (through syncGithub, as `sync github` does), then the forums and
 * mailboxes, one after the other. A source that fails records its reason in one line; the others
 * still run.
 */
export async function syncSources(options: SyncSourcesOptions = {}): Promise<SyncSourcesResult> {
  const now = options.now ?? (() => new Date())
  const target = options.id ? await resolveSyncTarget(options.id) : null
  let targets: CommunitySource[] = target ? ('source' in target ? [target.source] : []) : await listActiveSources()
  const skipped: string[] = []

  // GitHub first: every active repository, or the one asked for; none when one forum or mailbox was asked for.
  const github =
    target && 'source' in target
      ? null
      : await syncGithub({
          repository: target && 'repository' in target ? fullName(target.repository) : undefined,
          client: options.github?.client,
          onWait: options.github?.onWait,
          now: options.now,
          onProgress: options.onGithubProgress,
          skipRunning: options.skipRunning,
        })
  if (github) skipped.push(...github.skipped)

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
  const repositoryReports = github?.repositories ?? []
  return {
    repositories: repositoryReports,
    sources: reports,
    skipped,
    requests: (github?.requests ?? 0) + reports.reduce((sum, r) => sum + r.requests, 0),
    ok: reports.every((r) => r.ok) && repositoryReports.every((r) => r.ok),
    rateLimit: github?.rateLimit ?? null,
  }
}

/** "Sync now" on the sources page: queues the background job (one forum or mailbox, or every source of every kind). */
export async function queueSourcesSync(input: { id?: string }) {
  const ids = input.id ? [(await requireSource(input.id)).id] : (await listActiveSources()).map((s) => s.id)
  await markSourcesQueued(ids)
  if (!input.id) await markSyncQueued((await listActiveRepositories()).map((r) => r.id))
  try {
    await enqueueJob(QUEUES.sourcesSync, input.id ? { sourceId: input.id } : {})
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DomainError(
      `Could not queue the sync: ${reason}. Start Steward with its worker (npm start), or run npm run steward -- sync sources.`,
    )
  }
}
