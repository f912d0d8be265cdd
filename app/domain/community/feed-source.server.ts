// Internship milestones in the personal calendar feed, as all-day events.
import { DateTime } from 'luxon'
import type { FeedEvent, FeedSource } from '#app/domain/calendar/feed-source.ts'
import { listInternshipMilestones } from './internships.server.ts'

const allDay = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' })

export const internshipsFeedSource: FeedSource = {
  name: 'internships',
  async events({ now, timeZone, origin }) {
    const today = DateTime.fromJSDate(now, { zone: timeZone })
    const milestones = await listInternshipMilestones({
      from: today.minus({ days: 90 }).toISODate()!,
      to: today.plus({ years: 1 }).toISODate()!,
    })
    return milestones.map((m): FeedEvent => ({
      uid: `internship-milestone-${m.id}@steward`,
      summary: `${m.programme}: ${m.title}${m.intern ? ` (${m.intern})` : ''}`,
      url: `${origin}${m.href}`,
      start: allDay(m.dueOn).toJSDate(),
      end: allDay(m.dueOn).plus({ days: 1 }).toJSDate(),
      allDay: true,
      categories: ['Community'],
    }))
  },
}
