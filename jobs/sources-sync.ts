import { z } from 'zod'
import { runSourcesSync } from '#app/domain/community/community-syncs.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Hourly (and on "Sync now"): brings every active forum and mailbox, or the one asked for, up to date. */
export const sourcesSyncJob = defineJob({
  name: QUEUES.sourcesSync,
  payload: z.object({ sourceId: z.uuid().optional() }).loose(),
  schedule: { cron: '37 * * * *', timeZone: 'UTC' },
  async handler(payload) {
    // Then the /community page's usual summaries, once per sync, so its next visitor reads them (ADR 022).
    const result = await runSourcesSync({ id: payload.sourceId, skipRunning: true })
    return {
      ok: result.ok,
      skipped: result.skipped,
      requests: result.requests,
      sources: result.sources.map((s) => ({ source: s.source, kind: s.kind, items: s.items, requests: s.requests, error: s.error })),
    }
  },
})
