import { z } from 'zod'
import { sweepOutbox } from '#app/domain/email/outbox.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Every minute: retries that are due, and messages no job picked up (queued from the CLI, or before a crash). */
export const emailSweepJob = defineJob({
  name: QUEUES.emailSweep,
  payload: z.object({}).loose(),
  schedule: { cron: '* * * * *', timeZone: 'UTC' },
  async handler() {
    return sweepOutbox()
  },
})
