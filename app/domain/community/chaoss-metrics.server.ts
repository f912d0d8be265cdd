// The CHAOSS community health metrics over the synced GitHub data (and, for contributors, the forum), aggregated in SQL (DESIGN.md,
// "Definitions that must be exact"). The pure functions in metrics.ts are the reference: the
// property test in chaoss-metrics.server.test.ts holds these queries to them.
import { and, eq, getTableName, gte, inArray, lt, max, sql, type SQLWrapper } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx, executeRows } from '#db/client.server.ts'
import {
  commits,
  contributors,
  contributorsOverall,
  forumPosts,
  githubItemEvents,
  githubItems,
  personIdentities,
  repositorySnapshots,
} from '#db/schema/index.ts'
import { isForumContribution } from './forum-metrics.server.ts'
import { describeIdentity, formatIdentityRef, type IdentityRef } from './identity-refs.ts'
import { type ContributionSide, contributorKey, listIdentitiesOfPeople, personOfKey } from './identity-map.server.ts'
import { listMaintainerLogins } from './maintainers.server.ts'
import {
  absenceFactorOfCounts,
  type ContributorSummary,
  type MaintainerActivity,
  type ResponseTimeSummary,
  type TimeRange,
  previousRange,
} from './metrics.ts'
import type { ContributionKind, GithubItemKind } from './vocabulary.ts'

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
 * Who contributed when in a range: every human contribution as (who, side, at), read from the time
 * indexes. Side 'github': a commit (who = commits.author_key), an item opened, a comment, review or
 * chosen answer (who = the login). Side 'forum', over all repositories only (a forum belongs to
 * none): a regular post (who = the username, lower-cased; Discourse's `system` user is nobody).
 * Who is counted as whom: identity-map.server.ts.
 */
function contributionsIn(repositoryId: string | null | undefined, range: TimeRange) {
  const between = (col: string) => sql`${sql.raw(col)} >= ${ts(range.start)} and ${sql.raw(col)} < ${ts(range.end)}`
  const inRepo = repositoryId ? sql` and repository_id = ${repositoryId}::uuid` : sql``
  const forum = repositoryId
    ? sql``
    : sql` union all
    select lower(username), 'forum', created_at from ${forumPosts} where ${isForumContribution} and ${between('created_at')}`
  return sql`
    select author_key as who, 'github'::text as side, authored_at as at from ${commits} where not is_bot and ${between('authored_at')}${inRepo}
    union all
    select author_login, 'github', created_at from ${githubItems} where not author_is_bot and author_login is not null and ${between('created_at')}${inRepo}
    union all
    select actor_login, 'github', occurred_at from ${githubItemEvents} where not actor_is_bot and actor_login is not null and ${between('occurred_at')}${inRepo}${forum}`
}

/** The counting key of the `who` and `side` columns in scope (identity-map.server.ts). */
const KEY = contributorKey(sql.raw('who'), sql.raw('side'))

/**
 * Each person whose first contribution ever (to the repository, or to any tracked one and the
 * forum) falls in `range`, as (k, first_at): a person's first is the earliest first of all the
 * identities the identity map gives them, so a forum username merged with a GitHub login counts
 * once, in the month of the earlier of the two.
 *
 * Read in two parts, each from an index, never every contributor's key: the identities the map
 * leaves alone whose first lies in the range (their key is their own), and every identity of every
 * merged person (whose earlier first may lie outside the range), keyed through the map. A forum
 * poster's first post is in the range when they posted in it and never before it (the poster
 * index answers "before" per poster).
 */
function personFirstsIn(repositoryId: string | null | undefined, range: TimeRange) {
  const inRange = (col: string) => sql`${sql.raw(col)} >= ${ts(range.start)} and ${sql.raw(col)} < ${ts(range.end)}`
  const githubFirsts = repositoryId
    ? sql`select identity as who, first_at from ${contributors} where repository_id = ${repositoryId}::uuid`
    : sql`select identity as who, first_at from ${contributorsOverall}`
  // `not in` a list hashed once (values and identities are never null), not a probe per identity
  const githubMapped = sql`g.who in (select pi.value from ${personIdentities} pi where pi.kind in ('github', 'commit'))`
  const forumRows = repositoryId
    ? sql``
    : sql`
        union all
        select 'forum:' || f.who, f.first_at from (
          select lower(p.username) as who, min(p.created_at) as first_at from ${forumPosts} p
          where p.post_type = 1 and p.username <> 'system' and ${inRange('p.created_at')}
          group by 1) f
        where f.who not in (select pi.value from ${personIdentities} pi where pi.kind = 'forum')
          and not exists (select 1 from ${forumPosts} e
            where lower(e.username) = f.who and e.post_type = 1 and e.username <> 'system' and e.created_at < ${ts(range.start)})
        union all
        select ${contributorKey(sql.raw('mi.value'), 'forum')}, f.first_at from ${personIdentities} mi
        cross join lateral (select min(e.created_at) as first_at from ${forumPosts} e
          where lower(e.username) = mi.value and e.post_type = 1 and e.username <> 'system') f
        where mi.kind = 'forum' and f.first_at is not null`
  return sql`select k, min(first_at) as first_at from (
        select g.who as k, g.first_at from (${githubFirsts}) g where ${inRange('g.first_at')} and not ${githubMapped}
        union all
        select ${contributorKey(sql.raw('mi.value'), 'github')}, g.first_at from ${personIdentities} mi
        join (${githubFirsts}) g on g.who = mi.value where mi.kind in ('github', 'commit')${forumRows}
      ) firsts group by k having ${inRange('min(first_at)')}`
}

export interface ContributorCounts {
  newContributors: number
  activeContributors: number
  inactiveContributors: number
  contributorAbsenceFactor: number | null
}

/**
 * New, active and inactive contributors and the absence factor for the period (bots excluded),
 * each person counted once however many identities the identity map gives them; forum posters
 * count (over all repositories), e-mail senders do not. The absence factor is over commits only.
 */
export async function contributorCounts(filter: HealthFilter, tx: DbOrTx = db): Promise<ContributorCounts> {
  const { start, end } = filter.range
  const prev = previousRange(filter.range)
  const repo = filter.repositoryId
  const inRange = (col: string) => sql`${sql.raw(col)} >= ${ts(start)} and ${sql.raw(col)} < ${ts(end)}`
  const [[activity], [newcomers], commitCounts] = await Promise.all([
    executeRows<{ active: number; inactive: number }>(
      sql`select count(*) filter (where now)::int as active, count(*) filter (where not now)::int as inactive
        from (select ${KEY} as k, bool_or(now) as now
          from (select who, side, max(at) >= ${ts(start)} as now from (${contributionsIn(repo, { start: prev.start, end })}) c group by who, side) per_identity
          group by 1) per_person`,
      tx,
    ),
    executeRows<{ n: number }>(sql`select count(*)::int as n from (${personFirstsIn(repo, filter.range)}) p`, tx),
    executeRows<{ n: number }>(
      sql`select sum(n)::int as n from (
          select ${KEY} as k, n from (
            select author_key as who, 'github'::text as side, count(*) as n from ${commits}
            where not is_bot and not is_merge and ${inRange('authored_at')}${repo ? sql` and repository_id = ${repo}::uuid` : sql``}
            group by author_key) per_identity) per_key
        group by k`,
      tx,
    ),
  ])
  return {
    newContributors: Number(newcomers?.n ?? 0),
    activeContributors: Number(activity?.active ?? 0),
    inactiveContributors: Number(activity?.inactive ?? 0),
    contributorAbsenceFactor: absenceFactorOfCounts(commitCounts.map((r) => Number(r.n))),
  }
}

export interface ContributorRow extends ContributorSummary {
  /** the counting key: one row per person */
  key: string
  /** how to name this contributor when merging (`github:octocat`, see identity-refs.ts) */
  ref: string
  /** the other identities the identity map gives this person, described */
  aliases: string[]
  /** set when the identity map groups this contributor's identities */
  personId: string | null
}

/**
 * The contributors list for the period: everyone active in it or in the previous one, one row per
 * person, newest activity first. Only the two periods' contributions are read; first, last and
 * kinds over the whole history come from the contributors tables and the forum's posts, over all
 * of a person's identities.
 */
export async function listContributors(filter: HealthFilter, tx: DbOrTx = db): Promise<ContributorRow[]> {
  return (await readContributors(filter, {}, tx)).rows
}

export type ContributorStatusCounts = Record<'new' | 'returning' | 'inactive', number>

/**
 * The same list as `listContributors`, shaped in SQL: the counts per status over everyone, and
 * only the first `limit` rows of `status` (or of everyone) in the list's order. One statement:
 * the period's contributions grouped by identity, keyed through the identity map, joined to the
 * history of every identity of each person; only the rows shown travel to the server.
 */
export async function readContributors(
  filter: HealthFilter,
  options: { status?: 'new' | 'returning' | 'inactive' | null; limit?: number | null },
  tx: DbOrTx = db,
): Promise<{ counts: ContributorStatusCounts; rows: ContributorRow[] }> {
  const { start, end } = filter.range
  const prev = previousRange(filter.range)
  const repo = filter.repositoryId
  const history = repo
    ? sql`select identity, first_at, last_at, kinds from ${contributors} where repository_id = ${repo}::uuid`
    : sql`select identity, first_at, last_at, kinds from ${contributorsOverall}`
  const wanted = options.status ?? null
  const limit = options.limit ?? null
  const query = sql`with recent as (
        select who, side, count(*) filter (where at >= ${ts(start)})::int as in_period
        from (${contributionsIn(repo, { start: prev.start, end })}) c group by who, side),
      per_key as (
        select k, min(who) as who, min(side) as side, sum(in_period)::int as in_period
        from (select ${KEY} as k, who, side, in_period from recent) keyed group by k),
      -- the identities whose history makes each row: its own, or every identity of the person
      members as (
        select k, who, side from per_key where k not like 'person:%'
        union all
        select p.k, pi.value, case when pi.kind = 'forum' then 'forum' else 'github' end
        from per_key p join ${personIdentities} pi on pi.person_id::text = substr(p.k, 8)
        where p.k like 'person:%' and pi.kind <> 'email'),
      seen as (
        select m.k, h.first_at, h.last_at, h.kinds from members m join (${history}) h on h.identity = m.who where m.side = 'github'
        ${
          repo
            ? sql``
            : sql`union all
        select m.k, f.first_at, f.last_at, array['forum']::text[] from members m
        cross join lateral (
          select min(${forumPosts.createdAt}) as first_at, max(${forumPosts.createdAt}) as last_at from ${forumPosts}
          where lower(${forumPosts.username}) = m.who and ${isForumContribution}) f
        where m.side = 'forum' and f.first_at is not null`
        }),
      per_person as (
        select k, min(first_at) as first_at, max(last_at) as last_at, array_agg(distinct kind order by kind) as kinds
        from seen cross join lateral unnest(seen.kinds) kind group by k),
      -- GitHub-side identities GitHub knows as a login (the rest are commit author names)
      linked as (
        select distinct author_key from ${commits}
        where author_login is not null and author_key in (select who from per_key where side = 'github' and k not like 'person:%')),
      listed as (
        select p.k, p.who, p.side, p.in_period, h.first_at, h.last_at, h.kinds, l.author_key is not null as linked,
          case when h.first_at >= ${ts(start)} and h.first_at < ${ts(end)} then 'new' when p.in_period > 0 then 'returning' else 'inactive' end as status
        from per_key p join per_person h on h.k = p.k left join linked l on p.side = 'github' and l.author_key = p.who)
      select * from (
        select listed.*,
          (count(*) filter (where status = 'new') over ())::int as n_new,
          (count(*) filter (where status = 'returning') over ())::int as n_returning,
          (count(*) filter (where status = 'inactive') over ())::int as n_inactive
        from listed) counted
      order by ${wanted ? sql`(status = ${wanted}) desc, ` : sql``}last_at desc
      ${limit ? sql`fetch first ${limit} rows with ties` : sql``}`
  const rows = await executeRows<{
    k: string
    who: string
    side: ContributionSide
    in_period: number
    first_at: Date | string
    last_at: Date | string
    kinds: string[]
    linked: boolean
    status: 'new' | 'returning' | 'inactive'
    n_new: number
    n_returning: number
    n_inactive: number
  }>(query, tx)
  const counts: ContributorStatusCounts = {
    new: Number(rows[0]?.n_new ?? 0),
    returning: Number(rows[0]?.n_returning ?? 0),
    inactive: Number(rows[0]?.n_inactive ?? 0),
  }
  const shown = wanted ? rows.filter((r) => r.status === wanted) : rows
  const identities = await listIdentitiesOfPeople([...new Set(shown.flatMap((r) => personOfKey(r.k) ?? []))], tx)
  const list = shown.map((r): ContributorRow => {
    const kinds = r.kinds as ContributionKind[]
    const personId = personOfKey(r.k)
    // An identity of its own (no person): a login when GitHub knows it as one, else a commit author's name.
    const named: IdentityRef[] = personId
      ? (identities.get(personId) ?? [])
      : [
          r.side === 'forum'
            ? { kind: 'forum', value: r.who }
            : { kind: kinds.some((k) => k !== 'commit') || r.linked ? 'github' : 'commit', value: r.who },
        ]
    const [primary, ...others] = named
    return {
      key: r.k,
      identity: primary!.value,
      ref: formatIdentityRef(primary!),
      aliases: others.map(describeIdentity),
      personId,
      firstAt: new Date(r.first_at),
      lastAt: new Date(r.last_at),
      kinds,
      inPeriod: Number(r.in_period),
      status: r.status,
    }
  })
  list.sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || a.identity.localeCompare(b.identity) || a.key.localeCompare(b.key))
  return { counts, rows: limit ? list.slice(0, limit) : list }
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
 * One row per month of the period (in the project's time zone), with no gaps. New contributors
 * are people (the identity map's, as in contributorCounts), each in the month of their first
 * contribution: a month's figure equals contributorCounts' over that month. Each month's
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
  const rows = await executeRows<{
    month: string
    median: string | number | null
    opened: number
    closed: number
    newcomers: number
  }>(
    sql`
    with newcomers as (
        -- each newcomer once, in the window their first falls in (the windows are contiguous and
        -- the firsts lie within them): one pass over the firsts, not one per month
        select width_bucket(p.first_at, ${`{${windows.map((w) => w.start).join(',')}}`}::timestamptz[]) as i, count(*)::int as n
        from (${personFirstsIn(repo, { start: new Date(windows[0]!.start), end: new Date(windows.at(-1)!.end) })}) p
        group by 1)
    select m.month,
      (select percentile_cont(0.5) within group (order by extract(epoch from (r.first_response_at - r.created_at)) / 3600.0)
         from ${items('r')} where r.created_at >= m.start and r.created_at < m."end" and not r.author_is_bot and r.first_response_at is not null${inRepo('r')}) as median,
      (select count(*) from ${items('o')} where o.created_at >= m.start and o.created_at < m."end" and o.kind in ('issue', 'pull_request')${inRepo('o')})::int as opened,
      (select count(*) from ${items('c')} where c.closed_at >= m.start and c.closed_at < m."end" and c.kind in ('issue', 'pull_request')${inRepo('c')})::int as closed,
      coalesce(n.n, 0) as newcomers
    from jsonb_to_recordset(${JSON.stringify(windows.map((w, i) => ({ ...w, i: i + 1 })))}::jsonb) as m(month text, start timestamptz, "end" timestamptz, i int)
    left join newcomers n on n.i = m.i`,
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
