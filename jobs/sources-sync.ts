import { z } from 'zod'
import { runSourcesSync } from '#app/domain/community/community-syncs.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/**
 * Hourly (and on "Sync now"): brings every active source of every kind — GitHub repositories,
 * forums, mailboxes — or the one asked for, up to date. The one hourly community sync: the GitHub
 * job only runs when a repository's "Sync now" queues it, so nothing is synced twice an hour.
 */
export const sourcesSyncJob = defineJob({
  name: QUEUES.sourcesSync,
  payload: z.object({ sourceId: z.uuid().optional() }).loose(),
  schedule: { cron: '37 * * * *', timeZone: 'UTC' },
  async handler(payload, { attempt }) {
    // A source marked running is left to the sync that runs it; but on a retry that mark is most
    // likely this job's own, left by a worker that died mid-sync: resume where it stopped.
    // Then the /community page's usual summaries, once per sync, so its next visitor reads them (ADR 022).
    const result = await runSourcesSync({ id: payload.sourceId, skipRunning: attempt === 1 })
    return {
      ok: result.ok,
      skipped: result.skipped,
      requests: result.requests,
      repositories: result.repositories.map((r) => ({
        repository: r.repository,
        requests: r.requests,
        errors: r.kinds.filter((k) => k.error).map((k) => `${k.kind}: ${k.error}`),
      })),
      sources: result.sources.map((s) => ({ source: s.source, kind: s.kind, items: s.items, requests: s.requests, error: s.error })),
    }
  },
})
