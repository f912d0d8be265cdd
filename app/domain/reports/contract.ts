// The quarterly report's sections, as each area computes them for a quarter. These shapes are
// the JSON contract of docs/report-json.md: fields may be added, never change meaning.
// Money is in minor units; hours are decimals; null means "cannot be computed" (no data) —
// never a made-up zero.
import type { DateTime } from 'luxon'
import type { QuarterId } from '#app/utils/time.ts'

/** The quarter an area summarises, in the project's time zone (end exclusive). */
export interface QuarterInput {
  quarter: QuarterId
  start: DateTime
  end: DateTime
  timeZone: string
}

/** metric key → its definition and the filters applied, shown beside the number */
export type Provenance = Record<string, string>

export interface CommunicationsSection {
  postsPublished: number
  byChannel: { channel: string; name: string; published: number }[]
  cadence: { slots: number; filled: number; adherence: number | null }
  campaigns: { name: string; startsOn: string | null; endsOn: string | null; postsPublished: number }[]
  materialsDelivered: number
  /** chart: one row per ISO week of the quarter */
  weekly: { week: string; published: number; slots: number }[]
  /** followers of each channel with daily snapshots (connected Mastodon and Bluesky), at the quarter's start and end; absent in reports made before Reach */
  audience?: { channel: string; kind: string; followersStart: number | null; followersEnd: number; change: number | null }[]
  /** engagement read back from the networks for the quarter's publications by Steward; absent in reports made before Reach */
  engagement?: {
    posts: number
    likes: number
    reposts: number
    replies: number
    quotes: number
    /** per channel: publications, how many have numbers, impressions where known, interactions; absent in reports made before it */
    byChannel?: {
      channel: string
      name: string
      posts: number
      postsMeasured: number
      impressions: number | null
      interactions: number | null
    }[]
  }
  provenance: Provenance
}

export interface ResponseTimes {
  median: number | null
  p90: number | null
  /** items created in the quarter that got a first response */
  count: number
  /** items created in the quarter still without one */
  waiting: number
}

export interface CommunitySection {
  newContributors: number | null
  activeContributors: number | null
  inactiveContributors: number | null
  contributorAbsenceFactor: number | null
  /** forum: topics of the synced Discourse forums (absent from reports generated before forums were synced) */
  timeToFirstResponseHours: {
    issues: ResponseTimes
    pullRequests: ResponseTimes
    discussions: ResponseTimes
    forum?: ResponseTimes
    email?: ResponseTimes
  }
  timeToAnswerHours: { median: number | null; count: number }
  changeRequestClosureRatio: number | null
  triageOverTarget: number | null
  openedClosed: { issuesOpened: number; issuesClosed: number; pullRequestsOpened: number; pullRequestsClosed: number }
  stars: { atStart: number | null; atEnd: number | null }
  internships: { programme: string; year: number; intern: string; project: string; status: string }[]
  /** chart: one row per month of the quarter */
  monthly: { month: string; newContributors: number; medianFirstResponseHours: number | null; opened: number; closed: number }[]
  provenance: Provenance
}

export interface MoneyTotals {
  gross: number
  fees: number
  net: number
  donations: number
  donors: number
}

export interface FundraisingSection {
  reportingCurrency: string
  /** in the reporting currency, converted at the rate in force on each donation's date */
  totals: MoneyTotals
  /** of `totals.donations`, those recorded at net because the source gave no gross (absent in reports made before it was counted) */
  grossUnknown?: number
  /** per source and original currency, unconverted */
  bySource: (MoneyTotals & { source: string; currency: string; grossUnknown?: number })[]
  newDonors: number
  /** share of gross (reporting currency) from recurring donations */
  recurringShare: number | null
  /** DESIGN.md: of donors in the 12 months before the last 12, the share who gave again */
  retention: number | null
  grants: { submitted: number; awarded: number; awardedAmount: number; declined: number; upcomingDeadlines: number }
  sponsors: { gained: number; lapsed: number }
  conference: { name: string; currency: string; target: number; pledged: number; received: number } | null
  /** chart: one row per month, reporting currency */
  monthly: { month: string; gross: number; fees: number; net: number }[]
  exchangeRatesUsed: { currency: string; validFrom: string; rate: number }[]
  provenance: Provenance
}
