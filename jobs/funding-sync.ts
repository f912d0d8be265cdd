import { z } from 'zod'
import { syncFunding } from '#app/domain/fundraising/connections.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Daily (and on "Sync now"): every active Open Collective and GitHub Sponsors connection, or the one asked for. */
export const fundingSyncJob = defineJob({
  name: QUEUES.fundingSync,
  payload: z.object({ connectionId: z.uuid().optional() }).loose(),
  schedule: { cron: '20 5 * * *', timeZone: 'UTC' },
  async handler(payload) {
    const reports = await syncFunding({ connectionId: payload.connectionId, actorId: null })
    return reports.map((r) => ({ account: r.account, kind: r.kind, ok: r.ok, error: r.error, requests: r.requests }))
  },
})
