import { z } from 'zod'
import { deliverEmail } from '#app/domain/email/outbox.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** One outbox message, queued with it: delivered now, or rescheduled with backoff by the outbox itself. */
export const sendEmailJob = defineJob({
  name: QUEUES.sendEmail,
  payload: z.object({ outboxId: z.uuid() }).loose(),
  async handler(payload) {
    return { outcome: await deliverEmail(payload.outboxId) }
  },
})
