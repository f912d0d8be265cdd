import { z } from 'zod'
import { syncGithub } from '#app/domain/community/github-sync.server.ts'
import { warmCommunitySummaries } from '#app/domain/community/community-figures.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Hourly (and on "Sync now"): brings every active repository, or the one asked for, up to date with GitHub. */
export const githubSyncJob = defineJob({
  name: QUEUES.githubSync,
  payload: z.object({ repositoryId: z.uuid().optional() }).loose(),
  schedule: { cron: '7 * * * *', timeZone: 'UTC' },
  async handler(payload, { attempt }) {
    // A repository marked running is left to the sync that runs it; but on a retry that mark is
    // most likely this job's own, left by a worker that died mid-sync: resume at its cursor.
    const result = await syncGithub({ repositoryId: payload.repositoryId, skipRunning: attempt === 1 })
    // The /community page's usual summaries, once per sync, so its next visitor reads them (ADR 022).
    await warmCommunitySummaries()
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
