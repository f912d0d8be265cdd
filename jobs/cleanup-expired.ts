import { z } from 'zod'
import { deleteExpiredInvitations } from '#app/domain/accounts/invitations.server.ts'
import { deleteSpentPasswordResets } from '#app/domain/accounts/password-reset.server.ts'
import { deleteOldLoginAttempts } from '#app/domain/accounts/login.server.ts'
import { deleteExpiredSessions } from '#app/domain/accounts/sessions.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/** Daily: forget expired sessions, unusable invitations and reset links, and day-old sign-in attempts. */
export const cleanupExpiredJob = defineJob({
  name: QUEUES.cleanupExpired,
  payload: z.object({}).loose(),
  schedule: { cron: '17 3 * * *', timeZone: 'UTC' },
  async handler() {
    const sessions = await deleteExpiredSessions()
    const invitations = await deleteExpiredInvitations()
    const loginAttempts = await deleteOldLoginAttempts()
    const passwordResets = await deleteSpentPasswordResets()
    return { sessions, invitations, loginAttempts, passwordResets }
  },
})
