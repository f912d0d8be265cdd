import { z } from 'zod'
import { sendWeeklyDigests } from '#app/domain/notifications/digest.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Hourly: the Monday digest for everyone whose local time is Monday 08:xx and who has not had this week's. */
export const weeklyDigestJob = defineJob({
  name: QUEUES.weeklyDigest,
  payload: z.object({}).loose(),
  schedule: { cron: '2 * * * *', timeZone: 'UTC' },
  async handler() {
    return sendWeeklyDigests()
  },
})
