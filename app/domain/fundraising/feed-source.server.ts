// Grant deadlines in the personal calendar feed, as all-day events (recurring ones expanded over
// the coming year). They carry no donor data, so every role's feed shows them.
import { DateTime } from 'luxon'
import type { FeedEvent, FeedSource } from '#app/domain/calendar/feed-source.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { DEADLINE_KIND_LABELS } from './vocabulary.ts'

const allDay = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' })

export const grantDeadlinesFeedSource: FeedSource = {
  name: 'grant deadlines',
  async events({ now, timeZone, origin }) {
    const today = DateTime.fromJSDate(now, { zone: timeZone })
    const occurrences = await listDeadlineOccurrences({
      from: today.minus({ days: 90 }).toISODate()!,
      to: today.plus({ years: 1 }).toISODate()!,
    })
    return occurrences.map((d): FeedEvent => ({
      uid: `grant-deadline-${d.deadlineId}-${d.date}@steward`,
      summary: `${DEADLINE_KIND_LABELS[d.kind]} due: ${d.grantTitle} (${d.funder})`,
      description: d.note ?? undefined,
      url: `${origin}/fundraising/grants/${d.grantId}`,
      start: allDay(d.date).toJSDate(),
      end: allDay(d.date).plus({ days: 1 }).toJSDate(),
      allDay: true,
      categories: ['Fundraising'],
    }))
  },
}
