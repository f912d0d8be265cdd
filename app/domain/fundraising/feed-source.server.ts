// Grant deadlines in the personal calendar feed, as all-day events (recurring ones expanded over
// the coming year). Only people who may read the grants pipeline (fundraising, the council and
// admins) get them, like /fundraising/grants itself; the link goes to the grant for those who may
// open it, to the pipeline for the council.
//
// A done occurrence of a recurring deadline is left out of the feed; the rest of the series stays.
// Each occurrence is its own event with its own UID (not one RRULE event), so a subscribed calendar
// drops exactly that day when the feed no longer carries it. Marking it instead would not do:
// STATUS:COMPLETED belongs to to-dos (VTODO), a VEVENT's STATUS is only TENTATIVE, CONFIRMED or
// CANCELLED (RFC 5545 3.8.1.11), and a CANCELLED event still shows, struck through, in many clients:
// a report already sent should not nag from the calendar. A deadline done as a whole (a one-off, or
// the last date of a finite series) leaves with all its occurrences.
import { DateTime } from 'luxon'
import { GRANT_READER_ROLES, hasRole } from '#app/domain/accounts/permissions.ts'
import { ROLES, type Role } from '#app/domain/accounts/vocabulary.ts'
import type { FeedEvent, FeedSource } from '#app/domain/calendar/feed-source.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { DEADLINE_KIND_LABELS } from './vocabulary.ts'

const allDay = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' })

export const grantDeadlinesFeedSource: FeedSource = {
  name: 'grant deadlines',
  async events({ user, now, timeZone, origin }) {
    const roles = user.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role))
    if (!hasRole({ roles }, ...GRANT_READER_ROLES)) return []
    const opensGrant = hasRole({ roles }, 'fundraising')
    const today = DateTime.fromJSDate(now, { zone: timeZone })
    const occurrences = await listDeadlineOccurrences({
      from: today.minus({ days: 90 }).toISODate()!,
      to: today.plus({ years: 1 }).toISODate()!,
    })
    return occurrences.map((d): FeedEvent => ({
      uid: `grant-deadline-${d.deadlineId}-${d.date}@steward`,
      summary: `${DEADLINE_KIND_LABELS[d.kind]} due: ${d.grantTitle} (${d.funder})`,
      description: d.note ?? undefined,
      url: opensGrant ? `${origin}/fundraising/grants/${d.grantId}` : `${origin}/fundraising/grants`,
      start: allDay(d.date).toJSDate(),
      end: allDay(d.date).plus({ days: 1 }).toJSDate(),
      allDay: true,
      categories: ['Fundraising'],
    }))
  },
}
