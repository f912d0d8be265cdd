// The community section of the quarterly report (contract: app/domain/reports/contract.ts).
import { and, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { githubItems, repositories } from '#db/schema/index.ts'
import type { CommunitySection, QuarterInput } from '#app/domain/reports/contract.ts'
import { monthsOf } from '#app/utils/time.ts'
import { contributorCounts, monthlySeries, openedClosed, responseTimes, starsAt, timeToAnswerHours } from './chaoss-metrics.server.ts'
import { FORUM_FIRST_RESPONSE_DEFINITION, forumResponseTimes } from './forum-metrics.server.ts'
import { EMAIL_FIRST_RESPONSE_DEFINITION, emailResponseTimes } from './mailbox-metrics.server.ts'
import { listInternsForYears } from './internships.server.ts'
import { listMaintainerLogins } from './maintainers.server.ts'
import { readResponseTargetHours } from './triage.server.ts'
import { INTERN_STATUS_LABELS } from './vocabulary.ts'
import { TRIAGE_KINDS } from './triage.server.ts'

/**
 * Issues and discussions created in the period that waited longer than the target for a first
 * response: answered after more than `targetHours`, or still unanswered and older than the
 * target at the period's end (or now, if sooner). Bot-authored items excluded.
 */
export async function countOverTargetInPeriod(input: { start: Date; end: Date; targetHours: number; now?: Date }, tx: DbOrTx = db) {
  const asOf = new Date(Math.min(input.end.getTime(), (input.now ?? new Date()).getTime()))
  const cutoff = new Date(asOf.getTime() - input.targetHours * 3_600_000)
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(githubItems)
    .where(
      and(
        // the triage queue's kinds: pull requests wait for a first review as issues wait for an answer
        inArray(githubItems.kind, [...TRIAGE_KINDS]),
        eq(githubItems.authorIsBot, false),
        gte(githubItems.createdAt, input.start),
        lt(githubItems.createdAt, input.end),
        or(
          sql`${githubItems.firstResponseAt} - ${githubItems.createdAt} > make_interval(secs => ${input.targetHours * 3600})`,
          and(isNull(githubItems.firstResponseAt), lt(githubItems.createdAt, cutoff)),
        ),
      ),
    )
  return Number(row?.n ?? 0)
}

const round1 = (v: number | null) => (v == null ? null : Math.round(v * 10) / 10)

export async function summariseCommunityQuarter(input: QuarterInput): Promise<CommunitySection> {
  // With no repository tracked there is nothing to count from: people counts are unknown, not zero.
  const [{ tracked }] = await db.select({ tracked: sql<number>`count(*)::int` }).from(repositories)
  const known = <T>(value: T) => (Number(tracked) > 0 ? value : null)
  const range = { start: input.start.toJSDate(), end: input.end.toJSDate() }
  const filter = { range, timeZone: input.timeZone }
  const targetHours = await readResponseTargetHours()
  const [responses, answer, openClose, contributors, monthly, starsStart, starsEnd, overTarget, maintainers, internRows, forum, email] =
    await Promise.all([
      responseTimes(filter),
      timeToAnswerHours(filter),
      openedClosed(filter),
      contributorCounts(filter),
      monthlySeries(filter, monthsOf({ start: input.start, end: input.end })),
      starsAt(range.start, null),
      starsAt(range.end, null),
      countOverTargetInPeriod({ ...range, targetHours }),
      listMaintainerLogins(),
      listInternsForYears([...new Set([input.start.year, input.end.minus({ days: 1 }).year])]),
      forumResponseTimes(range),
      emailResponseTimes({ range }),
    ])
  const rt = (r: (typeof responses)['issue']) => ({ median: round1(r.median), p90: round1(r.p90), count: r.count, waiting: r.waiting })
  const scope = `created ${input.start.toISODate()} to ${input.end.minus({ days: 1 }).toISODate()} (${input.timeZone}), all tracked repositories`
  return {
    newContributors: known(contributors.newContributors),
    activeContributors: known(contributors.activeContributors),
    inactiveContributors: known(contributors.inactiveContributors),
    contributorAbsenceFactor: known(contributors.contributorAbsenceFactor),
    timeToFirstResponseHours: {
      issues: rt(responses.issue),
      pullRequests: rt(responses.pull_request),
      discussions: rt(responses.discussion),
      forum: rt(forum),
      email: rt(email),
    },
    timeToAnswerHours: { median: round1(answer.median), count: answer.count },
    changeRequestClosureRatio: openClose.changeRequestClosureRatio,
    triageOverTarget: known(overTarget),
    openedClosed: {
      issuesOpened: openClose.issuesOpened,
      issuesClosed: openClose.issuesClosed,
      pullRequestsOpened: openClose.pullRequestsOpened,
      pullRequestsClosed: openClose.pullRequestsClosed,
    },
    stars: { atStart: starsStart, atEnd: starsEnd },
    internships: internRows.map((r) => ({
      programme: r.programme,
      year: r.year,
      intern: r.intern,
      project: r.project,
      status: INTERN_STATUS_LABELS[r.status],
    })),
    monthly,
    provenance: {
      newContributors: `People whose first contribution of any kind (commit, issue, pull request, discussion, comment, review, forum post) falls in ${input.quarter}; identity = GitHub login, else commit author name, else forum username, with the identities merged in the identity map counted as one person; e-mail senders do not count; bots excluded.`,
      activeContributors: `People (identities merged in the identity map count once) with at least one contribution, forum posts included, in ${input.quarter}; bots excluded.`,
      inactiveContributors: `People active in the previous quarter-length period but not in ${input.quarter}; bots excluded.`,
      contributorAbsenceFactor: `Smallest number of people covering at least 50% of non-merge commits in ${input.quarter}; bots excluded.`,
      timeToFirstResponseHours: `Creation to first comment, review or answer by someone other than the author (bots excluded), hours; median and 90th percentile (linear interpolation) over items ${scope}; bot-authored items excluded; "waiting" = still without a response.`,
      timeToFirstResponseForum: `${FORUM_FIRST_RESPONSE_DEFINITION} Topics created ${input.start.toISODate()} to ${input.end.minus({ days: 1 }).toISODate()} (${input.timeZone}).`,
      timeToFirstResponseEmail: `${EMAIL_FIRST_RESPONSE_DEFINITION} Threads created ${input.start.toISODate()} to ${input.end.minus({ days: 1 }).toISODate()} (${input.timeZone}).`,
      timeToAnswerHours: `Discussions in answerable categories ${scope}: creation to answer chosen, median hours.`,
      changeRequestClosureRatio: `Pull requests closed or merged in ${input.quarter} / pull requests opened in ${input.quarter}.`,
      triageOverTarget: `Issues and discussions ${scope} that waited more than ${targetHours} h for a first response (or still wait past it). Maintainers: ${maintainers.source === 'setting' ? 'from settings' : 'OWNER/MEMBER/COLLABORATOR authors'} (${maintainers.logins.length}).`,
      stars: 'Sum over tracked repositories of the last daily snapshot before the quarter starts and before it ends.',
      monthly: `Months in ${input.timeZone}; new contributors as above, each person in the month of their first contribution; median first response over items created in the month.`,
    },
  }
}
