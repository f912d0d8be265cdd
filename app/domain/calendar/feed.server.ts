// The personal calendar feed (/calendar.ics?token=…): events from every area's source, in one
// RFC 5545 calendar. Each area adds a FeedSource to FEED_SOURCES: communications (posts,
// cadences, campaigns), community (internship milestones), fundraising (grant deadlines).
import ical from 'ical-generator'
import { DateTime } from 'luxon'
import { communicationsFeedSource } from '#app/domain/communications/feed-source.server.ts'
import { internshipsFeedSource } from '#app/domain/community/feed-source.server.ts'
import { grantDeadlinesFeedSource } from '#app/domain/fundraising/feed-source.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import type { FeedContext, FeedSource } from './feed-source.ts'
import { vtimezone } from './vtimezone.ts'

export const FEED_SOURCES: FeedSource[] = [communicationsFeedSource, internshipsFeedSource, grantDeadlinesFeedSource]

/** Builds the feed text for a user. */
export async function buildCalendarFeed(input: { user: FeedContext['user']; origin: string; now?: Date; sources?: FeedSource[] }) {
  const now = input.now ?? new Date()
  const settings = await getOrganisationSettings()
  const context: FeedContext = { user: input.user, now, timeZone: settings.timeZone, origin: input.origin }
  const events = (await Promise.all((input.sources ?? FEED_SOURCES).map((s) => s.events(context)))).flat()
  const years = events.map((e) => DateTime.fromJSDate(e.start, { zone: settings.timeZone }).year)
  const fromYear = Math.min(DateTime.fromJSDate(now).year - 1, ...years)
  const toYear = DateTime.fromJSDate(now).year + 3
  const calendar = ical({
    name: `${settings.projectName} · Steward`,
    prodId: { company: 'Steward', product: 'Steward calendar feed', language: 'EN' },
    ttl: 60 * 60,
    timezone: settings.timeZone === 'UTC' ? null : { name: settings.timeZone, generator: (tz) => vtimezone(tz, fromYear, toYear) },
  })
  const zoned = settings.timeZone !== 'UTC'
  // ical-generator writes TZID times correctly only from luxon DateTimes in that zone
  const at = (date: Date) => (zoned ? DateTime.fromJSDate(date, { zone: settings.timeZone }) : date)
  for (const event of events) {
    calendar.createEvent({
      id: event.uid,
      summary: event.summary,
      description: event.description ?? null,
      url: event.url ?? null,
      start: event.allDay ? event.start : at(event.start),
      end: event.end ? (event.allDay ? event.end : at(event.end)) : null,
      timezone: event.allDay || !zoned ? null : settings.timeZone,
      allDay: event.allDay ?? false,
      repeating: event.rrule ? `RRULE:${event.rrule}` : null,
      categories: event.categories?.map((name) => ({ name })),
      stamp: now,
    })
  }
  return calendar.toString()
}
