// Writes what the GitHub integration reads into the community tables, one repository at a time:
// its snapshot, issues, pull requests, discussions and the default branch's commits. (What
// the command line, the job and "Sync now" call is github-sync.server.ts.)
//
// Items are paged newest-updated first and the run stops at the stored watermark, so an
// unchanged repository costs one request per kind. Each page is written in one transaction with
// upserts, together with the cursor and progress, so a run killed at any moment resumes at the
// last written page: no gaps (the watermark moves only when a run reaches the old one) and no
// duplicates (upserts on GitHub's node ids and commit shas).
import { and, eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { db, type DbOrTx } from '#db/client.server.ts'
import { refreshStatistics } from '#db/statistics.server.ts'
import {
  commits,
  contributors,
  githubItemEvents,
  githubItems,
  type Repository,
  repositories,
  repositorySnapshots,
  syncStates,
  type SyncState,
} from '#db/schema/community.ts'
import { GithubError, type GithubClient } from '#app/integrations/github/client.server.ts'
import { fetchCommitPage, fetchItemPage, fetchRepositoryInfo } from '#app/integrations/github/fetch-pages.server.ts'
import type { CommitRow, EventRow, ItemRow } from '#app/integrations/github/normalize.ts'
import { fullName } from './repositories.ts'
import { type GithubItemKind, SYNC_KINDS, type SyncKind } from './vocabulary.ts'

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

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)

/** The record definition of the given row keys for `jsonb_to_recordset`: `"nodeId" text, "createdAt" timestamp with time zone, …`. */
function recordOf(table: PgTable, keys: string[]) {
  const columns = getTableColumns(table) as Record<string, PgColumn>
  return keys.map((k) => `"${k}" ${columns[k].getSQLType()}`).join(', ')
}

interface JsonUpsert {
  table: PgTable
  /** The JS keys of the row objects, one column each. */
  keys: string[]
  rows: object[]
  /** Columns with the same value for every row (an SQL expression: a parameter, or a joined column). */
  constants?: Record<string, SQL>
  /** More fields of the rows, read but not stored (`"item" text`), and what joins on them. */
  readOnly?: string
  join?: SQL
  /** The unique columns (JS keys); every other column takes the proposed row's value on conflict. */
  conflict: string[]
}

/**
 * A multi-row upsert in ONE statement, the rows passed as ONE jsonb parameter and unpacked with
 * `jsonb_to_recordset` (the same SQL on PGlite and postgres.js; Dates travel as ISO strings
 * through JSON.stringify and are cast by the record definition). Building a drizzle
 * `.values(rows)` for a page cost more CPU than PostgreSQL spent writing it.
 */
function jsonUpsert({ table, keys, rows, constants = {}, readOnly, join, conflict }: JsonUpsert): SQL {
  const columns = [...keys, ...Object.keys(constants)]
  const target = columns.map((k) => `"${snake(k)}"`).join(', ')
  const selected = sql.join([...keys.map((k) => sql.raw(`r."${k}"`)), ...Object.values(constants)], sql.raw(', '))
  const record = [readOnly, recordOf(table, keys)].filter(Boolean).join(', ')
  const updated = columns.filter((k) => !conflict.includes(k)).map((k) => `"${snake(k)}" = excluded."${snake(k)}"`)
  return sql`insert into ${sql.raw(`"${getTableName(table)}"`)} (${sql.raw(target)})
    select ${selected} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(record)}) ${join ?? sql``}
    on conflict (${sql.raw(conflict.map((k) => `"${snake(k)}"`).join(', '))}) do update set ${sql.raw(updated.join(', '))}`
}

const ITEM_KEYS: (keyof ItemRow)[] = [
  'kind',
  'nodeId',
  'number',
  'title',
  'url',
  'authorLogin',
  'authorAssociation',
  'authorIsBot',
  'state',
  'category',
  'categoryIsAnswerable',
  'labels',
  'createdAt',
  'updatedAt',
  'closedAt',
  'mergedAt',
  'mergedByLogin',
  'answerChosenAt',
  'answerAuthorLogin',
  'firstResponseAt',
  'firstResponderLogin',
  'commentCount',
]
const EVENT_KEYS: (keyof EventRow)[] = ['kind', 'nodeId', 'actorLogin', 'actorIsBot', 'reviewState', 'occurredAt']
const COMMIT_KEYS: (keyof CommitRow)[] = ['sha', 'authoredAt', 'committedAt', 'authorLogin', 'authorName', 'authorKey', 'isBot', 'isMerge']

async function readSyncState(repositoryId: string, kind: SyncKind, tx: DbOrTx = db): Promise<SyncState | undefined> {
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

/**
 * Writes one page of items and their events in ONE statement: the items' upsert returns their
 * ids, which the events' upsert joins on by node id (a data-modifying CTE; the foreign-key
 * checks run at the end of the statement, when the items are there). Returns how many items it wrote.
 */
async function writeItems(tx: DbOrTx, repositoryId: string, rows: Array<{ item: ItemRow; events: EventRow[] }>, syncedAt: Date) {
  if (rows.length === 0) return 0
  const items: ItemRow[] = []
  const events: (EventRow & { item: string })[] = []
  for (const mapped of rows) {
    items.push(mapped.item)
    for (const e of mapped.events) events.push({ ...e, item: mapped.item.nodeId })
  }
  const repositoryIdParam = sql`${repositoryId}::uuid`
  const itemUpsert = jsonUpsert({
    table: githubItems,
    keys: ITEM_KEYS,
    rows: items,
    constants: { repositoryId: repositoryIdParam, syncedAt: sql`${syncedAt.toISOString()}::timestamptz` },
    conflict: ['nodeId'],
  })
  const eventUpsert = jsonUpsert({
    table: githubItemEvents,
    keys: EVENT_KEYS,
    rows: events,
    constants: { itemId: sql.raw('written.id'), repositoryId: repositoryIdParam },
    readOnly: '"item" text',
    join: sql.raw('join written on written.node_id = r."item"'),
    conflict: ['nodeId'],
  })
  await tx.execute(sql`with written as (${itemUpsert} returning id, node_id) ${eventUpsert}`)
  return items.length
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
      // The foreign-key checks of the events run a plan cached when the tables were empty (a
      // sequential scan): once the items number thousands, that made each page ~30x slower.
      // Custom plans see the tables' real size.
      await tx.execute(sql`set local plan_cache_mode = force_custom_plan`)
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
    ...(resuming
      ? {}
      : { startedAt: run.now(), itemsDone: 0, itemsTotal: null, requestsUsed: 0, pendingWatermark: null, finishedAt: null }),
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
  const info = await fetchRepositoryInfo(run.options.client, run.repo)
  if (!info) throw unknownRepository(run.repo)
  const now = run.now()
  await run.commitPage(async (tx) => {
    await tx
      .update(repositories)
      .set({ nodeId: info.nodeId, defaultBranch: info.defaultBranch, hasDiscussions: info.hasDiscussions })
      .where(eq(repositories.id, run.repo.id))
    const snapshot = { stars: info.stars, forks: info.forks, watchers: info.watchers, takenAt: now }
    await tx
      .insert(repositorySnapshots)
      .values({ repositoryId: run.repo.id, day: now.toISOString().slice(0, 10), ...snapshot })
      .onConflictDoUpdate({ target: [repositorySnapshots.repositoryId, repositorySnapshots.day], set: snapshot })
    const state = (await readSyncState(run.repo.id, run.kind, tx))!
    await saveSyncState(tx, run.repo.id, run.kind, { ...finished(run, state, 1), itemsTotal: 1 })
  })
  run.repo.hasDiscussions = info.hasDiscussions
  run.repo.defaultBranch = info.defaultBranch
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
  const fetchPage = (after: string | null) => fetchItemPage(run.options.client, run.repo, kind, after)
  let next = fetchPage(state.cursor)
  for (;;) {
    const connection = await next
    if (!connection) throw unknownRepository(run.repo)
    const rows = connection.rows
    // Items updated at the watermark are written again (harmless); older ones end the run.
    const fresh = watermark ? rows.filter((r) => r.item.updatedAt >= watermark) : rows
    const done = fresh.length < rows.length || !connection.hasNextPage
    const newest = rows.reduce<Date | null>((max, r) => (max && max >= r.item.updatedAt ? max : r.item.updatedAt), null)
    const pendingWatermark = state.pendingWatermark ?? newest
    const cursor = connection.endCursor ?? state.cursor
    // Ask for the next page while this one is written; a crash just drops the answer.
    const prefetch = done ? null : fetchPage(cursor)
    prefetch?.catch(() => {})
    let requestsUsed = state.requestsUsed
    await run.commitPage(async (tx) => {
      written += await writeItems(tx, run.repo.id, fresh, run.now())
      if (done)
        await saveSyncState(tx, run.repo.id, run.kind, {
          ...finished(run, { ...state, pendingWatermark }, written),
          itemsTotal: connection.totalCount,
        })
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
  const fetchPage = (after: string | null) => fetchCommitPage(run.options.client, run.repo, { after, since })
  let next = fetchPage(state.cursor)
  for (;;) {
    const history = await next
    if (!history) {
      await saveSyncState(db, run.repo.id, run.kind, { ...finished(run, state, written), itemsTotal: 0 })
      run.progress(written, 0, true)
      return written
    }
    const rows = history.rows
    const newest = rows.reduce<Date | null>((max, c) => (max && max >= c.committedAt ? max : c.committedAt), null)
    const pendingWatermark = state.pendingWatermark ?? newest
    const done = !history.hasNextPage
    const cursor = history.endCursor
    const prefetch = done ? null : fetchPage(cursor)
    prefetch?.catch(() => {})
    let requestsUsed = state.requestsUsed
    await run.commitPage(async (tx) => {
      if (rows.length > 0) {
        await tx.execute(
          jsonUpsert({
            table: commits,
            keys: COMMIT_KEYS,
            rows,
            constants: { repositoryId: sql`${run.repo.id}::uuid` },
            conflict: ['repositoryId', 'sha'],
          }),
        )
        written += rows.length
      }
      if (done)
        await saveSyncState(tx, run.repo.id, run.kind, {
          ...finished(run, { ...state, pendingWatermark }, written),
          itemsTotal: history.totalCount,
        })
      else {
        requestsUsed += run.takeRequests()
        await saveSyncState(tx, run.repo.id, run.kind, {
          itemsDone: written,
          itemsTotal: history.totalCount,
          pendingWatermark,
          cursor,
          requestsUsed,
          ...budgetOf(run.options.client),
        })
      }
    })
    run.progress(written, history.totalCount, done)
    if (done || !prefetch) return written
    state = { ...state, itemsDone: written, itemsTotal: history.totalCount, pendingWatermark, cursor, requestsUsed }
    next = prefetch
  }
}

function unknownRepository(repo: Repository) {
  return new GithubError('not-found', `GitHub does not know ${fullName(repo)}, or the token cannot read it.`)
}

/** The words a person sees for a failed sync. */
function plainError(error: unknown): string {
  if (error instanceof GithubError) return error.message
  if (error instanceof Error) return `The sync stopped unexpectedly: ${error.message}`
  return `The sync stopped unexpectedly: ${String(error)}`
}

/**
 * Syncs one repository, kind by kind. A kind that fails records its error in plain words and
 * keeps its cursor (the next run resumes there); the other kinds still run.
 */
export async function syncRepository(repo: Repository, options: SyncRepositoryOptions): Promise<RepositorySyncReport> {
  const kinds = options.kinds ?? SYNC_KINDS
  const report: RepositorySyncReport = { repository: fullName(repo), requests: 0, kinds: [], ok: true }
  const requestsBefore = options.client.requests
  const current = { ...repo }
  for (const kind of SYNC_KINDS.filter((k) => kinds.includes(k))) {
    const run = new KindRun(current, kind, options)
    const startRequests = options.client.requests
    try {
      const written =
        kind === 'repository' ? await syncRepositoryInfo(run) : kind === 'commit' ? await syncCommits(run) : await syncItems(run, kind)
      const state = await readSyncState(repo.id, kind)
      report.kinds.push({ kind, requests: options.client.requests - startRequests, written, total: state?.itemsTotal ?? null })
    } catch (error) {
      const message = plainError(error)
      await saveSyncState(db, repo.id, kind, {
        status: 'failed',
        lastError: message,
        lastErrorAt: run.now(),
        finishedAt: run.now(),
        ...budgetOf(options.client),
      })
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
  const written = report.kinds.reduce((sum, k) => sum + (k.kind === 'repository' ? 0 : k.written), 0)
  await refreshStatistics([githubItems, githubItemEvents, commits, contributors], written)
  return report
}
