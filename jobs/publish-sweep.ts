import { z } from 'zod'
import { publishDue } from '#app/domain/communications/publishing.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Every minute: posts due that no job took (scheduled from the command line, or left by a worker that died). */
export const publishSweepJob = defineJob({
  name: QUEUES.publishSweep,
  payload: z.object({}).loose(),
  schedule: { cron: '* * * * *', timeZone: 'UTC' },
  async handler() {
    return publishDue()
  },
})
