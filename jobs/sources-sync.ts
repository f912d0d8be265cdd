import { z } from 'zod'
import { syncSources } from '#app/domain/community/sources-sync.server.ts'
import { warmCommunitySummaries } from '#app/domain/community/community-figures.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Hourly (and on "Sync now"): brings every active forum and mailbox, or the one asked for, up to date. */
export const sourcesSyncJob = defineJob({
  name: QUEUES.sourcesSync,
  payload: z.object({ sourceId: z.uuid().optional() }).loose(),
  schedule: { cron: '37 * * * *', timeZone: 'UTC' },
  async handler(payload) {
    const result = await syncSources({ id: payload.sourceId, skipRunning: true })
    // The /community page's usual summaries, once per sync, so its next visitor reads them (ADR 022).
    await warmCommunitySummaries()
    return {
      ok: result.ok,
      skipped: result.skipped,
      requests: result.requests,
      sources: result.sources.map((s) => ({ source: s.source, kind: s.kind, items: s.items, requests: s.requests, error: s.error })),
    }
  },
})
