// Forum numbers for /community and the quarterly report.
//
// Time to first response on the forum: from a topic's creation to the first regular reply by
// someone other than its author (Discourse's own definition, CONNECTORS.md §3; small actions,
// moderator notes and whispers do not count). Median and 90th percentile (linear interpolation)
// over topics created in the period in every forum Steward has synced (a removed forum's topics
// stay); "waiting" counts topics created in the period with no such reply yet.
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { personIdentities } from '#db/schema/identities.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/sources.ts'
import { DEFINITIONS } from './definitions.ts'
import { listMaintainerLogins } from './maintainers.server.ts'
import type { ResponseTimeSummary } from './metrics.ts'

/** The definition shown beside the figure (definitions.ts, where every community definition lives). */
export const FORUM_FIRST_RESPONSE_DEFINITION = DEFINITIONS.forumFirstResponse
export const FORUM_MAINTAINER_REPLIES_DEFINITION = DEFINITIONS.forumMaintainerReplies

/** Over every forum, or the one `range.sourceId` names. */
export async function forumResponseTimes(
  range: { start: Date; end: Date; sourceId?: string | null },
  tx: DbOrTx = db,
): Promise<ResponseTimeSummary> {
  const hours = sql`extract(epoch from (${forumTopics.firstResponseAt} - ${forumTopics.createdAt})) / 3600.0`
  const [row] = await tx
    .select({
      median: sql<
        string | null
      >`percentile_cont(0.5) within group (order by ${hours}) filter (where ${forumTopics.firstResponseAt} is not null)`,
      p90: sql<
        string | null
      >`percentile_cont(0.9) within group (order by ${hours}) filter (where ${forumTopics.firstResponseAt} is not null)`,
      count: sql<number>`count(${forumTopics.firstResponseAt})::int`,
      waiting: sql<number>`(count(*) - count(${forumTopics.firstResponseAt}))::int`,
    })
    .from(forumTopics)
    .where(
      and(
        gte(forumTopics.createdAt, range.start),
        lt(forumTopics.createdAt, range.end),
        range.sourceId ? eq(forumTopics.sourceId, range.sourceId) : undefined,
      ),
    )
  return {
    median: row?.median == null ? null : Number(row.median),
    p90: row?.p90 == null ? null : Number(row.p90),
    count: Number(row?.count ?? 0),
    waiting: Number(row?.waiting ?? 0),
  }
}

/** Whether any forum has been synced at all (otherwise the forum's numbers are not shown). */
export async function hasForumData(tx: DbOrTx = db) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(forumTopics)
    .limit(1)
  return Number(row?.n ?? 0) > 0
}

/**
 * What makes a forum post a contribution: a regular post (a topic or a reply; not a small action,
 * moderator note or whisper) by anyone but Discourse's `system` user. The contributor counts
 * (chaoss-metrics.server.ts) use it too, with the username lower-cased as the identity.
 */
export const isForumContribution = sql`${forumPosts.postType} = 1 and ${forumPosts.username} <> 'system'`

/**
 * Forum posters as contributors of kind `forum`: everyone who wrote a regular post (a topic or a
 * reply) in the period, with their first forum post ever. Identity: the forum username, lower-cased.
 */
export async function forumContributors(range: { start: Date; end: Date }, tx: DbOrTx = db) {
  const rows = await tx
    .select({
      identity: sql<string>`lower(${forumPosts.username})`,
      posts: sql<number>`count(*) filter (where ${forumPosts.createdAt} >= ${range.start.toISOString()}::timestamptz and ${forumPosts.createdAt} < ${range.end.toISOString()}::timestamptz)::int`,
      firstAt: sql<Date>`min(${forumPosts.createdAt})`,
    })
    .from(forumPosts)
    .where(and(isForumContribution, lt(forumPosts.createdAt, range.end)))
    .groupBy(sql`lower(${forumPosts.username})`)
  return rows
    .filter((r) => Number(r.posts) > 0)
    .map((r) => ({
      identity: r.identity,
      kind: 'forum' as const,
      posts: Number(r.posts),
      firstAt: new Date(r.firstAt),
      isNew: new Date(r.firstAt) >= range.start,
    }))
    .sort((a, b) => b.posts - a.posts || a.identity.localeCompare(b.identity))
}

/** Per forum: of the topics created in the period that got a first reply, how many got it from a maintainer. */
export interface ForumFirstRepliers {
  sourceId: string
  name: string
  /** topics created in the period with a first reply (the forum's "answered") */
  replied: number
  /** of those, first replied by a maintainer */
  byMaintainers: number
}

/**
 * Who answers on each forum (ADR 031): of the topics created in the period that got a first reply
 * (the same first reply as the response times: the first regular reply by someone other than the
 * author), how many got it from a maintainer. A maintainer is a member of the forum's maintainer
 * groups as the last sync saw them (`maintainer_usernames`), or someone the identity map joins to
 * such a member or to a GitHub maintainer (`listMaintainerLogins`: the maintainers setting, else
 * the authors of items whose association is OWNER, MEMBER or COLLABORATOR). Every forum, or the
 * one `range.sourceId` names; forums without a first reply in the period are left out.
 */
export async function forumFirstRepliesByMaintainers(
  range: { start: Date; end: Date; sourceId?: string | null },
  tx: DbOrTx = db,
): Promise<ForumFirstRepliers[]> {
  const { logins } = await listMaintainerLogins(tx)
  const responder = sql`lower(${forumTopics.firstResponderUsername})`
  const githubMaintainers = sql`(select jsonb_array_elements_text(${JSON.stringify(logins)}::jsonb))`
  const byMaintainer = sql`${responder} = any(${communitySources.maintainerUsernames}) or exists (
      select 1 from ${personIdentities} me join ${personIdentities} other on other.person_id = me.person_id
      where me.kind = 'forum' and me.value = ${responder}
        and ((other.kind = 'forum' and other.value = any(${communitySources.maintainerUsernames}))
          or (other.kind = 'github' and lower(other.value) in ${githubMaintainers})))`
  const rows = await tx
    .select({
      sourceId: communitySources.id,
      name: communitySources.name,
      replied: sql<number>`count(*)::int`,
      byMaintainers: sql<number>`(count(*) filter (where ${byMaintainer}))::int`,
    })
    .from(forumTopics)
    .innerJoin(communitySources, eq(communitySources.id, forumTopics.sourceId))
    .where(
      and(
        gte(forumTopics.createdAt, range.start),
        lt(forumTopics.createdAt, range.end),
        isNotNull(forumTopics.firstResponseAt),
        range.sourceId ? eq(forumTopics.sourceId, range.sourceId) : undefined,
      ),
    )
    .groupBy(communitySources.id, communitySources.name)
    .orderBy(communitySources.name, communitySources.id)
  return rows.map((r) => ({ sourceId: r.sourceId, name: r.name, replied: Number(r.replied), byMaintainers: Number(r.byMaintainers) }))
}
