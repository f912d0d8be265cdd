// The reminders card on /fundraising: a fundraising lead's open, unread grant-deadline and
// sponsor-renewal notifications (derived by the notifications.derive job, see
// app/domain/notifications), and "mark all read" for them.
import { listNotificationsFor, markNotificationsRead as markRead } from '#app/domain/notifications/inbox.server.ts'
import type { NotificationKind } from '#app/domain/notifications/vocabulary.ts'

const FUNDRAISING_KINDS: NotificationKind[] = ['grant-deadline', 'sponsor-renewal']

export async function listNotifications(userId: string) {
  const rows = await listNotificationsFor({ userId, kinds: FUNDRAISING_KINDS, openOnly: true })
  return rows.filter((r) => !r.readAt).slice(0, 50)
}

/** "Mark all read" on the reminders card: the fundraising kinds only. */
export function markNotificationsRead(input: { userId: string }) {
  return markRead({ ...input, kinds: FUNDRAISING_KINDS })
}
