import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { repositories, type Repository, repositorySnapshots, syncStates, type SyncState } from '#db/schema/community.ts'
import { DomainError } from '#app/domain/errors.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { fullName, parseRepositoryName } from './repositories.ts'
import { SYNC_KIND_LABELS, SYNC_KINDS } from './vocabulary.ts'

export function findRepositoryByName(owner: string, name: string, tx: DbOrTx = db): Promise<Repository | undefined> {
  return tx
    .select()
    .from(repositories)
    .where(and(sql`lower(${repositories.owner}) = ${owner.toLowerCase()}`, sql`lower(${repositories.name}) = ${name.toLowerCase()}`))
    .then((rows) => rows[0])
}

export async function requireRepositoryByFullName(name: string, tx: DbOrTx = db): Promise<Repository> {
  const parsed = parseRepositoryName(name)
  if (!parsed) throw new DomainError(`"${name}" is not OWNER/NAME`, 'repository')
  const repo = await findRepositoryByName(parsed.owner, parsed.name, tx)
  if (!repo) throw new DomainError(`${fullName(parsed)} is not tracked: add it first`, 'repository')
  return repo
}

/** The repositories being synced, by name. */
export function listActiveRepositories(tx: DbOrTx = db) {
  return tx.select().from(repositories).where(eq(repositories.active, true)).orderBy(asc(repositories.owner), asc(repositories.name))
}

/** Starts tracking a repository (or tracks a deactivated one again). */
export async function addRepository(input: { owner: string; name: string; actorId: string | null }): Promise<Repository> {
  return db.transaction(async (tx) => {
    const existing = await findRepositoryByName(input.owner, input.name, tx)
    if (existing?.active) throw new DomainError(`${fullName(existing)} is already tracked`, 'repository')
    if (existing) {
      const [again] = await tx
        .update(repositories)
        .set({ active: true, deactivatedAt: null })
        .where(eq(repositories.id, existing.id))
        .returning()
      await recordAudit(tx, {
        actorId: input.actorId,
        entity: 'repository',
        entityId: existing.id,
        action: 'reactivate',
        before: existing,
        after: again,
      })
      return again
    }
    const [created] = await tx.insert(repositories).values({ owner: input.owner, name: input.name, addedById: input.actorId }).returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'repository', entityId: created.id, action: 'create', after: created })
    return created
  })
}

/** Stops syncing a repository; its synced data stays (metrics of past periods keep their numbers). */
export async function deactivateRepository(input: { id: string; actorId: string | null }): Promise<Repository> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(repositories).where(eq(repositories.id, input.id))
    if (!before) throw new DomainError('No such repository')
    if (!before.active) return before
    const [after] = await tx
      .update(repositories)
      .set({ active: false, deactivatedAt: new Date() })
      .where(eq(repositories.id, input.id))
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'repository', entityId: input.id, action: 'deactivate', before, after })
    return after
  })
}

/** A run (or a queued one) that has said nothing for this long is taken to have died (the next sync resumes it). */
const STALE_AFTER_MS = 15 * 60_000

export interface RepositoryOverview {
  repository: Repository
  states: Array<SyncState & { label: string; stale: boolean }>
  running: boolean
  lastSuccessAt: Date | null
  lastError: string | null
  rateLimitRemaining: number | null
  rateLimitResetAt: Date | null
  snapshot: { day: string; stars: number; forks: number; watchers: number } | null
}

/** Every repository (active first) with its sync state per kind, for the repositories page. */
export async function listRepositoryOverviews(now = new Date()): Promise<RepositoryOverview[]> {
  const repos = await db.select().from(repositories).orderBy(desc(repositories.active), asc(repositories.owner), asc(repositories.name))
  if (repos.length === 0) return []
  const states = await db.select().from(syncStates)
  const snapshots = await db
    .selectDistinctOn([repositorySnapshots.repositoryId], {
      repositoryId: repositorySnapshots.repositoryId,
      day: repositorySnapshots.day,
      stars: repositorySnapshots.stars,
      forks: repositorySnapshots.forks,
      watchers: repositorySnapshots.watchers,
    })
    .from(repositorySnapshots)
    .orderBy(repositorySnapshots.repositoryId, desc(repositorySnapshots.day))
  return repos.map((repository) => {
    const mine = states
      .filter((s) => s.repositoryId === repository.id)
      .sort((a, b) => SYNC_KINDS.indexOf(a.kind) - SYNC_KINDS.indexOf(b.kind))
      .map((s) => ({
        ...s,
        label: SYNC_KIND_LABELS[s.kind],
        stale: (s.status === 'running' || s.status === 'queued') && now.getTime() - s.updatedAt.getTime() > STALE_AFTER_MS,
      }))
    const latestBudget = [...mine]
      .filter((s) => s.rateLimitRemaining !== null)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0]
    const successes = mine.map((s) => s.lastSuccessAt).filter((d): d is Date => d !== null)
    const failed = mine.filter((s) => s.status === 'failed' && s.lastError)
    const snapshot = snapshots.find((s) => s.repositoryId === repository.id)
    return {
      repository,
      states: mine,
      running: mine.some((s) => (s.status === 'running' && !s.stale) || s.status === 'queued'),
      lastSuccessAt: successes.length ? new Date(Math.min(...successes.map((d) => d.getTime()))) : null,
      lastError: failed.length ? `${SYNC_KIND_LABELS[failed[0].kind]}: ${failed[0].lastError}` : null,
      rateLimitRemaining: latestBudget?.rateLimitRemaining ?? null,
      rateLimitResetAt: latestBudget?.rateLimitResetAt ?? null,
      snapshot: snapshot ? { day: snapshot.day, stars: snapshot.stars, forks: snapshot.forks, watchers: snapshot.watchers } : null,
    }
  })
}

/** Marks a repository's sync as queued (shown until the worker picks it up). */
export async function markSyncQueued(repositoryIds: string[]) {
  for (const repositoryId of repositoryIds) {
    for (const kind of SYNC_KINDS) {
      await db
        .insert(syncStates)
        .values({ repositoryId, kind, status: 'queued' })
        .onConflictDoUpdate({ target: [syncStates.repositoryId, syncStates.kind], set: { status: 'queued', updatedAt: new Date() } })
    }
  }
}
