import { z } from 'zod'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/**
 * Every 15 minutes: every notification producer (deadlines, renewals, open slots, triage, failed
 * syncs, report sections, invitations), reconciled idempotently; "e-mail at once" goes to the outbox.
 */
export const deriveNotificationsJob = defineJob({
  name: QUEUES.deriveNotifications,
  payload: z.object({}).loose(),
  schedule: { cron: '*/15 * * * *', timeZone: 'UTC' },
  async handler() {
    return deriveNotifications({ log: (line) => console.log(line) })
  },
})
