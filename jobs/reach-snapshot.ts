import { z } from 'zod'
import { recordReach } from '#app/domain/communications/reach.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Daily: followers of each connected channel, and the engagement of posts published in the last 30 days. */
export const reachSnapshotJob = defineJob({
  name: QUEUES.reachSnapshot,
  payload: z.object({}).loose(),
  schedule: { cron: '30 3 * * *', timeZone: 'UTC' },
  async handler() {
    const run = await recordReach()
    return run.channels.map((c) => `${c.name}: ${c.error ?? `${c.followers} followers, ${c.postsRead} posts`}`)
  },
})
