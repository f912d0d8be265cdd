// The GitHub sync of one repository: its snapshot, issues, pull requests, discussions and the
// default branch's commits.
//
// Items are paged newest-updated first and the run stops at the stored watermark, so an
// unchanged repository costs one request per kind. Each page is written in one transaction with
// upserts, together with the cursor and progress, so a run killed at any moment resumes at the
// last written page: no gaps (the watermark moves only when a run reaches the old one) and no
// duplicates (upserts on GitHub's node ids and commit shas).
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  commits,
  githubItemEvents,
  githubItems,
  type GithubItemKind,
  type Repository,
  repositories,
  repositorySnapshots,
  type SyncKind,
  syncStates,
  type SyncState,
} from '#db/schema/community.ts'
import { GithubError, type GithubClient } from './client.server.ts'
import { commitRowOf, itemRowOf, type AnyItemNode } from './normalize.ts'
import {
  COMMITS_QUERY,
  type CommitsAnswer,
  DISCUSSIONS_QUERY,
  ISSUES_QUERY,
  type ItemsAnswer,
  PAGE_SIZE,
  PULL_REQUESTS_QUERY,
  REPOSITORY_QUERY,
  type RepositoryAnswer,
} from './queries.ts'

export const SYNC_ORDER: SyncKind[] = ['repository', 'issue', 'pull_request', 'discussion', 'commit']

export interface SyncProgress {
  repository: string
  kind: SyncKind
  done: number
  total: number | null
  requests: number
  finished: boolean
}

export interface SyncHooks {
  /** Runs inside each page's transaction, before it commits (tests throw here to simulate a crash). */
  insidePage?: (info: { kind: SyncKind; page: number }) => void | Promise<void>
  /** Runs after each page has been committed. */
  afterPage?: (info: { kind: SyncKind; page: number }) => void | Promise<void>
}

export interface SyncRepositoryOptions {
  client: GithubClient
  kinds?: SyncKind[]
  now?: () => Date
  onProgress?: (progress: SyncProgress) => void
  hooks?: SyncHooks
}

export interface KindReport {
  kind: SyncKind
  requests: number
  written: number
  total: number | null
  error?: string
}

export interface RepositorySyncReport {
  repository: string
  requests: number
  kinds: KindReport[]
  ok: boolean
}

const ITEM_QUERIES: Record<GithubItemKind, string> = {
  issue: ISSUES_QUERY,
  pull_request: PULL_REQUESTS_QUERY,
  discussion: DISCUSSIONS_QUERY,
}

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)

/** `set` for an upsert: every given column takes the proposed row's value. */
function excludedSet<T extends PgTable>(table: T, keys: string[]): Record<string, SQL> {
  const columns = table as unknown as Record<string, PgColumn>
  return Object.fromEntries(keys.filter((k) => k in columns).map((k) => [k, sql.raw(`excluded.${snake(k)}`)]))
}

export function fullName(repo: Pick<Repository, 'owner' | 'name'>) {
  return `${repo.owner}/${repo.name}`
}

export async function readSyncState(repositoryId: string, kind: SyncKind, tx: DbOrTx = db): Promise<SyncState | undefined> {
  const [row] = await tx
    .select()
    .from(syncStates)
    .where(and(eq(syncStates.repositoryId, repositoryId), eq(syncStates.kind, kind)))
  return row
}

async function saveSyncState(tx: DbOrTx, repositoryId: string, kind: SyncKind, patch: Partial<typeof syncStates.$inferInsert>) {
  const values = { ...patch, repositoryId, kind, updatedAt: new Date() }
  await tx
    .insert(syncStates)
    .values(values)
    .onConflictDoUpdate({ target: [syncStates.repositoryId, syncStates.kind], set: { ...patch, updatedAt: values.updatedAt } })
}

function budgetOf(client: GithubClient) {
  return client.rateLimit ? { rateLimitRemaining: client.rateLimit.remaining, rateLimitResetAt: client.rateLimit.resetAt } : {}
}

/** Writes one page of items and their events; returns how many items it wrote. */
async function writeItems(tx: DbOrTx, repositoryId: string, kind: GithubItemKind, nodes: AnyItemNode[], syncedAt: Date) {
  if (nodes.length === 0) return 0
  const mapped = nodes.map((node) => itemRowOf(kind, node))
  const rows = mapped.map(({ item }) => ({ ...item, repositoryId, syncedAt }))
  const keys = Object.keys(rows[0]).filter((k) => k !== 'nodeId')
  const written = await tx
    .insert(githubItems)
    .values(rows)
    .onConflictDoUpdate({ target: githubItems.nodeId, set: excludedSet(githubItems, keys) })
    .returning({ id: githubItems.id, nodeId: githubItems.nodeId })
  const idOf = new Map(written.map((w) => [w.nodeId, w.id]))
  const events = mapped.flatMap(({ item, events }) => events.map((e) => ({ ...e, itemId: idOf.get(item.nodeId)!, repositoryId })))
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000)
    await tx
      .insert(githubItemEvents)
      .values(chunk)
      .onConflictDoUpdate({ target: githubItemEvents.nodeId, set: excludedSet(githubItemEvents, ['itemId', 'repositoryId', 'kind', 'actorLogin', 'actorIsBot', 'reviewState', 'occurredAt']) })
  }
  return rows.length
}

class KindRun {
  page = 0
  private mark: number
  readonly requestsAtStart: number
  constructor(
    readonly repo: Repository,
    readonly kind: SyncKind,
    readonly options: SyncRepositoryOptions,
  ) {
    this.requestsAtStart = options.client.requests
    this.mark = options.client.requests
  }
  /** Requests of this run so far (this process). */
  get requests() {
    return this.options.client.requests - this.requestsAtStart
  }
  /** Requests since the last call: added to the stored figure, which survives resumes. */
  takeRequests() {
    const taken = this.options.client.requests - this.mark
    this.mark = this.options.client.requests
    return taken
  }
  now() {
    return this.options.now?.() ?? new Date()
  }
  progress(done: number, total: number | null, finished: boolean) {
    this.options.onProgress?.({ repository: fullName(this.repo), kind: this.kind, done, total, requests: this.requests, finished })
  }
  /** One page in one transaction: the data, then the state that says it is there. */
  async commitPage(write: (tx: DbOrTx) => Promise<void>) {
    this.page += 1
    const page = this.page
    await db.transaction(async (tx) => {
      await write(tx)
      await this.options.hooks?.insidePage?.({ kind: this.kind, page })
    })
    await this.options.hooks?.afterPage?.({ kind: this.kind, page })
  }
}

/** Starts a run of one kind, or picks up an interrupted one where its cursor stands. */
async function beginKind(run: KindRun): Promise<SyncState> {
  const state = await readSyncState(run.repo.id, run.kind)
  const resuming = Boolean(state?.cursor)
  await saveSyncState(db, run.repo.id, run.kind, {
    status: 'running',
    ...(resuming ? {} : { startedAt: run.now(), itemsDone: 0, itemsTotal: null, requestsUsed: 0, pendingWatermark: null, finishedAt: null }),
  })
  return (await readSyncState(run.repo.id, run.kind))!
}

function finished(run: KindRun, state: SyncState, written: number) {
  return {
    status: 'succeeded' as const,
    watermark: state.pendingWatermark ?? state.watermark,
    pendingWatermark: null,
    cursor: null,
    itemsDone: written,
    requestsUsed: state.requestsUsed + run.takeRequests(),
    finishedAt: run.now(),
    lastSuccessAt: run.now(),
    lastError: null,
    lastErrorAt: null,
    ...budgetOf(run.options.client),
  }
}

async function syncRepositoryInfo(run: KindRun) {
  await beginKind(run)
  const { client } = run.options
  const answer = await client.query<RepositoryAnswer>(REPOSITORY_QUERY, { owner: run.repo.owner, name: run.repo.name })
  const info = answer.repository
  if (!info) throw new GithubError('not-found', `GitHub does not know ${fullName(run.repo)}, or the token cannot read it.`)
  const now = run.now()
  await run.commitPage(async (tx) => {
    await tx
      .update(repositories)
      .set({ nodeId: info.id, defaultBranch: info.defaultBranchRef?.name ?? null, hasDiscussions: info.hasDiscussionsEnabled })
      .where(eq(repositories.id, run.repo.id))
    const snapshot = { stars: info.stargazerCount, forks: info.forkCount, watchers: info.watchers.totalCount, takenAt: now }
    await tx
      .insert(repositorySnapshots)
      .values({ repositoryId: run.repo.id, day: now.toISOString().slice(0, 10), ...snapshot })
      .onConflictDoUpdate({ target: [repositorySnapshots.repositoryId, repositorySnapshots.day], set: snapshot })
    const state = (await readSyncState(run.repo.id, run.kind, tx))!
    await saveSyncState(tx, run.repo.id, run.kind, { ...finished(run, state, 1), itemsTotal: 1 })
  })
  run.repo.hasDiscussions = info.hasDiscussionsEnabled
  run.repo.defaultBranch = info.defaultBranchRef?.name ?? null
  run.progress(1, 1, true)
  return 1
}

async function syncItems(run: KindRun, kind: GithubItemKind) {
  let state = await beginKind(run)
  if (kind === 'discussion' && !run.repo.hasDiscussions) {
    await saveSyncState(db, run.repo.id, run.kind, { ...finished(run, state, 0), itemsTotal: 0 })
    run.progress(0, 0, true)
    return 0
  }
  const watermark = state.watermark
  let written = state.itemsDone
  const fetchPage = (after: string | null) =>
    run.options.client.query<ItemsAnswer<AnyItemNode>>(ITEM_QUERIES[kind], { owner: run.repo.owner, name: run.repo.name, first: PAGE_SIZE, after })
  let next = fetchPage(state.cursor)
  for (;;) {
    const answer = await next
    const connection = answer.repository?.items
    if (!connection) throw new GithubError('not-found', `GitHub does not know ${fullName(run.repo)}, or the token cannot read it.`)
    const nodes = connection.nodes.filter(Boolean)
    // Items updated at the watermark are written again (harmless); older ones end the run.
    const fresh = watermark ? nodes.filter((n) => new Date(n.updatedAt) >= watermark) : nodes
    const done = fresh.length < nodes.length || !connection.pageInfo.hasNextPage
    const newest = nodes.reduce<Date | null>((max, n) => (max && max >= new Date(n.updatedAt) ? max : new Date(n.updatedAt)), null)
    const pendingWatermark = state.pendingWatermark ?? newest
    const cursor = connection.pageInfo.endCursor ?? state.cursor
    // Ask for the next page while this one is written; a crash just drops the answer.
    const prefetch = done ? null : fetchPage(cursor)
    prefetch?.catch(() => {})
    let requestsUsed = state.requestsUsed
    await run.commitPage(async (tx) => {
      written += await writeItems(tx, run.repo.id, kind, fresh, run.now())
      if (done) await saveSyncState(tx, run.repo.id, run.kind, { ...finished(run, { ...state, pendingWatermark }, written), itemsTotal: connection.totalCount })
      else {
        requestsUsed += run.takeRequests()
        await saveSyncState(tx, run.repo.id, run.kind, {
          itemsDone: written,
          itemsTotal: connection.totalCount,
          pendingWatermark,
          cursor,
          requestsUsed,
          ...budgetOf(run.options.client),
        })
      }
    })
    run.progress(written, connection.totalCount, done)
    if (done || !prefetch) return written
    state = { ...state, itemsDone: written, itemsTotal: connection.totalCount, pendingWatermark, cursor, requestsUsed }
    next = prefetch
  }
}

async function syncCommits(run: KindRun) {
  let state = await beginKind(run)
  // The query finds the default branch itself (an empty repository has none: nothing to do).
  // `since` is inclusive: the last stored commit comes back once more, so an unchanged branch costs one request.
  const since = state.watermark?.toISOString() ?? null
  let written = state.itemsDone
  const fetchPage = (after: string | null) =>
    run.options.client.query<CommitsAnswer>(COMMITS_QUERY, { owner: run.repo.owner, name: run.repo.name, first: PAGE_SIZE, after, since })
  let next = fetchPage(state.cursor)
  for (;;) {
    const answer = await next
    const target = answer.repository?.defaultBranchRef?.target
    const history = target && 'history' in target ? target.history : null
    if (!history) {
      await saveSyncState(db, run.repo.id, run.kind, { ...finished(run, state, written), itemsTotal: 0 })
      run.progress(written, 0, true)
      return written
    }
    const rows = history.nodes.map(commitRowOf)
    const newest = rows.reduce<Date | null>((max, c) => (max && max >= c.committedAt ? max : c.committedAt), null)
    const pendingWatermark = state.pendingWatermark ?? newest
    const done = !history.pageInfo.hasNextPage
    const cursor = history.pageInfo.endCursor
    const prefetch = done ? null : fetchPage(cursor)
    prefetch?.catch(() => {})
    let requestsUsed = state.requestsUsed
    await run.commitPage(async (tx) => {
      if (rows.length > 0) {
        const values = rows.map((r) => ({ ...r, repositoryId: run.repo.id }))
        await tx
          .insert(commits)
          .values(values)
          .onConflictDoUpdate({ target: [commits.repositoryId, commits.sha], set: excludedSet(commits, ['authoredAt', 'committedAt', 'authorLogin', 'authorName', 'authorKey', 'isBot', 'isMerge']) })
        written += rows.length
      }
      if (done) await saveSyncState(tx, run.repo.id, run.kind, { ...finished(run, { ...state, pendingWatermark }, written), itemsTotal: history.totalCount })
      else {
        requestsUsed += run.takeRequests()
        await saveSyncState(tx, run.repo.id, run.kind, { itemsDone: written, itemsTotal: history.totalCount, pendingWatermark, cursor, requestsUsed, ...budgetOf(run.options.client) })
      }
    })
    run.progress(written, history.totalCount, done)
    if (done || !prefetch) return written
    state = { ...state, itemsDone: written, itemsTotal: history.totalCount, pendingWatermark, cursor, requestsUsed }
    next = prefetch
  }
}

/** The words a person sees for a failed sync. */
export function plainError(error: unknown): string {
  if (error instanceof GithubError) return error.message
  if (error instanceof Error) return `The sync stopped unexpectedly: ${error.message}`
  return `The sync stopped unexpectedly: ${String(error)}`
}

/**
 * Syncs one repository, kind by kind. A kind that fails records its error in plain words and
 * keeps its cursor (the next run resumes there); the other kinds still run.
 */
export async function syncRepository(repo: Repository, options: SyncRepositoryOptions): Promise<RepositorySyncReport> {
  const kinds = options.kinds ?? SYNC_ORDER
  const report: RepositorySyncReport = { repository: fullName(repo), requests: 0, kinds: [], ok: true }
  const requestsBefore = options.client.requests
  const current = { ...repo }
  for (const kind of SYNC_ORDER.filter((k) => kinds.includes(k))) {
    const run = new KindRun(current, kind, options)
    const startRequests = options.client.requests
    try {
      const written =
        kind === 'repository' ? await syncRepositoryInfo(run) : kind === 'commit' ? await syncCommits(run) : await syncItems(run, kind)
      const state = await readSyncState(repo.id, kind)
      report.kinds.push({ kind, requests: options.client.requests - startRequests, written, total: state?.itemsTotal ?? null })
    } catch (error) {
      const message = plainError(error)
      await saveSyncState(db, repo.id, kind, { status: 'failed', lastError: message, lastErrorAt: run.now(), finishedAt: run.now(), ...budgetOf(options.client) })
      await db
        .update(syncStates)
        .set({ requestsUsed: sql`${syncStates.requestsUsed} + ${run.takeRequests()}` })
        .where(and(eq(syncStates.repositoryId, repo.id), eq(syncStates.kind, kind)))
      report.kinds.push({ kind, requests: options.client.requests - startRequests, written: 0, total: null, error: message })
      report.ok = false
      // Without the repository's basics (its default branch), the rest cannot run.
      if (kind === 'repository') break
    }
  }
  report.requests = options.client.requests - requestsBefore
  return report
}
