import { z } from 'zod'
import { sendDeadlineReminders } from '#app/domain/fundraising/reminders.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Daily: reminders of grant deadlines due in 30, 7 and 1 days (in-app, and e-mail with SMTP_URL). */
export const grantDeadlineRemindersJob = defineJob({
  name: QUEUES.grantDeadlineReminders,
  payload: z.object({}).loose(),
  schedule: { cron: '0 7 * * *', timeZone: 'UTC' },
  async handler() {
    return sendDeadlineReminders({ now: new Date() })
  },
})
