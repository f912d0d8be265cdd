// What each area gives the personal calendar feed: a source of events for one person.

export interface FeedEvent {
  /** stable across feed refreshes, e.g. comms-post-<id>@steward */
  uid: string
  summary: string
  description?: string
  url?: string
  start: Date
  end?: Date
  /** start and end are days (end exclusive), given as 00:00 UTC of each date */
  allDay?: boolean
  /** an RRULE line without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20260331T225959Z */
  rrule?: string
  categories?: string[]
}

export interface FeedContext {
  user: { id: string; name: string; roles: readonly string[] }
  now: Date
  timeZone: string
  /** the public origin, for links back to Steward */
  origin: string
}

export interface FeedSource {
  name: string
  events: (context: FeedContext) => Promise<FeedEvent[]>
}
