// The quarterly report as data: the numbers assembled from the areas' sections, the comparisons
// with the previous quarter and the same quarter a year before, the chart series, and the
// document others script against (docs/report-json.md). Pure: no database, no clock.
import type { QuarterId } from '#app/utils/time.ts'
import type { CommunicationsSection, CommunitySection, FundraisingSection, Provenance } from './contract.ts'
import type { AreaSection, ReportSection, ReportStatus } from './vocabulary.ts'

export const REPORT_FORMAT = 'steward.quarterly-report'
export const REPORT_FORMAT_VERSION = 1

export interface QuarterSections {
  quarter: QuarterId
  communications: CommunicationsSection
  community: CommunitySection
  fundraising: FundraisingSection
}

export type Unit = 'count' | 'hours' | 'ratio' | 'money'

export interface Change {
  /** value − base, in the headline's unit (percentage points ×0.01 for ratios) */
  absolute: number
  /** (value − base) / |base|; null when the base is 0 */
  relative: number | null
}

export interface Headline {
  section: AreaSection
  /** the field's path inside the section, e.g. "cadence.adherence" */
  key: string
  label: string
  unit: Unit
  /** ISO 4217 code for money (minor units) */
  currency: string | null
  value: number | null
  previous: number | null
  yearBefore: number | null
  /** null when either number is null (or, for money, the reporting currency differed) */
  changeVsPrevious: Change | null
  changeVsYearBefore: Change | null
  /** the definition and the filters applied */
  definition: string
}

export interface ChartSeries {
  key: string
  label: string
  /** how it is drawn: bars (default) or a line over the bars */
  as?: 'bar' | 'line'
}

export interface ChartSpec {
  name: string
  section: AreaSection
  title: string
  xKey: string
  unit: Unit
  currency: string | null
  series: ChartSeries[]
  rows: Record<string, string | number | null>[]
}

/** What the report stores while open and freezes when published (quarterly_reports.data). */
export interface ReportData {
  projectName: string
  quarter: QuarterId
  period: { start: string; end: string; timeZone: string }
  previousQuarter: QuarterId
  sameQuarterLastYear: QuarterId
  generatedAt: string
  communications: CommunicationsSection
  community: CommunitySection
  fundraising: FundraisingSection
  headlines: Headline[]
  charts: ChartSpec[]
}

export interface NarrativeEntry {
  markdown: string
  updatedBy: string | null
  updatedAt: string | null
  ready: boolean
  readyBy: string | null
  readyAt: string | null
}

/** The JSON document (docs/report-json.md). */
export interface ReportDocument extends ReportData, ReportMeta {
  format: typeof REPORT_FORMAT
  formatVersion: number
  narratives: Record<ReportSection, NarrativeEntry>
  provenance: {
    timeZone: string
    reportingCurrency: string
    exchangeRatesUsed: FundraisingSection['exchangeRatesUsed']
    definitions: Record<AreaSection, Provenance>
  }
}

interface HeadlineDef {
  section: AreaSection
  key: string
  label: string
  unit: Unit
  definition: string
}

/** The headline numbers, in the order the report shows them; `key` is the path in the section. */
export const HEADLINES: readonly HeadlineDef[] = [
  {
    section: 'communications',
    key: 'postsPublished',
    label: 'Posts published',
    unit: 'count',
    definition: 'Posts published in the quarter, all channels (one post on two channels counts on each).',
  },
  {
    section: 'communications',
    key: 'cadence.slots',
    label: 'Cadence slots',
    unit: 'count',
    definition: 'Occurrences of the cadences’ RRULEs in the quarter.',
  },
  {
    section: 'communications',
    key: 'cadence.filled',
    label: 'Slots filled',
    unit: 'count',
    definition: 'Slots with a post scheduled or published on the channel within the slot’s window.',
  },
  { section: 'communications', key: 'cadence.adherence', label: 'Cadence adherence', unit: 'ratio', definition: 'Filled slots / slots.' },
  {
    section: 'communications',
    key: 'materialsDelivered',
    label: 'Materials delivered',
    unit: 'count',
    definition: 'Tutorials, videos and notebooks delivered in the quarter.',
  },
  {
    section: 'community',
    key: 'newContributors',
    label: 'New contributors',
    unit: 'count',
    definition: 'People whose first contribution of any kind falls in the quarter; bots excluded.',
  },
  {
    section: 'community',
    key: 'activeContributors',
    label: 'Active contributors',
    unit: 'count',
    definition: 'People with at least one contribution in the quarter; bots excluded.',
  },
  {
    section: 'community',
    key: 'inactiveContributors',
    label: 'Inactive contributors',
    unit: 'count',
    definition: 'Previously active people with no contribution in the quarter; bots excluded.',
  },
  {
    section: 'community',
    key: 'contributorAbsenceFactor',
    label: 'Contributor absence factor',
    unit: 'count',
    definition: 'Smallest number of contributors accounting for at least 50% of non-merge commits in the quarter; bots excluded.',
  },
  {
    section: 'community',
    key: 'timeToFirstResponseHours.issues.median',
    label: 'Median first response, issues',
    unit: 'hours',
    definition: 'Creation to first comment by someone other than the author, bots excluded; items created in the quarter.',
  },
  {
    section: 'community',
    key: 'timeToFirstResponseHours.pullRequests.median',
    label: 'Median first response, pull requests',
    unit: 'hours',
    definition:
      'Creation to first comment or review by someone other than the author, bots excluded; pull requests created in the quarter.',
  },
  {
    section: 'community',
    key: 'timeToFirstResponseHours.discussions.median',
    label: 'Median first response, discussions',
    unit: 'hours',
    definition: 'Creation to first comment or answer by someone other than the author, bots excluded; discussions created in the quarter.',
  },
  {
    section: 'community',
    key: 'timeToAnswerHours.median',
    label: 'Median time to answer',
    unit: 'hours',
    definition: 'Discussions in answerable categories: creation to answer chosen.',
  },
  {
    section: 'community',
    key: 'changeRequestClosureRatio',
    label: 'Change request closure ratio',
    unit: 'ratio',
    definition: 'Pull requests closed or merged in the quarter / pull requests opened in the quarter.',
  },
  {
    section: 'community',
    key: 'triageOverTarget',
    label: 'Triage backlog over target',
    unit: 'count',
    definition: 'Open issues and discussions without a first response older than the target, at the end of the quarter.',
  },
  {
    section: 'community',
    key: 'stars.atEnd',
    label: 'Stars',
    unit: 'count',
    definition: 'Stars across tracked repositories at the end of the quarter.',
  },
  {
    section: 'fundraising',
    key: 'totals.gross',
    label: 'Gross received',
    unit: 'money',
    definition: 'Donations received in the quarter, converted at the rate in force on each donation’s date.',
  },
  { section: 'fundraising', key: 'totals.fees', label: 'Fees', unit: 'money', definition: 'Platform and payment fees on those donations.' },
  { section: 'fundraising', key: 'totals.net', label: 'Net received', unit: 'money', definition: 'Gross minus fees.' },
  { section: 'fundraising', key: 'totals.donations', label: 'Donations', unit: 'count', definition: 'Donations received in the quarter.' },
  { section: 'fundraising', key: 'totals.donors', label: 'Donors', unit: 'count', definition: 'Distinct donors who gave in the quarter.' },
  {
    section: 'fundraising',
    key: 'newDonors',
    label: 'New donors',
    unit: 'count',
    definition: 'Donors whose first donation falls in the quarter.',
  },
  {
    section: 'fundraising',
    key: 'recurringShare',
    label: 'Recurring share',
    unit: 'ratio',
    definition: 'Share of gross from recurring donations.',
  },
  {
    section: 'fundraising',
    key: 'retention',
    label: 'Donor retention',
    unit: 'ratio',
    definition: 'Of donors in the 12 months before the last 12, the share who gave again in the last 12 (to the end of the quarter).',
  },
  {
    section: 'fundraising',
    key: 'grants.submitted',
    label: 'Grants submitted',
    unit: 'count',
    definition: 'Grant applications submitted in the quarter.',
  },
  { section: 'fundraising', key: 'grants.awarded', label: 'Grants awarded', unit: 'count', definition: 'Grants awarded in the quarter.' },
  {
    section: 'fundraising',
    key: 'grants.awardedAmount',
    label: 'Amount awarded',
    unit: 'money',
    definition: 'Amount of the grants awarded in the quarter, in the reporting currency.',
  },
  {
    section: 'fundraising',
    key: 'sponsors.gained',
    label: 'Sponsors gained',
    unit: 'count',
    definition: 'Sponsors that became active in the quarter.',
  },
  {
    section: 'fundraising',
    key: 'sponsors.lapsed',
    label: 'Sponsors lapsed',
    unit: 'count',
    definition: 'Sponsors that lapsed in the quarter.',
  },
]

/** Reads a dotted path ("cadence.adherence") as a number, or null. */
export function readPath(source: unknown, path: string): number | null {
  let value: unknown = source
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null
    value = (value as Record<string, unknown>)[part]
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

const round = (n: number, digits = 6) => Math.round(n * 10 ** digits) / 10 ** digits

export function changeBetween(value: number | null, base: number | null): Change | null {
  if (value === null || base === null) return null
  return { absolute: round(value - base), relative: base === 0 ? null : round((value - base) / Math.abs(base)) }
}

/** The definition an area gave for a metric (its key, or a parent key), else ours. */
function definitionFor(provenance: Provenance, key: string, fallback: string) {
  const parts = key.split('.')
  for (let n = parts.length; n > 0; n--) {
    const found = provenance[parts.slice(0, n).join('.')]
    if (found) return found
  }
  return fallback
}

export function buildHeadlines(current: QuarterSections, previous: QuarterSections, yearBefore: QuarterSections): Headline[] {
  return HEADLINES.map((def) => {
    const value = readPath(current[def.section], def.key)
    let prev = readPath(previous[def.section], def.key)
    let year = readPath(yearBefore[def.section], def.key)
    let currency: string | null = null
    if (def.unit === 'money') {
      // Money compares only in the same reporting currency.
      currency = current.fundraising.reportingCurrency
      if (previous.fundraising.reportingCurrency !== currency) prev = null
      if (yearBefore.fundraising.reportingCurrency !== currency) year = null
    }
    return {
      section: def.section,
      key: def.key,
      label: def.label,
      unit: def.unit,
      currency,
      value,
      previous: prev,
      yearBefore: year,
      changeVsPrevious: changeBetween(value, prev),
      changeVsYearBefore: changeBetween(value, year),
      definition: definitionFor(current[def.section].provenance, def.key, def.definition),
    }
  })
}

export function buildCharts(current: QuarterSections): ChartSpec[] {
  const { communications, community, fundraising } = current
  return [
    {
      name: 'communications-weekly',
      section: 'communications',
      title: 'Posts published and cadence slots per week',
      xKey: 'week',
      unit: 'count',
      currency: null,
      series: [
        { key: 'published', label: 'Published' },
        { key: 'slots', label: 'Cadence slots', as: 'line' },
      ],
      rows: communications.weekly.map((w) => ({ week: w.week, published: w.published, slots: w.slots })),
    },
    {
      name: 'communications-channels',
      section: 'communications',
      title: 'Posts published per channel',
      xKey: 'channel',
      unit: 'count',
      currency: null,
      series: [{ key: 'published', label: 'Published' }],
      rows: communications.byChannel.map((c) => ({ channel: c.name || c.channel, published: c.published })),
    },
    {
      name: 'community-activity',
      section: 'community',
      title: 'Opened, closed and new contributors per month',
      xKey: 'month',
      unit: 'count',
      currency: null,
      series: [
        { key: 'opened', label: 'Opened' },
        { key: 'closed', label: 'Closed' },
        { key: 'newContributors', label: 'New contributors', as: 'line' },
      ],
      rows: community.monthly.map((m) => ({ month: m.month, opened: m.opened, closed: m.closed, newContributors: m.newContributors })),
    },
    {
      name: 'community-response',
      section: 'community',
      title: 'Median time to first response per month (hours)',
      xKey: 'month',
      unit: 'hours',
      currency: null,
      series: [{ key: 'medianFirstResponseHours', label: 'Median first response (h)', as: 'line' }],
      rows: community.monthly.map((m) => ({ month: m.month, medianFirstResponseHours: m.medianFirstResponseHours })),
    },
    {
      name: 'fundraising-monthly',
      section: 'fundraising',
      title: `Gross, fees and net per month (${fundraising.reportingCurrency})`,
      xKey: 'month',
      unit: 'money',
      currency: fundraising.reportingCurrency,
      series: [
        { key: 'gross', label: 'Gross' },
        { key: 'fees', label: 'Fees' },
        { key: 'net', label: 'Net' },
      ],
      rows: fundraising.monthly.map((m) => ({ month: m.month, gross: m.gross, fees: m.fees, net: m.net })),
    },
  ]
}

/** Where a report stands in its workflow and its versions. */
export interface ReportMeta {
  status: ReportStatus
  version: number
  publishedAt: string | null
  publishedBy: string | null
  correctionOf: number | null
  correctionReason: string | null
  supersededBy: number | null
}

export function buildDocument(data: ReportData, meta: ReportMeta, narratives: Record<ReportSection, NarrativeEntry>): ReportDocument {
  return {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    projectName: data.projectName,
    quarter: data.quarter,
    status: meta.status,
    version: meta.version,
    period: data.period,
    previousQuarter: data.previousQuarter,
    sameQuarterLastYear: data.sameQuarterLastYear,
    generatedAt: data.generatedAt,
    publishedAt: meta.publishedAt,
    publishedBy: meta.publishedBy,
    correctionOf: meta.correctionOf,
    correctionReason: meta.correctionReason,
    supersededBy: meta.supersededBy,
    communications: data.communications,
    community: data.community,
    fundraising: data.fundraising,
    headlines: data.headlines,
    charts: data.charts,
    narratives,
    provenance: {
      timeZone: data.period.timeZone,
      reportingCurrency: data.fundraising.reportingCurrency,
      exchangeRatesUsed: data.fundraising.exchangeRatesUsed,
      definitions: {
        communications: data.communications.provenance,
        community: data.community.provenance,
        fundraising: data.fundraising.provenance,
      },
    },
  }
}
