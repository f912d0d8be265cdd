// A fixed dataset for the quarterly report and fake section providers that summarise it. The
// providers follow the contract only; the report tests check their numbers by hand.
import { DateTime } from 'luxon'
import type { CommunicationsSection, CommunitySection, FundraisingSection, QuarterInput } from '#app/domain/reports/contract.ts'
import type { SectionProviders } from '#app/domain/reports/assemble.ts'

export interface FixedDonation {
  donor: string
  receivedOn: string
  source: string
  currency: string
  amount: number
  fees: number
  recurring: boolean
}

export interface FixedPost {
  channel: 'x' | 'linkedin'
  publishedOn: string
}

export interface ReportDataset {
  donations: FixedDonation[]
  posts: FixedPost[]
  /** community numbers per quarter; quarters not listed have no data */
  community: Record<string, { newContributors: number; activeContributors: number; issuesMedian: number; closureRatio: number }>
}

/** Names that must never reach a report. */
export const DONOR_NAMES = ['Evelyn Quartermaine', 'Bartholomew Fenwick-Oduya', 'Xiomara Lindqvist']

export function fixedDataset(): ReportDataset {
  return {
    donations: [
      // 2024-Q3 (the same quarter a year before 2025-Q3)
      {
        donor: 'Evelyn Quartermaine',
        receivedOn: '2024-08-10',
        source: 'opencollective',
        currency: 'USD',
        amount: 40_000,
        fees: 2_000,
        recurring: false,
      },
      // 2025-Q2 (the previous quarter)
      {
        donor: 'Evelyn Quartermaine',
        receivedOn: '2025-05-02',
        source: 'opencollective',
        currency: 'USD',
        amount: 25_000,
        fees: 1_250,
        recurring: true,
      },
      {
        donor: 'Bartholomew Fenwick-Oduya',
        receivedOn: '2025-06-30',
        source: 'github_sponsors',
        currency: 'USD',
        amount: 15_000,
        fees: 0,
        recurring: false,
      },
      // 2025-Q3
      {
        donor: 'Evelyn Quartermaine',
        receivedOn: '2025-07-01',
        source: 'opencollective',
        currency: 'USD',
        amount: 25_000,
        fees: 1_250,
        recurring: true,
      },
      {
        donor: 'Xiomara Lindqvist',
        receivedOn: '2025-08-15',
        source: 'opencollective',
        currency: 'USD',
        amount: 10_000,
        fees: 500,
        recurring: false,
      },
      {
        donor: 'Bartholomew Fenwick-Oduya',
        receivedOn: '2025-09-30',
        source: 'github_sponsors',
        currency: 'USD',
        amount: 15_000,
        fees: 0,
        recurring: true,
      },
      // 2025-Q4: outside every quarter compared
      {
        donor: 'Xiomara Lindqvist',
        receivedOn: '2025-10-01',
        source: 'opencollective',
        currency: 'USD',
        amount: 99_900,
        fees: 0,
        recurring: false,
      },
    ],
    posts: [
      { channel: 'x', publishedOn: '2025-04-08' },
      { channel: 'x', publishedOn: '2025-07-08' },
      { channel: 'linkedin', publishedOn: '2025-07-08' },
      { channel: 'x', publishedOn: '2025-08-19' },
      { channel: 'x', publishedOn: '2025-09-29' },
    ],
    community: {
      '2025-Q3': { newContributors: 12, activeContributors: 40, issuesMedian: 18.5, closureRatio: 0.8 },
      '2025-Q2': { newContributors: 8, activeContributors: 35, issuesMedian: 24, closureRatio: 0.75 },
    },
  }
}

const within = (isoDate: string, input: QuarterInput) => {
  const day = DateTime.fromISO(isoDate, { zone: input.timeZone })
  return day >= input.start && day < input.end
}

/** Providers reading the dataset at call time: change the dataset, and the next call sees it. */
export function fakeProviders(dataset: ReportDataset): SectionProviders {
  return {
    async communications(input): Promise<CommunicationsSection> {
      const posts = dataset.posts.filter((p) => within(p.publishedOn, input))
      const channels = ['x', 'linkedin'] as const
      const weeks: string[] = []
      for (let w = input.start.startOf('week'); w < input.end; w = w.plus({ weeks: 1 })) weeks.push(w.toFormat("kkkk-'W'WW"))
      const filledWeeks = new Set(posts.map((p) => DateTime.fromISO(p.publishedOn).toFormat("kkkk-'W'WW")))
      return {
        postsPublished: posts.length,
        byChannel: channels.map((channel) => ({
          channel,
          name: channel === 'x' ? 'X' : 'LinkedIn',
          published: posts.filter((p) => p.channel === channel).length,
        })),
        cadence: { slots: weeks.length, filled: filledWeeks.size, adherence: weeks.length ? filledWeeks.size / weeks.length : null },
        campaigns: [],
        materialsDelivered: 0,
        weekly: weeks.map((week) => ({
          week,
          published: posts.filter((p) => DateTime.fromISO(p.publishedOn).toFormat("kkkk-'W'WW") === week).length,
          slots: 1,
        })),
        provenance: { postsPublished: 'Fixed test dataset: posts by publication day.' },
      }
    },
    async community(input): Promise<CommunitySection> {
      const q = dataset.community[input.quarter]
      const none = { median: null, p90: null, count: 0, waiting: 0 }
      return {
        newContributors: q?.newContributors ?? null,
        activeContributors: q?.activeContributors ?? null,
        inactiveContributors: null,
        contributorAbsenceFactor: null,
        timeToFirstResponseHours: {
          issues: q ? { median: q.issuesMedian, p90: q.issuesMedian * 3, count: 10, waiting: 1 } : none,
          pullRequests: none,
          discussions: none,
        },
        timeToAnswerHours: { median: null, count: 0 },
        changeRequestClosureRatio: q?.closureRatio ?? null,
        triageOverTarget: null,
        openedClosed: { issuesOpened: 0, issuesClosed: 0, pullRequestsOpened: 0, pullRequestsClosed: 0 },
        stars: { atStart: null, atEnd: null },
        internships: [],
        monthly: [],
        provenance: { newContributors: 'Fixed test dataset; bots excluded.' },
      }
    },
    async fundraising(input): Promise<FundraisingSection> {
      const rows = dataset.donations.filter((d) => within(d.receivedOn, input))
      const totals = (list: FixedDonation[]) => ({
        gross: list.reduce((s, d) => s + d.amount, 0),
        fees: list.reduce((s, d) => s + d.fees, 0),
        net: list.reduce((s, d) => s + d.amount - d.fees, 0),
        donations: list.length,
        donors: new Set(list.map((d) => d.donor)).size,
      })
      const all = totals(rows)
      const sources = [...new Set(rows.map((d) => `${d.source}|${d.currency}`))].sort()
      const months: string[] = []
      for (let m = input.start; m < input.end; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'))
      const earlier = new Set(
        dataset.donations.filter((d) => DateTime.fromISO(d.receivedOn, { zone: input.timeZone }) < input.start).map((d) => d.donor),
      )
      return {
        reportingCurrency: 'USD',
        totals: all,
        bySource: sources.map((key) => {
          const [source, currency] = key.split('|')
          return { source, currency, ...totals(rows.filter((d) => d.source === source && d.currency === currency)) }
        }),
        newDonors: new Set(rows.filter((d) => !earlier.has(d.donor)).map((d) => d.donor)).size,
        recurringShare: all.gross ? rows.filter((d) => d.recurring).reduce((s, d) => s + d.amount, 0) / all.gross : null,
        retention: null,
        grants: { submitted: 1, awarded: 0, awardedAmount: 0, declined: 0, upcomingDeadlines: 2 },
        sponsors: { gained: 0, lapsed: 0 },
        conference: null,
        monthly: months.map((month) => {
          const t = totals(rows.filter((d) => d.receivedOn.startsWith(month)))
          return { month, gross: t.gross, fees: t.fees, net: t.net }
        }),
        exchangeRatesUsed: [],
        provenance: { totals: 'Fixed test dataset, all in USD.' },
      }
    },
  }
}
