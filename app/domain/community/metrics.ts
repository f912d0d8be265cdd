// CHAOSS-style community health metrics as pure functions (DESIGN.md, "Definitions that must be
// exact"). They take plain data in and give numbers out; chaoss-metrics.server.ts computes the
// same things in SQL, and a property test there holds every query to these definitions.
//
// Conventions:
// - A period is half-open: `start <= t < end`.
// - Durations are hours (decimals).
// - `null` means "no data to compute from" — never a made-up zero.
// - Percentiles use linear interpolation between closest ranks (the "R-7" / Excel PERCENTILE.INC
//   method), which is exactly what SQL's `percentile_cont` computes: for sorted values
//   v[0..n-1] and fraction p, the rank is h = (n - 1) p and the result
//   v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]).
import type { ContributionKind, ContributorStatus, GithubItemKind } from './vocabulary.ts'

export interface TimeRange {
  start: Date
  /** exclusive */
  end: Date
}

const HOUR_MS = 3_600_000

export function inRange(at: Date | null | undefined, range: TimeRange): at is Date {
  return at != null && at.getTime() >= range.start.getTime() && at.getTime() < range.end.getTime()
}

/** The p-th quantile (0 ≤ p ≤ 1) by linear interpolation (percentile_cont); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`percentile fraction out of range: ${p}`)
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5)
}

export function hoursBetween(from: Date, to: Date) {
  return (to.getTime() - from.getTime()) / HOUR_MS
}

// ---------------------------------------------------------------------------------------------
// Identities and bots

/** GitHub `Bot` actors and logins or names ending in `[bot]` (the sync also flags known bots). */
export function isBotIdentity(loginOrName: string | null | undefined, actorType?: string | null): boolean {
  if (actorType === 'Bot') return true
  if (!loginOrName) return false
  return /\[bot\]$/i.test(loginOrName.trim())
}

/** A contributor's identity: the GitHub login where known, else the commit author's name. */
export function contributorIdentity(login: string | null | undefined, name?: string | null): string | null {
  const l = login?.trim()
  if (l) return l
  const n = name?.trim()
  return n ? n : null
}

// ---------------------------------------------------------------------------------------------
// Time to first response and time to answer

export interface RespondableItem {
  kind: GithubItemKind
  createdAt: Date
  /** first comment, review or answer by someone other than the author, bots excluded */
  firstResponseAt: Date | null
}

export interface ResponseTimeSummary {
  /** hours; null when no item created in the period has a response */
  median: number | null
  p90: number | null
  /** items created in the period that got a first response */
  count: number
  /** items created in the period still without a first response */
  waiting: number
}

/**
 * Time to first response (CHAOSS) over the items created in the period: median and 90th
 * percentile of creation → first response, in hours, with the count still waiting.
 */
export function timeToFirstResponse(items: readonly RespondableItem[], range: TimeRange): ResponseTimeSummary {
  const hours: number[] = []
  let waiting = 0
  for (const item of items) {
    if (!inRange(item.createdAt, range)) continue
    if (item.firstResponseAt) hours.push(Math.max(0, hoursBetween(item.createdAt, item.firstResponseAt)))
    else waiting += 1
  }
  return { median: median(hours), p90: percentile(hours, 0.9), count: hours.length, waiting }
}

export interface AnswerableDiscussion {
  createdAt: Date
  /** the category accepts answers */
  answerable: boolean
  answerChosenAt: Date | null
}

/** Time to answer: discussions in answerable categories created in the period, creation → answer chosen. */
export function timeToAnswer(
  discussions: readonly AnswerableDiscussion[],
  range: TimeRange,
): { median: number | null; count: number; unanswered: number } {
  const hours: number[] = []
  let unanswered = 0
  for (const d of discussions) {
    if (!d.answerable || !inRange(d.createdAt, range)) continue
    if (d.answerChosenAt) hours.push(Math.max(0, hoursBetween(d.createdAt, d.answerChosenAt)))
    else unanswered += 1
  }
  return { median: median(hours), count: hours.length, unanswered }
}

// ---------------------------------------------------------------------------------------------
// Change requests, opened vs closed

export interface TrackedItem {
  kind: GithubItemKind
  createdAt: Date
  /** closed or merged (a merged pull request is closed) */
  closedAt: Date | null
}

/** Pull requests closed or merged in the period / pull requests opened in the period; null when none opened. */
export function changeRequestClosureRatio(items: readonly TrackedItem[], range: TimeRange): number | null {
  let opened = 0
  let closed = 0
  for (const item of items) {
    if (item.kind !== 'pull_request') continue
    if (inRange(item.createdAt, range)) opened += 1
    if (inRange(item.closedAt, range)) closed += 1
  }
  return opened === 0 ? null : closed / opened
}

export interface OpenedClosed {
  issuesOpened: number
  issuesClosed: number
  pullRequestsOpened: number
  pullRequestsClosed: number
}

/** Issues and pull requests opened in the period and closed (or merged) in the period. */
export function openedVsClosed(items: readonly TrackedItem[], range: TimeRange): OpenedClosed {
  const out: OpenedClosed = { issuesOpened: 0, issuesClosed: 0, pullRequestsOpened: 0, pullRequestsClosed: 0 }
  for (const item of items) {
    if (item.kind === 'discussion') continue
    const opened = inRange(item.createdAt, range)
    const closed = inRange(item.closedAt, range)
    if (item.kind === 'issue') {
      if (opened) out.issuesOpened += 1
      if (closed) out.issuesClosed += 1
    } else {
      if (opened) out.pullRequestsOpened += 1
      if (closed) out.pullRequestsClosed += 1
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Contributors

export interface Contribution {
  /** see `contributorIdentity` */
  identity: string
  kind: ContributionKind
  at: Date
  isBot: boolean
  /** commits only: a merge commit (more than one parent) */
  isMerge?: boolean
}

function humanContributions(contributions: readonly Contribution[]) {
  return contributions.filter((c) => !c.isBot)
}

/** Each person's first contribution of any kind, over all the data given (bots excluded). */
export function firstContributions(contributions: readonly Contribution[]): Map<string, Date> {
  const first = new Map<string, Date>()
  for (const c of humanContributions(contributions)) {
    const seen = first.get(c.identity)
    if (!seen || c.at < seen) first.set(c.identity, c.at)
  }
  return first
}

/**
 * New contributors: people whose first contribution of any kind falls in the period, bots
 * excluded. The data must include everything before the period (a first contribution is only
 * first if nothing earlier exists).
 */
export function newContributors(contributions: readonly Contribution[], range: TimeRange): string[] {
  const out: string[] = []
  for (const [identity, at] of firstContributions(contributions)) if (inRange(at, range)) out.push(identity)
  return out.sort()
}

/** People with at least one contribution of any kind in the period, bots excluded. */
export function activeContributors(contributions: readonly Contribution[], range: TimeRange): string[] {
  const set = new Set<string>()
  for (const c of humanContributions(contributions)) if (inRange(c.at, range)) set.add(c.identity)
  return [...set].sort()
}

/** The period of the same length just before `range` (the comparison period for "inactive"). */
export function previousRange(range: TimeRange): TimeRange {
  const length = range.end.getTime() - range.start.getTime()
  return { start: new Date(range.start.getTime() - length), end: range.start }
}

/** Inactive contributors: active in the previous period (by default the one just before), not in this one. */
export function inactiveContributors(
  contributions: readonly Contribution[],
  range: TimeRange,
  previous: TimeRange = previousRange(range),
): string[] {
  const now = new Set(activeContributors(contributions, range))
  return activeContributors(contributions, previous).filter((id) => !now.has(id))
}

/**
 * Contributor absence factor from per-person contribution counts: the smallest number of people
 * who together account for at least 50% of the contributions. Null when there are none.
 * CHAOSS's worked example: 1000, 433, 343, 332, 202, 153, 71, 65, 51, 50 … → 2.
 */
export function absenceFactorOfCounts(counts: readonly number[]): number | null {
  const positive = counts.filter((c) => c > 0).sort((a, b) => b - a)
  const total = positive.reduce((s, c) => s + c, 0)
  if (total === 0) return null
  let covered = 0
  for (let i = 0; i < positive.length; i += 1) {
    covered += positive[i]!
    // integer comparison: covered / total >= 1/2
    if (covered * 2 >= total) return i + 1
  }
  return positive.length
}

/**
 * Contributor absence factor (formerly bus factor) for a period: over the non-merge commits in
 * the period, bots excluded.
 */
export function contributorAbsenceFactor(contributions: readonly Contribution[], range: TimeRange): number | null {
  const perPerson = new Map<string, number>()
  for (const c of contributions) {
    if (c.isBot || c.kind !== 'commit' || c.isMerge || !inRange(c.at, range)) continue
    perPerson.set(c.identity, (perPerson.get(c.identity) ?? 0) + 1)
  }
  return absenceFactorOfCounts([...perPerson.values()])
}

export interface ContributorSummary {
  identity: string
  firstAt: Date
  lastAt: Date
  kinds: ContributionKind[]
  /** contributions in the period */
  inPeriod: number
  /**
   * new: first contribution in the period; returning: active in the period, first contribution
   * earlier; inactive: active in the previous period, not in this one; earlier: none of these.
   */
  status: ContributorStatus
}

/** The contributors list: first and last contribution, kinds, and new/returning/inactive for the period. */
export function summariseContributors(
  contributions: readonly Contribution[],
  range: TimeRange,
  previous: TimeRange = previousRange(range),
): ContributorSummary[] {
  const byPerson = new Map<string, { firstAt: Date; lastAt: Date; kinds: Set<ContributionKind>; inPeriod: number; inPrevious: number }>()
  for (const c of humanContributions(contributions)) {
    let p = byPerson.get(c.identity)
    if (!p) byPerson.set(c.identity, (p = { firstAt: c.at, lastAt: c.at, kinds: new Set(), inPeriod: 0, inPrevious: 0 }))
    if (c.at < p.firstAt) p.firstAt = c.at
    if (c.at > p.lastAt) p.lastAt = c.at
    p.kinds.add(c.kind)
    if (inRange(c.at, range)) p.inPeriod += 1
    if (inRange(c.at, previous)) p.inPrevious += 1
  }
  const out: ContributorSummary[] = []
  for (const [identity, p] of byPerson) {
    const status: ContributorStatus = inRange(p.firstAt, range)
      ? 'new'
      : p.inPeriod > 0
        ? 'returning'
        : p.inPrevious > 0
          ? 'inactive'
          : 'earlier'
    out.push({ identity, firstAt: p.firstAt, lastAt: p.lastAt, kinds: [...p.kinds].sort(), inPeriod: p.inPeriod, status })
  }
  return out.sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || a.identity.localeCompare(b.identity))
}

// ---------------------------------------------------------------------------------------------
// Maintainer activity

export interface MaintainerEvent {
  identity: string
  kind: 'response' | 'review' | 'merge'
  at: Date
}

export interface MaintainerActivity {
  identity: string
  responses: number
  reviews: number
  merges: number
}

/**
 * Per maintainer, in the period: first responses given, reviews submitted, pull requests merged.
 * Every listed maintainer appears, with zeros when idle; sorted by total activity.
 */
export function maintainerActivity(
  events: readonly MaintainerEvent[],
  maintainers: readonly string[],
  range: TimeRange,
): MaintainerActivity[] {
  const rows = new Map<string, MaintainerActivity>(maintainers.map((m) => [m, { identity: m, responses: 0, reviews: 0, merges: 0 }]))
  for (const e of events) {
    const row = rows.get(e.identity)
    if (!row || !inRange(e.at, range)) continue
    if (e.kind === 'response') row.responses += 1
    else if (e.kind === 'review') row.reviews += 1
    else row.merges += 1
  }
  const total = (r: MaintainerActivity) => r.responses + r.reviews + r.merges
  return [...rows.values()].sort((a, b) => total(b) - total(a) || a.identity.localeCompare(b.identity))
}
