// The CHAOSS community health metrics over the synced GitHub data, aggregated in SQL (DESIGN.md,
// "Definitions that must be exact"). The pure functions in metrics.ts are the reference: the
// property test in chaoss-metrics.server.test.ts holds these queries to them.
import { and, count, desc, eq, getTableName, gte, inArray, isNotNull, lt, max, type SQL, sql, type SQLWrapper } from 'drizzle-orm'
import { unionAll } from 'drizzle-orm/pg-core'
import { DateTime } from 'luxon'
import { db, type DbOrTx, executeRows } from '#db/client.server.ts'
import { commits, contributors, contributorsOverall, githubItemEvents, githubItems, repositorySnapshots } from '#db/schema/index.ts'
import { listMaintainerLogins } from './maintainers.server.ts'
import {
  absenceFactorOfCounts,
  type ContributorSummary,
  type MaintainerActivity,
  type ResponseTimeSummary,
  type TimeRange,
  previousRange,
} from './metrics.ts'
import type { ContributionKind, ContributorStatus, GithubItemKind } from './vocabulary.ts'

export interface HealthFilter {
  range: TimeRange
  /** null or undefined: every tracked repository */
  repositoryId?: string | null
  /** the project's time zone, for months */
  timeZone: string
}

const hoursBetween = (from: SQLWrapper, to: SQLWrapper) => sql`extract(epoch from (${to} - ${from})) / 3600.0`

function within(column: SQLWrapper, range: TimeRange) {
  return and(gte(column, range.start), lt(column, range.end))
}

/** An instant as an SQL parameter: postgres.js refuses bare Dates in raw `sql` fragments. */
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

const num = (v: unknown) => (v == null ? null : Number(v))

// ---------------------------------------------------------------------------------------------
// Response times

export type ResponseTimesByKind = Record<GithubItemKind, ResponseTimeSummary>

/** Time to first response per kind over items created in the period (bot-authored items excluded), with the count still waiting. */
export async function responseTimes(filter: HealthFilter, tx: DbOrTx = db): Promise<ResponseTimesByKind> {
  const hours = hoursBetween(githubItems.createdAt, githubItems.firstResponseAt)
  const rows = await tx
    .select({
      kind: githubItems.kind,
      median: sql<
        string | null
      >`percentile_cont(0.5) within group (order by ${hours}) filter (where ${githubItems.firstResponseAt} is not null)`,
      p90: sql<
        string | null
      >`percentile_cont(0.9) within group (order by ${hours}) filter (where ${githubItems.firstResponseAt} is not null)`,
      count: sql<number>`count(${githubItems.firstResponseAt})::int`,
      waiting: sql<number>`(count(*) - count(${githubItems.firstResponseAt}))::int`,
    })
    .from(githubItems)
    .where(
      and(
        within(githubItems.createdAt, filter.range),
        eq(githubItems.authorIsBot, false),
        repoIs(githubItems.repositoryId, filter.repositoryId),
      ),
    )
    .groupBy(githubItems.kind)
  const empty = (): ResponseTimeSummary => ({ median: null, p90: null, count: 0, waiting: 0 })
  const out: ResponseTimesByKind = { issue: empty(), pull_request: empty(), discussion: empty() }
  for (const r of rows) out[r.kind] = { median: num(r.median), p90: num(r.p90), count: Number(r.count), waiting: Number(r.waiting) }
  return out
}

function repoIs(column: SQLWrapper, repositoryId: string | null | undefined) {
  return repositoryId ? eq(column, repositoryId) : undefined
}

/** Time to answer: answerable discussions created in the period, creation → answer chosen. */
export async function timeToAnswerHours(filter: HealthFilter, tx: DbOrTx = db) {
  const hours = hoursBetween(githubItems.createdAt, githubItems.answerChosenAt)
  const [row] = await tx
    .select({
      median: sql<
        string | null
      >`percentile_cont(0.5) within group (order by ${hours}) filter (where ${githubItems.answerChosenAt} is not null)`,
      count: sql<number>`count(${githubItems.answerChosenAt})::int`,
      unanswered: sql<number>`(count(*) - count(${githubItems.answerChosenAt}))::int`,
    })
    .from(githubItems)
    .where(
      and(
        eq(githubItems.kind, 'discussion'),
        eq(githubItems.categoryIsAnswerable, true),
        within(githubItems.createdAt, filter.range),
        repoIs(githubItems.repositoryId, filter.repositoryId),
      ),
    )
  return { median: num(row?.median), count: Number(row?.count ?? 0), unanswered: Number(row?.unanswered ?? 0) }
}

// ---------------------------------------------------------------------------------------------
// Opened vs closed, change request closure ratio

export async function openedClosed(filter: HealthFilter, tx: DbOrTx = db) {
  // Two index-only scans (items created in the period, items closed in it) rather than one
  // scan of every row with an OR.
  const byKind = (kind: GithubItemKind) => sql<number>`count(*) filter (where ${githubItems.kind} = ${kind})::int`
  const [[opened], [closed]] = await Promise.all([
    tx
      .select({ issues: byKind('issue'), pullRequests: byKind('pull_request') })
      .from(githubItems)
      .where(and(within(githubItems.createdAt, filter.range), repoIs(githubItems.repositoryId, filter.repositoryId))),
    tx
      .select({ issues: byKind('issue'), pullRequests: byKind('pull_request') })
      .from(githubItems)
      .where(and(within(githubItems.closedAt, filter.range), repoIs(githubItems.repositoryId, filter.repositoryId))),
  ])
  const counts = {
    issuesOpened: Number(opened?.issues ?? 0),
    issuesClosed: Number(closed?.issues ?? 0),
    pullRequestsOpened: Number(opened?.pullRequests ?? 0),
    pullRequestsClosed: Number(closed?.pullRequests ?? 0),
  }
  return {
    ...counts,
    changeRequestClosureRatio: counts.pullRequestsOpened === 0 ? null : counts.pullRequestsClosed / counts.pullRequestsOpened,
  }
}

// ---------------------------------------------------------------------------------------------
// Contributors

/**
 * Who contributed when in a range: every human contribution (a commit, an item opened, a comment,
 * review or chosen answer) as (identity, at), read from the time indexes.
 */
function contributionTimes(repositoryId: string | null | undefined, tx: DbOrTx, range: TimeRange) {
  const identity = (col: SQL | typeof commits.authorKey) => sql<string>`${col}`.as('identity')
  const at = (col: SQLWrapper) => sql<Date>`${col}`.as('at')
  return unionAll(
    tx
      .select({ identity: identity(commits.authorKey), at: at(commits.authoredAt) })
      .from(commits)
      .where(and(eq(commits.isBot, false), repoIs(commits.repositoryId, repositoryId), within(commits.authoredAt, range))),
    tx
      .select({ identity: identity(sql`${githubItems.authorLogin}`), at: at(githubItems.createdAt) })
      .from(githubItems)
      .where(
        and(
          eq(githubItems.authorIsBot, false),
          isNotNull(githubItems.authorLogin),
          repoIs(githubItems.repositoryId, repositoryId),
          within(githubItems.createdAt, range),
        ),
      ),
    tx
      .select({ identity: identity(sql`${githubItemEvents.actorLogin}`), at: at(githubItemEvents.occurredAt) })
      .from(githubItemEvents)
      .where(
        and(
          eq(githubItemEvents.actorIsBot, false),
          isNotNull(githubItemEvents.actorLogin),
          repoIs(githubItemEvents.repositoryId, repositoryId),
          within(githubItemEvents.occurredAt, range),
        ),
      ),
  ).as('contributions')
}

/**
 * Each contributor's first and last contribution and kinds (to the repository, or to any tracked
 * one), from the tables the database keeps up to date (db/schema/community.ts, ADR 008).
 */
function contributorsOf(repositoryId: string | null | undefined, tx: DbOrTx) {
  if (repositoryId)
    return tx
      .select({ identity: contributors.identity, firstAt: contributors.firstAt, lastAt: contributors.lastAt, kinds: contributors.kinds })
      .from(contributors)
      .where(eq(contributors.repositoryId, repositoryId))
      .as('people')
  return tx
    .select({
      identity: contributorsOverall.identity,
      firstAt: contributorsOverall.firstAt,
      lastAt: contributorsOverall.lastAt,
      kinds: contributorsOverall.kinds,
    })
    .from(contributorsOverall)
    .as('people')
}

export interface ContributorCounts {
  newContributors: number
  activeContributors: number
  inactiveContributors: number
  contributorAbsenceFactor: number | null
}

/** New, active and inactive contributors and the absence factor for the period (bots excluded). */
export async function contributorCounts(filter: HealthFilter, tx: DbOrTx = db): Promise<ContributorCounts> {
  const { start, end } = filter.range
  const prev = previousRange(filter.range)
  // Active and inactive need only this period and the previous one.
  const c = contributionTimes(filter.repositoryId, tx, { start: prev.start, end })
  const perPerson = tx
    .select({ identity: c.identity, now: sql<boolean>`max(${c.at}) >= ${ts(start)}`.as('now') })
    .from(c)
    .groupBy(c.identity)
    .as('per_person')
  const people = contributorsOf(filter.repositoryId, tx)
  const [[activity], [newcomers], commitCounts] = await Promise.all([
    tx
      .select({
        activeContributors: sql<number>`count(*) filter (where ${perPerson.now})::int`,
        inactiveContributors: sql<number>`count(*) filter (where not ${perPerson.now})::int`,
      })
      .from(perPerson),
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(people)
      .where(and(gte(people.firstAt, start), lt(people.firstAt, end))),
    tx
      .select({ n: count() })
      .from(commits)
      .where(
        and(
          eq(commits.isBot, false),
          eq(commits.isMerge, false),
          within(commits.authoredAt, filter.range),
          repoIs(commits.repositoryId, filter.repositoryId),
        ),
      )
      .groupBy(commits.authorKey),
  ])
  return {
    newContributors: Number(newcomers?.n ?? 0),
    activeContributors: Number(activity?.activeContributors ?? 0),
    inactiveContributors: Number(activity?.inactiveContributors ?? 0),
    contributorAbsenceFactor: absenceFactorOfCounts(commitCounts.map((r) => Number(r.n))),
  }
}

/**
 * The contributors list for the period: everyone active in it or in the previous one, newest
 * activity first. Only the two periods' contributions are read; first, last and kinds over the
 * whole history come from the contributors tables.
 */
export async function listContributors(filter: HealthFilter, tx: DbOrTx = db): Promise<ContributorSummary[]> {
  const { start, end } = filter.range
  const prev = previousRange(filter.range)
  const c = contributionTimes(filter.repositoryId, tx, { start: prev.start, end })
  const recent = tx
    // `who`, not `identity`: drizzle leaves subquery columns unqualified, and people has an identity too.
    .select({
      who: sql<string>`${c.identity}`.as('who'),
      inPeriod: sql<number>`count(*) filter (where ${c.at} >= ${ts(start)})`.as('in_period'),
    })
    .from(c)
    .groupBy(c.identity)
    .as('recent')
  const people = contributorsOf(filter.repositoryId, tx)
  const rows = await tx
    .select({ identity: people.identity, inPeriod: recent.inPeriod, firstAt: people.firstAt, lastAt: people.lastAt, kinds: people.kinds })
    .from(recent)
    .innerJoin(people, eq(people.identity, recent.who))
    .orderBy(desc(people.lastAt), people.identity)
  return rows.map((r) => {
    const firstAt = new Date(r.firstAt)
    const inPeriod = Number(r.inPeriod)
    const status: ContributorStatus = firstAt >= start && firstAt < end ? 'new' : inPeriod > 0 ? 'returning' : 'inactive'
    return { identity: r.identity, firstAt, lastAt: new Date(r.lastAt), kinds: [...r.kinds].sort() as ContributionKind[], inPeriod, status }
  })
}

// ---------------------------------------------------------------------------------------------
// Monthly series and snapshots

export interface MonthlyRow {
  month: string
  newContributors: number
  medianFirstResponseHours: number | null
  opened: number
  closed: number
}

/** The months' windows in the project's time zone, clipped to the range (the first and last may be partial). */
function monthWindows(months: string[], range: TimeRange, timeZone: string) {
  return months.flatMap((month) => {
    const first = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone })
    const start = new Date(Math.max(first.toMillis(), range.start.getTime()))
    const end = new Date(Math.min(first.plus({ months: 1 }).toMillis(), range.end.getTime()))
    return start < end ? [{ month, start: start.toISOString(), end: end.toISOString() }] : []
  })
}

/**
 * One row per month of the period (in the project's time zone), with no gaps. Each month's
 * figures are range scans of the time indexes, one query for the whole series: cheaper than
 * grouping every row of the period by a month computed per row.
 */
export async function monthlySeries(filter: HealthFilter, months: string[], tx: DbOrTx = db): Promise<MonthlyRow[]> {
  const windows = monthWindows(months, filter.range, filter.timeZone)
  if (windows.length === 0)
    return months.map((month) => ({ month, newContributors: 0, medianFirstResponseHours: null, opened: 0, closed: 0 }))
  const repo = filter.repositoryId
  const items = (alias: string) => sql.raw(`"${getTableName(githubItems)}" as ${alias}`)
  const inRepo = (alias: string) => (repo ? sql` and ${sql.raw(alias)}.repository_id = ${repo}::uuid` : sql``)
  const firsts = repo
    ? sql`select count(*) from ${contributors} c where c.repository_id = ${repo}::uuid and c.first_at >= m.start and c.first_at < m."end"`
    : sql`select count(*) from ${contributorsOverall} c where c.first_at >= m.start and c.first_at < m."end"`
  const rows = await executeRows<{
    month: string
    median: string | number | null
    opened: number
    closed: number
    newcomers: number
  }>(
    sql`
    select m.month,
      (select percentile_cont(0.5) within group (order by extract(epoch from (r.first_response_at - r.created_at)) / 3600.0)
         from ${items('r')} where r.created_at >= m.start and r.created_at < m."end" and not r.author_is_bot and r.first_response_at is not null${inRepo('r')}) as median,
      (select count(*) from ${items('o')} where o.created_at >= m.start and o.created_at < m."end" and o.kind in ('issue', 'pull_request')${inRepo('o')})::int as opened,
      (select count(*) from ${items('c')} where c.closed_at >= m.start and c.closed_at < m."end" and c.kind in ('issue', 'pull_request')${inRepo('c')})::int as closed,
      (${firsts})::int as newcomers
    from jsonb_to_recordset(${JSON.stringify(windows)}::jsonb) as m(month text, start timestamptz, "end" timestamptz)`,
    tx,
  )
  const byMonth = new Map(rows.map((r) => [r.month, r]))
  return months.map((month) => {
    const r = byMonth.get(month)
    const median = num(r?.median)
    return {
      month,
      newContributors: Number(r?.newcomers ?? 0),
      medianFirstResponseHours: median == null ? null : Math.round(median * 10) / 10,
      opened: Number(r?.opened ?? 0),
      closed: Number(r?.closed ?? 0),
    }
  })
}

/** Stars and forks: the last snapshot of each month in the period (summed over repositories). */
export async function starsAndForks(filter: HealthFilter, tx: DbOrTx = db) {
  const startDay = filter.range.start.toISOString().slice(0, 10)
  const endDay = filter.range.end.toISOString().slice(0, 10)
  const month = sql<string>`substr(${repositorySnapshots.day}::text, 1, 7)`
  const lastDays = tx
    .select({ repositoryId: repositorySnapshots.repositoryId, day: max(repositorySnapshots.day).as('last_day') })
    .from(repositorySnapshots)
    .where(
      and(
        gte(repositorySnapshots.day, startDay),
        lt(repositorySnapshots.day, endDay),
        filter.repositoryId ? eq(repositorySnapshots.repositoryId, filter.repositoryId) : undefined,
      ),
    )
    .groupBy(repositorySnapshots.repositoryId, month)
    .as('last_days')
  const rows = await tx
    .select({
      month,
      stars: sql<number>`sum(${repositorySnapshots.stars})::int`,
      forks: sql<number>`sum(${repositorySnapshots.forks})::int`,
    })
    .from(repositorySnapshots)
    .innerJoin(lastDays, and(eq(lastDays.repositoryId, repositorySnapshots.repositoryId), eq(lastDays.day, repositorySnapshots.day)))
    .groupBy(month)
    .orderBy(month)
  return rows.map((r) => ({ month: r.month, stars: Number(r.stars), forks: Number(r.forks) }))
}

/** Stars at (the last snapshot before) an instant, summed over repositories; null without snapshots. */
export async function starsAt(at: Date, repositoryId: string | null | undefined, tx: DbOrTx = db): Promise<number | null> {
  const day = at.toISOString().slice(0, 10)
  const latest = tx
    .select({ repositoryId: repositorySnapshots.repositoryId, day: max(repositorySnapshots.day).as('latest_day') })
    .from(repositorySnapshots)
    .where(and(lt(repositorySnapshots.day, day), repositoryId ? eq(repositorySnapshots.repositoryId, repositoryId) : undefined))
    .groupBy(repositorySnapshots.repositoryId)
    .as('latest')
  const [row] = await tx
    .select({ stars: sql<number | null>`sum(${repositorySnapshots.stars})::int` })
    .from(repositorySnapshots)
    .innerJoin(latest, and(eq(latest.repositoryId, repositorySnapshots.repositoryId), eq(latest.day, repositorySnapshots.day)))
  return row?.stars == null ? null : Number(row.stars)
}

// ---------------------------------------------------------------------------------------------
// Maintainer activity

/** Per maintainer in the period: responses (comments and answers), reviews, merges. */
export async function maintainerActivityFor(filter: HealthFilter, maintainers: string[], tx: DbOrTx = db): Promise<MaintainerActivity[]> {
  if (maintainers.length === 0) return []
  const events = await tx
    .select({
      login: sql<string>`lower(${githubItemEvents.actorLogin})`,
      responses: sql<number>`count(*) filter (where ${githubItemEvents.kind} <> 'review')::int`,
      reviews: sql<number>`count(*) filter (where ${githubItemEvents.kind} = 'review')::int`,
    })
    .from(githubItemEvents)
    .where(
      and(
        inArray(sql`lower(${githubItemEvents.actorLogin})`, maintainers),
        gte(githubItemEvents.occurredAt, filter.range.start),
        lt(githubItemEvents.occurredAt, filter.range.end),
        filter.repositoryId ? eq(githubItemEvents.repositoryId, filter.repositoryId) : undefined,
      ),
    )
    .groupBy(sql`lower(${githubItemEvents.actorLogin})`)
  const merges = await tx
    .select({ login: sql<string>`lower(${githubItems.mergedByLogin})`, merges: sql<number>`count(*)::int` })
    .from(githubItems)
    .where(
      and(
        inArray(sql`lower(${githubItems.mergedByLogin})`, maintainers),
        within(githubItems.mergedAt, filter.range),
        repoIs(githubItems.repositoryId, filter.repositoryId),
      ),
    )
    .groupBy(sql`lower(${githubItems.mergedByLogin})`)
  const rows = new Map(maintainers.map((m) => [m, { identity: m, responses: 0, reviews: 0, merges: 0 }]))
  for (const e of events) Object.assign(rows.get(e.login!)!, { responses: Number(e.responses), reviews: Number(e.reviews) })
  for (const m of merges) rows.get(m.login!)!.merges = Number(m.merges)
  const total = (r: MaintainerActivity) => r.responses + r.reviews + r.merges
  return [...rows.values()].sort((a, b) => total(b) - total(a) || a.identity.localeCompare(b.identity))
}

// ---------------------------------------------------------------------------------------------
// Everything the /community page shows

/**
 * `months` are the monthly series' months, over the period, or over `monthsRange` when given
 * (the page's charts show a year even for a short period).
 */
export async function getCommunityHealth(filter: HealthFilter & { months: string[]; monthsRange?: TimeRange }, tx: DbOrTx = db) {
  const maintainers = await listMaintainerLogins(tx)
  const [responses, answer, openClose, contributors, monthly, stars, activity] = await Promise.all([
    responseTimes(filter, tx),
    timeToAnswerHours(filter, tx),
    openedClosed(filter, tx),
    contributorCounts(filter, tx),
    monthlySeries({ ...filter, range: filter.monthsRange ?? filter.range }, filter.months, tx),
    starsAndForks(filter, tx),
    maintainerActivityFor(filter, maintainers.logins, tx),
  ])
  return { responses, answer, openClose, contributors, monthly, stars, maintainers, maintainerActivity: activity }
}
