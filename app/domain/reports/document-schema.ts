// The JSON document's documented shape (docs/report-json.md) as a zod schema: tests validate
// every generated document against it, and scripts may use it too. Sections may carry more
// fields than listed (the contract allows additions); the report's own envelope may not.
import { z } from 'zod'
import { AREA_SECTIONS, REPORT_STATUSES } from './vocabulary.ts'

const count = z.number().int().min(0)
const nullableCount = count.nullable()
const hours = z.number().min(0).nullable()
const ratio = z.number().min(0).nullable()
const minor = z.number().int()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const isoInstant = z.string().datetime({ offset: true })
const provenance = z.record(z.string(), z.string())

const responseTimes = z.object({ median: hours, p90: hours, count, waiting: count })
const moneyTotals = z.object({ gross: minor, fees: minor, net: minor, donations: count, donors: count })

export const CommunicationsSectionSchema = z.looseObject({
  postsPublished: count,
  byChannel: z.array(z.looseObject({ channel: z.string(), name: z.string(), published: count })),
  cadence: z.looseObject({ slots: count, filled: count, adherence: ratio }),
  campaigns: z.array(z.looseObject({ name: z.string(), startsOn: isoDate.nullable(), endsOn: isoDate.nullable(), postsPublished: count })),
  materialsDelivered: count,
  weekly: z.array(z.looseObject({ week: z.string(), published: count, slots: count })),
  // added with Reach: reports made before it have neither
  audience: z
    .array(
      z.looseObject({
        channel: z.string(),
        kind: z.string(),
        followersStart: nullableCount,
        followersEnd: count,
        change: z.number().int().nullable(),
      }),
    )
    .optional(),
  engagement: z
    .looseObject({
      posts: count,
      likes: count,
      reposts: count,
      replies: count,
      quotes: count,
      // added with engagement per channel: earlier reports have only the totals
      byChannel: z
        .array(
          z.looseObject({
            channel: z.string(),
            name: z.string(),
            posts: count,
            postsMeasured: count,
            impressions: nullableCount,
            interactions: nullableCount,
          }),
        )
        .optional(),
    })
    .optional(),
  provenance,
})

export const CommunitySectionSchema = z.looseObject({
  newContributors: nullableCount,
  activeContributors: nullableCount,
  inactiveContributors: nullableCount,
  contributorAbsenceFactor: nullableCount,
  timeToFirstResponseHours: z.looseObject({
    issues: responseTimes,
    pullRequests: responseTimes,
    discussions: responseTimes,
    forum: responseTimes.optional(),
    email: responseTimes.optional(),
  }),
  timeToAnswerHours: z.looseObject({ median: hours, count }),
  changeRequestClosureRatio: ratio,
  triageOverTarget: nullableCount,
  openedClosed: z.looseObject({ issuesOpened: count, issuesClosed: count, pullRequestsOpened: count, pullRequestsClosed: count }),
  stars: z.looseObject({ atStart: nullableCount, atEnd: nullableCount }),
  internships: z.array(
    z.looseObject({ programme: z.string(), year: z.number().int(), intern: z.string(), project: z.string(), status: z.string() }),
  ),
  monthly: z.array(
    z.looseObject({ month: z.string(), newContributors: count, medianFirstResponseHours: hours, opened: count, closed: count }),
  ),
  provenance,
})

export const FundraisingSectionSchema = z.looseObject({
  reportingCurrency: z.string().regex(/^[A-Z]{3}$/),
  totals: moneyTotals,
  grossUnknown: count.optional(),
  bySource: z.array(moneyTotals.extend({ source: z.string(), currency: z.string().regex(/^[A-Z]{3}$/), grossUnknown: count.optional() })),
  newDonors: count,
  recurringShare: ratio,
  retention: ratio,
  grants: z.looseObject({ submitted: count, awarded: count, awardedAmount: minor, declined: count, upcomingDeadlines: count }),
  sponsors: z.looseObject({ gained: count, lapsed: count }),
  conference: z.looseObject({ name: z.string(), currency: z.string(), target: minor, pledged: minor, received: minor }).nullable(),
  monthly: z.array(z.looseObject({ month: z.string(), gross: minor, fees: minor, net: minor })),
  exchangeRatesUsed: z.array(z.looseObject({ currency: z.string(), validFrom: isoDate, rate: z.number().positive() })),
  provenance,
})

const change = z.strictObject({ absolute: z.number(), relative: z.number().nullable() })
const unit = z.enum(['count', 'hours', 'ratio', 'money'])
const section = z.enum(AREA_SECTIONS)
const narrative = z.strictObject({
  markdown: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: isoInstant.nullable(),
  ready: z.boolean(),
  readyBy: z.string().nullable(),
  readyAt: isoInstant.nullable(),
})
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/)

export const ReportDocumentSchema = z.strictObject({
  format: z.literal('steward.quarterly-report'),
  formatVersion: z.literal(1),
  projectName: z.string(),
  quarter,
  status: z.enum(REPORT_STATUSES),
  version: z.number().int().min(1),
  period: z.strictObject({ start: isoDate, end: isoDate, timeZone: z.string() }),
  previousQuarter: quarter,
  sameQuarterLastYear: quarter,
  generatedAt: isoInstant,
  publishedAt: isoInstant.nullable(),
  publishedBy: z.string().nullable(),
  correctionOf: z.number().int().min(1).nullable(),
  correctionReason: z.string().nullable(),
  supersededBy: z.number().int().min(2).nullable(),
  communications: CommunicationsSectionSchema,
  community: CommunitySectionSchema,
  fundraising: FundraisingSectionSchema,
  headlines: z.array(
    z.strictObject({
      section,
      key: z.string(),
      label: z.string(),
      unit,
      currency: z.string().nullable(),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      yearBefore: z.number().nullable(),
      changeVsPrevious: change.nullable(),
      changeVsYearBefore: change.nullable(),
      definition: z.string(),
    }),
  ),
  charts: z.array(
    z.strictObject({
      name: z.string(),
      section,
      title: z.string(),
      xKey: z.string(),
      unit,
      currency: z.string().nullable(),
      series: z.array(z.strictObject({ key: z.string(), label: z.string(), as: z.enum(['bar', 'line']).optional() })),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    }),
  ),
  narratives: z.strictObject({ communications: narrative, community: narrative, fundraising: narrative, highlights: narrative }),
  provenance: z.strictObject({
    timeZone: z.string(),
    reportingCurrency: z.string(),
    exchangeRatesUsed: z.array(z.looseObject({ currency: z.string(), validFrom: isoDate, rate: z.number() })),
    definitions: z.strictObject({ communications: provenance, community: provenance, fundraising: provenance }),
  }),
})
