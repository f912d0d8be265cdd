import { z } from 'zod'
import { runGithubSync } from '#app/domain/community/community-syncs.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/**
 * On a repository's "Sync now": brings it (or every active repository) up to date with GitHub. Not
 * scheduled: the hourly sources sync (sources-sync.ts) syncs the repositories with the forums and
 * mailboxes, so each is synced once an hour; the schedule earlier versions set is removed at start.
 */
export const githubSyncJob = defineJob({
  name: QUEUES.githubSync,
  payload: z.object({ repositoryId: z.uuid().optional() }).loose(),
  async handler(payload, { attempt }) {
    // A repository marked running is left to the sync that runs it; but on a retry that mark is
    // most likely this job's own, left by a worker that died mid-sync: resume at its cursor.
    // Then the /community page's usual summaries, once per sync, so its next visitor reads them (ADR 022).
    const result = await runGithubSync({ repositoryId: payload.repositoryId, skipRunning: attempt === 1 })
    return {
      ok: result.ok,
      skipped: result.skipped,
      requests: result.requests,
      repositories: result.repositories.map((r) => ({
        repository: r.repository,
        requests: r.requests,
        errors: r.kinds.filter((k) => k.error).map((k) => `${k.kind}: ${k.error}`),
      })),
    }
  },
})
