// The figures of the /community page for one filter (period, repository, forum or mailbox), read
// from their summary (summaries.server.ts, ADR 022): computed once per change of the data by the
// same metric functions as always, then served as one row.
import { DateTime } from 'luxon'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { monthsOf } from '#app/utils/time.ts'
import {
  type ContributorRow,
  type ContributorStatusCounts,
  getCommunityHealth,
  readContributors,
  starsAndForks,
} from './chaoss-metrics.server.ts'
import { forumFirstRepliesByMaintainers, forumResponseTimes, hasForumData } from './forum-metrics.server.ts'
import { emailResponseTimes, hasEmailData } from './mailbox-metrics.server.ts'
import { type ResolvedPeriod, resolvePeriod } from './period.ts'
import { readCommunitySummary } from './summaries.server.ts'

/** Which of the other sources the forum and e-mail figures cover: all of them, GitHub only, or one forum or mailbox. */
export type SourceSelection = { kind: 'all' } | { kind: 'github' } | { kind: 'forum'; id: string } | { kind: 'mailbox'; id: string }

export interface CommunityFiguresFilter {
  period: ResolvedPeriod
  /** null: every repository */
  repositoryId: string | null
  source: SourceSelection
  timeZone: string
}

/** Charts show at least the 12 months up to the period's end, so a short period still has a trend. */
export function chartStartOf(period: ResolvedPeriod) {
  return DateTime.min(period.start.startOf('month'), period.end.minus({ months: 12 }).startOf('month'))
}

/** Everything /community shows that comes from the synced data, computed directly (no summary). */
export async function computeCommunityFigures(filter: CommunityFiguresFilter) {
  const { period, repositoryId, source, timeZone } = filter
  const chartStart = chartStartOf(period)
  const chartRange = { start: chartStart.toJSDate(), end: period.range.end }
  const [health, stars, [forum, forumRepliers], email] = await Promise.all([
    getCommunityHealth({
      range: period.range,
      repositoryId,
      timeZone,
      months: monthsOf({ start: chartStart, end: period.end }),
      monthsRange: chartRange,
    }),
    starsAndForks({ range: chartRange, repositoryId, timeZone }),
    source.kind === 'all' || source.kind === 'forum'
      ? hasForumData().then(async (has) => {
          if (!has) return [null, null] as const
          const range = { ...period.range, sourceId: source.kind === 'forum' ? source.id : null }
          return Promise.all([forumResponseTimes(range), forumFirstRepliesByMaintainers(range)])
        })
      : ([null, null] as const),
    source.kind === 'all' || source.kind === 'mailbox'
      ? hasEmailData().then((has) =>
          has ? emailResponseTimes({ range: period.range, sourceId: source.kind === 'mailbox' ? source.id : null }) : null,
        )
      : null,
  ])
  return { health, stars, forum, forumRepliers, email }
}

export type CommunityFigures = Awaited<ReturnType<typeof computeCommunityFigures>>

/** The same figures, from their summary when it is current (else computed and stored). */
export function readCommunityFigures(filter: CommunityFiguresFilter): Promise<CommunityFigures> {
  return readCommunitySummary(
    {
      page: 'community',
      // the figures' shape: a summary stored by code that shaped them differently is not served
      shape: 2,
      start: filter.period.range.start.toISOString(),
      end: filter.period.range.end.toISOString(),
      repositoryId: filter.repositoryId,
      source: filter.source,
      timeZone: filter.timeZone,
    },
    () => computeCommunityFigures(filter),
  )
}

export interface ContributorsTableFilter {
  period: ResolvedPeriod
  /** null: every repository */
  repositoryId: string | null
  /** the rows of one status only (the counts are always over everyone) */
  status: 'new' | 'returning' | 'inactive' | null
  timeZone: string
}

/** The rows /community/contributors lists at most. */
const CONTRIBUTORS_SHOWN = 500

/**
 * The /community/contributors table (counts per status and the first rows shown) from its summary
 * when it is current, else computed by readContributors and stored (ADR 022): one row per data
 * version, and merging or undoing identities moves the version (the trigger on person_identities),
 * so the table is never served from before a merge.
 */
export async function readContributorsTable(
  filter: ContributorsTableFilter,
): Promise<{ counts: ContributorStatusCounts; rows: ContributorRow[] }> {
  const stored = await readCommunitySummary(
    {
      page: 'contributors',
      start: filter.period.range.start.toISOString(),
      end: filter.period.range.end.toISOString(),
      repositoryId: filter.repositoryId,
      status: filter.status,
      timeZone: filter.timeZone,
    },
    async () => {
      const { counts, rows } = await readContributors(
        { range: filter.period.range, repositoryId: filter.repositoryId, timeZone: filter.timeZone },
        { status: filter.status, limit: CONTRIBUTORS_SHOWN },
      )
      // plain JSON in the summary: instants as ISO strings
      return { counts, rows: rows.map((r) => ({ ...r, firstAt: r.firstAt.toISOString(), lastAt: r.lastAt.toISOString() })) }
    },
  )
  return { counts: stored.counts, rows: stored.rows.map((r) => ({ ...r, firstAt: new Date(r.firstAt), lastAt: new Date(r.lastAt) })) }
}

/**
 * After a sync: the summaries of the page as most people open it (the last 30 and 90 days, every
 * repository and source; and the contributors table of the last 90 days), so the first visit after the sync does not compute them. A failure here
 * leaves the sync's result alone: the page then computes them on its first visit.
 */
export async function warmCommunitySummaries(now = new Date()) {
  try {
    const { timeZone } = await getOrganisationSettings()
    for (const key of ['30d', '90d']) {
      const period = resolvePeriod(new URLSearchParams({ period: key }), now, timeZone)
      await readCommunityFigures({ period, repositoryId: null, source: { kind: 'all' }, timeZone })
    }
    const ninety = resolvePeriod(new URLSearchParams({ period: '90d' }), now, timeZone)
    await readContributorsTable({ period: ninety, repositoryId: null, status: null, timeZone })
  } catch {
    // computed on the page's first visit instead
  }
}
