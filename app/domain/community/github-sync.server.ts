// Syncing the tracked repositories with GitHub: what the command line, the hourly job and the
// "Sync now" button all call. Each repository is written by github-ingestion.server.ts.
import { DomainError } from '#app/domain/errors.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { createGithubClient, type GithubClient, type WaitNotice } from '#app/integrations/github/client.server.ts'
import { enqueueJob } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import type { Repository } from '#db/schema/community.ts'
import { type RepositorySyncReport, type SyncProgress, syncRepository } from './github-ingestion.server.ts'
import { fullName } from './repositories.ts'
import { listActiveRepositories, listRepositoryOverviews, markSyncQueued, requireRepositoryByFullName } from './repositories.server.ts'
import type { SyncKind } from './vocabulary.ts'

export interface SyncGithubOptions {
  /** OWNER/NAME; all active repositories when omitted */
  repository?: string
  repositoryId?: string
  kinds?: SyncKind[]
  client?: GithubClient
  now?: () => Date
  onProgress?: (progress: SyncProgress) => void
  onWait?: (notice: WaitNotice) => void
  /** leave out repositories another process is syncing right now (the job sets it) */
  skipRunning?: boolean
}

export interface SyncGithubResult {
  /** repositories left out because another sync of them was running */
  skipped: string[]
  repositories: RepositorySyncReport[]
  requests: number
  ok: boolean
  rateLimit: { remaining: number; resetAt: Date } | null
}

export async function syncGithub(options: SyncGithubOptions = {}): Promise<SyncGithubResult> {
  let targets: Repository[]
  if (options.repository) targets = [await requireRepositoryByFullName(options.repository)]
  else {
    targets = await listActiveRepositories()
    if (options.repositoryId) targets = targets.filter((r) => r.id === options.repositoryId)
  }
  const client = options.client ?? createGithubClient({ onWait: options.onWait })
  const before = client.requests
  const reports: RepositorySyncReport[] = []
  const skipped: string[] = []
  if (options.skipRunning) {
    const busy = new Set(
      (await listRepositoryOverviews()).filter((o) => o.states.some((s) => s.status === 'running' && !s.stale)).map((o) => o.repository.id),
    )
    skipped.push(...targets.filter((r) => busy.has(r.id)).map(fullName))
    targets = targets.filter((r) => !busy.has(r.id))
  }
  for (const repo of targets) {
    reports.push(await syncRepository(repo, { client, kinds: options.kinds, now: options.now, onProgress: options.onProgress }))
  }
  return {
    skipped,
    repositories: reports,
    requests: client.requests - before,
    ok: reports.every((r) => r.ok),
    rateLimit: client.rateLimit ? { remaining: client.rateLimit.remaining, resetAt: client.rateLimit.resetAt } : null,
  }
}

/**
 * "Sync now": queues the background job (one repository, or all of them). Refuses in plain words
 * when this process cannot queue jobs (a web process started without its worker).
 */
export async function queueGithubSync(input: { repositoryId?: string }) {
  const ids = input.repositoryId ? [input.repositoryId] : (await listActiveRepositories()).map((r) => r.id)
  await markSyncQueued(ids)
  try {
    await enqueueJob(QUEUES.githubSync, input.repositoryId ? { repositoryId: input.repositoryId } : {})
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DomainError(
      `Could not queue the sync: ${reason}. Start Steward with its worker (npm start), or run npm run steward -- sync github.`,
    )
  }
}

/** Whether a token is configured (never the token itself) and which endpoint the sync talks to. */
export function describeGithubConnection() {
  const env = getEnv()
  return { tokenSet: Boolean(env.GITHUB_TOKEN), endpoint: env.GITHUB_GRAPHQL_URL }
}
