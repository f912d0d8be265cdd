import { z } from 'zod'
import { publishDelivery } from '#app/domain/communications/publishing.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** One post on one connected channel, queued with startAfter = its time; cancelled when the post changes. */
export const publishPostJob = defineJob({
  name: QUEUES.publishPost,
  payload: z.object({ deliveryId: z.uuid() }).loose(),
  async handler(payload) {
    return { outcome: await publishDelivery(payload.deliveryId) }
  },
})
