// Syncing one Discourse forum into forum_topics and forum_posts (docs/decisions/009, 013 and 021).
//
// - Incremental: each listing (the whole forum, or each category named in the source) is walked
//   by activity down to its stored watermark (DiscourseClient.walkTopics); an unchanged forum
//   costs one request per listing, plus one per 30 topics still waiting for a reply.
// - Closing and solving do not bump a topic, so the walk cannot see them: the waiting topics are
//   looked at again by id after the walk (recheckWaitingTopics, ADR 021), so triage drops them.
// - Each page's changed topics are read in full (/t/{id}.json, the rest of the posts by id), then
//   written in ONE transaction together with the listing's cursor: a sync killed at any point
//   resumes at the first page not written, and a page is either all in or not at all.
// - The new watermark is stored only with the walk's last page, so nothing between the old one
//   and the new one is skipped.
// - Category names and the maintainers (members of the source's groups) are read only when
//   something changed, so they cost nothing on an unchanged forum.
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { refreshStatistics } from '#db/statistics.server.ts'
import { type CommunitySource, communitySources, forumPosts, forumTopics } from '#db/schema/sources.ts'
import {
  type CategoryRef,
  createDiscourseClient,
  type DiscourseClient,
  type DiscourseClientOptions,
  DiscourseError,
  type TopicWalkCursor,
  type TopicWatermark,
  TOPICS_PER_ID_REQUEST,
} from '#app/integrations/discourse/client.server.ts'
import type { DiscourseCategory, DiscourseTopic, DiscourseTopicSummary } from '#app/integrations/discourse/normalize.ts'
import { DomainError } from '#app/domain/errors.ts'
import { readSourceSecret } from './sources.server.ts'

export interface SourceSyncProgress {
  sourceId: string
  source: string
  kind: CommunitySource['kind']
  /** topics (or messages) written in this run */
  done: number
  total: number | null
  requests: number
  finished: boolean
}

export interface SourceSyncReport {
  sourceId: string
  source: string
  kind: CommunitySource['kind']
  ok: boolean
  /** plain words when the sync stopped */
  error: string | null
  /** what was written in this run */
  items: number
  requests: number
  /** notes that did not stop the sync (a maintainers group Steward may not see) */
  warnings: string[]
}

export interface ForumSyncOptions {
  /** the client's options beside the address and credentials (tests: fetch, clock, sleep) */
  client?: Partial<DiscourseClientOptions>
  now?: () => Date
  onProgress?: (progress: SourceSyncProgress) => void
}

/** What community_sources.sync_state holds for a forum, per listing ('' = the whole forum, else a category slug). */
interface StoredMark {
  bumpedAt: string
  topicIds: number[]
}
interface ListingState {
  categoryId?: number
  watermark: StoredMark | null
  cursor: { nextPage: number; newest: StoredMark | null } | null
}
type ForumSyncState = { listings?: Record<string, ListingState> }

const toStored = (mark: TopicWatermark | null): StoredMark | null =>
  mark ? { bumpedAt: mark.bumpedAt.toISOString(), topicIds: [...mark.topicIds] } : null
const fromStored = (mark: StoredMark | null | undefined): TopicWatermark | null =>
  mark ? { bumpedAt: new Date(mark.bumpedAt), topicIds: [...mark.topicIds] } : null
const cursorOf = (cursor: ListingState['cursor']): TopicWalkCursor | null =>
  cursor ? { nextPage: cursor.nextPage, newest: fromStored(cursor.newest) } : null

/** The first regular reply by someone other than the topic's author (Discourse's own rule, CONNECTORS.md §3). */
export function firstResponseOf(topic: Pick<DiscourseTopic, 'authorUsername' | 'posts'>) {
  const author = topic.authorUsername.toLowerCase()
  const replies = topic.posts
    .filter((p) => p.postNumber > 1 && p.kind === 'regular' && p.username.toLowerCase() !== author)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.postNumber - b.postNumber)
  return replies[0] ?? null
}

export function topicUrl(forumUrl: string, topic: { slug: string; id: number }) {
  return `${forumUrl}/t/${topic.slug}/${topic.id}`
}

async function writePage(input: {
  source: CommunitySource
  topics: DiscourseTopic[]
  categories: Map<number, Pick<DiscourseCategory, 'name'>>
  /** the source's whole sync state with this page's cursor (one writer per source) */
  state: ForumSyncState
  requests: number
  now: Date
  /** topics looked at again and found unchanged: their syncedAt moves, so the next recheck starts elsewhere */
  checked?: number[]
}) {
  const { source, topics, categories } = input
  await db.transaction(async (tx) => {
    if (input.checked?.length)
      await tx
        .update(forumTopics)
        .set({ syncedAt: input.now })
        .where(and(eq(forumTopics.sourceId, source.id), inArray(forumTopics.topicId, input.checked)))
    for (const topic of topics) {
      const first = firstResponseOf(topic)
      const values = {
        title: topic.title,
        slug: topic.slug,
        url: topicUrl(source.url!, topic),
        categoryId: topic.categoryId,
        categoryName: topic.categoryId === null ? null : (categories.get(topic.categoryId)?.name ?? null),
        authorUsername: topic.authorUsername,
        createdAt: topic.createdAt,
        bumpedAt: topic.lastPostedAt ?? topic.createdAt,
        closed: topic.closed,
        archived: topic.archived,
        acceptedAnswerPostNumber: topic.acceptedAnswer?.postNumber ?? null,
        regularPostsCount: topic.posts.filter((p) => p.kind === 'regular').length,
        firstResponseAt: first?.createdAt ?? null,
        firstResponderUsername: first?.username ?? null,
        syncedAt: input.now,
      }
      await tx
        .insert(forumTopics)
        .values({ sourceId: source.id, topicId: topic.id, ...values })
        .onConflictDoUpdate({ target: [forumTopics.sourceId, forumTopics.topicId], set: values })
      // The topic's posts as the forum shows them now: deleted ones go.
      await tx.delete(forumPosts).where(sql`${forumPosts.sourceId} = ${source.id} and ${forumPosts.topicId} = ${topic.id}`)
      if (topic.posts.length) {
        await tx.insert(forumPosts).values(
          topic.posts.map((p) => ({
            sourceId: source.id,
            postId: p.id,
            topicId: topic.id,
            postNumber: p.postNumber,
            username: p.username,
            createdAt: p.createdAt,
            postType: p.postType,
            replyToPostNumber: p.replyToPostNumber,
            authorIsStaff: p.authorIsStaff,
          })),
        )
      }
    }
    await tx
      .update(communitySources)
      .set({
        syncState: input.state,
        itemsDone: sql`${communitySources.itemsDone} + ${topics.length}`,
        requestsUsed: input.requests,
        updatedAt: input.now,
      })
      .where(eq(communitySources.id, source.id))
  })
}

/** The lower-cased usernames of the source's maintainer groups; groups Steward may not see are reported, not fatal. */
async function readMaintainers(client: DiscourseClient, groups: string[], warnings: string[]) {
  const names = new Set<string>()
  let seen = 0
  for (const group of groups) {
    try {
      for (const member of await client.listGroupMembers(group)) names.add(member.username.toLowerCase())
      seen += 1
    } catch (error) {
      if (!(error instanceof DiscourseError) || (error.kind !== 'auth' && error.kind !== 'not-found')) throw error
      warnings.push(error.message)
    }
  }
  return seen > 0 ? [...names].sort() : null
}

/** Waiting topics looked at again per sync at most (10 requests): the ones looked at longest ago first. */
export const RECHECK_LIMIT = 10 * TOPICS_PER_ID_REQUEST
/**
 * A waiting topic is looked at again once it has not been for this long: a topic closed or solved
 * leaves triage within about 6 hours, and a forum where nothing happened still costs one request
 * per sync between those checks (ADR 021).
 */
export const RECHECK_AFTER_MS = 6 * 3_600_000

/** Whether the listing shows a stored waiting topic changed: closed, archived, solved, or a post since (a small action too). */
function changedSince(stored: { bumpedAt: Date }, summary: DiscourseTopicSummary) {
  const lastPosted = summary.lastPostedAt ?? summary.createdAt
  return summary.closed || summary.archived || summary.hasAcceptedAnswer === true || lastPosted.getTime() !== stored.bumpedAt.getTime()
}

/**
 * The topics still waiting for a reply (what triage shows), looked at again by id: closing a
 * topic or accepting an answer does not bump it, so the walk by activity cannot see it (ADR 021).
 * Those the listing shows changed are read in full and written, one transaction per batch.
 */
async function recheckWaitingTopics(input: {
  source: CommunitySource
  client: DiscourseClient
  /** topics this run has just written */
  fresh: Set<number>
  state: ForumSyncState
  categoryNames: () => Promise<Map<number, DiscourseCategory>>
  now: () => Date
}) {
  const { source, client } = input
  const waiting = await db
    .select({
      topicId: forumTopics.topicId,
      bumpedAt: forumTopics.bumpedAt,
      categoryId: forumTopics.categoryId,
      categoryName: forumTopics.categoryName,
    })
    .from(forumTopics)
    .where(
      and(
        eq(forumTopics.sourceId, source.id),
        isNull(forumTopics.firstResponseAt),
        eq(forumTopics.closed, false),
        eq(forumTopics.archived, false),
        isNull(forumTopics.acceptedAnswerPostNumber),
        lt(forumTopics.syncedAt, new Date(input.now().getTime() - RECHECK_AFTER_MS)),
      ),
    )
    .orderBy(asc(forumTopics.syncedAt), asc(forumTopics.topicId))
    .limit(RECHECK_LIMIT + input.fresh.size)
  const candidates = waiting.filter((w) => !input.fresh.has(w.topicId)).slice(0, RECHECK_LIMIT)
  let written = 0
  for (let i = 0; i < candidates.length; i += TOPICS_PER_ID_REQUEST) {
    const batch = candidates.slice(i, i + TOPICS_PER_ID_REQUEST)
    const stored = new Map(batch.map((w) => [w.topicId, w]))
    const summaries = await client.listTopicsById(batch.map((w) => w.topicId))
    const changed = summaries.filter((t) => changedSince(stored.get(t.id)!, t))
    const topics: DiscourseTopic[] = []
    for (const summary of changed) topics.push(await client.fetchTopic(summary.id))
    const changedIds = new Set(changed.map((t) => t.id))
    // The category names already stored serve while the topics stay in their categories.
    const moved = topics.some((t) => t.categoryId !== null && t.categoryId !== stored.get(t.id)!.categoryId)
    const known = new Map(
      batch.flatMap((w) => (w.categoryId !== null && w.categoryName !== null ? [[w.categoryId, { name: w.categoryName }]] : [])),
    )
    await writePage({
      source,
      topics,
      categories: moved ? await input.categoryNames() : known,
      state: input.state,
      requests: client.requests,
      now: input.now(),
      checked: batch.map((w) => w.topicId).filter((id) => !changedIds.has(id)),
    })
    written += topics.length
  }
  return written
}

/** Brings one forum up to date; never throws for the forum's own failures (they go to last_error). */
export async function syncForumSource(source: CommunitySource, options: ForumSyncOptions = {}): Promise<SourceSyncReport> {
  const now = options.now ?? (() => new Date())
  const warnings: string[] = []
  let client: DiscourseClient | undefined
  let written = 0
  const report = (ok: boolean, error: string | null): SourceSyncReport => ({
    sourceId: source.id,
    source: source.name,
    kind: source.kind,
    ok,
    error,
    items: written,
    requests: client?.requests ?? 0,
    warnings,
  })
  const progress = (finished: boolean) =>
    options.onProgress?.({
      sourceId: source.id,
      source: source.name,
      kind: source.kind,
      done: written,
      total: null,
      requests: client?.requests ?? 0,
      finished,
    })

  await db
    .update(communitySources)
    .set({ status: 'running', startedAt: now(), finishedAt: null, itemsDone: 0, itemsTotal: null, requestsUsed: 0, updatedAt: now() })
    .where(eq(communitySources.id, source.id))
  try {
    if (!source.url) throw new DomainError('This forum source has no address.')
    const apiKey = readSourceSecret(source, 'apiKey')
    client = createDiscourseClient({
      baseUrl: source.url,
      apiKey,
      apiUsername: apiKey ? (source.apiUsername ?? undefined) : undefined,
      ...options.client,
    })
    const state = (source.syncState ?? {}) as ForumSyncState
    const listings = { ...(state.listings ?? {}) }
    const keys = source.categories.length ? source.categories : ['']
    let categories: Map<number, DiscourseCategory> | undefined
    const categoryNames = async () => {
      categories ??= new Map((await client!.listCategories()).map((c) => [c.id, c]))
      return categories
    }
    let maintainersRead = false
    const fresh = new Set<number>()

    for (const key of keys) {
      const listing: ListingState = listings[key] ?? { watermark: null, cursor: null }
      let category: CategoryRef | null = null
      if (key) {
        if (listing.categoryId === undefined) listing.categoryId = (await client.resolveCategory(key)).id
        category = { id: listing.categoryId, slug: key.split('/').at(-1)! }
      }
      const walk = client.walkTopics({ category, since: fromStored(listing.watermark), resume: cursorOf(listing.cursor) })
      for await (const page of walk) {
        const topics: DiscourseTopic[] = []
        for (const summary of page.changed) topics.push(await client.fetchTopic(summary.id))
        for (const topic of topics) fresh.add(topic.id)
        if (topics.length && !maintainersRead) {
          maintainersRead = true
          const maintainers = await readMaintainers(client, source.maintainerGroups, warnings)
          if (maintainers)
            await db.update(communitySources).set({ maintainerUsernames: maintainers }).where(eq(communitySources.id, source.id))
        }
        const next: ListingState = page.done
          ? { categoryId: listing.categoryId, watermark: toStored(page.watermark), cursor: null }
          : {
              categoryId: listing.categoryId,
              watermark: listing.watermark,
              cursor: page.cursor && { nextPage: page.cursor.nextPage, newest: toStored(page.cursor.newest) },
            }
        await writePage({
          source,
          topics,
          categories: topics.length ? await categoryNames() : new Map(),
          state: { ...state, listings: { ...listings, [key]: next } },
          requests: client.requests,
          now: now(),
        })
        listings[key] = next
        written += topics.length
        progress(false)
      }
    }
    written += await recheckWaitingTopics({
      source,
      client,
      fresh,
      state: { ...state, listings },
      categoryNames,
      now,
    })
    progress(true)
    // PGlite has no autovacuum: fresh statistics after a large first sync (db/statistics.server.ts).
    await refreshStatistics([forumTopics, forumPosts], written)
    await db
      .update(communitySources)
      .set({
        status: 'succeeded',
        finishedAt: now(),
        lastSuccessAt: now(),
        lastError: null,
        lastErrorAt: null,
        requestsUsed: client.requests,
        updatedAt: now(),
      })
      .where(eq(communitySources.id, source.id))
    return report(true, null)
  } catch (error) {
    const known = error instanceof DiscourseError || error instanceof DomainError
    if (!known) throw error
    await db
      .update(communitySources)
      .set({
        status: 'failed',
        finishedAt: now(),
        lastError: error.message,
        lastErrorAt: now(),
        requestsUsed: client?.requests ?? 0,
        updatedAt: now(),
      })
      .where(eq(communitySources.id, source.id))
    return report(false, error.message)
  }
}
