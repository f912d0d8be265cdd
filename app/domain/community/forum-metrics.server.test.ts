// Who answers on the forum (ADR 031): first replies by maintainers (group members, or people the
// identity map joins to one or to a GitHub maintainer) against the community's, on hand-made
// topics whose numbers are worked out beside each assertion.
import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { forumFirstRepliesByMaintainers, forumResponseTimes } from './forum-metrics.server.ts'
import { firstResponseOf } from './forum-sync.server.ts'
import { mergeIdentities, undoMerge } from './identity-map.server.ts'
import { getCommunityPage } from './pages.server.ts'

setupTestDatabase()

const d = (iso: string) => new Date(iso)
const march = { start: d('2026-03-01T00:00:00Z'), end: d('2026-04-01T00:00:00Z') }
let topicSeq = 0
let postSeq = 0

async function insertForum(name: string, maintainerUsernames: string[]) {
  const [source] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name, url: `https://${name}.example.org`, maintainerGroups: ['staff'], maintainerUsernames })
    .returning()
  return source!.id
}

/** A topic and its regular replies, its first response found as the sync finds it (firstResponseOf). */
async function insertTopic(sourceId: string, author: string, createdAt: Date, replies: Array<[username: string, hoursLater: number]>) {
  topicSeq += 1
  const posts = [author, ...replies.map(([u]) => u)].map((username, i) => ({
    postNumber: i + 1,
    kind: 'regular' as const,
    username,
    createdAt: new Date(createdAt.getTime() + (i === 0 ? 0 : replies[i - 1]![1]) * 3_600_000),
  }))
  const first = firstResponseOf({ authorUsername: author, posts } as Parameters<typeof firstResponseOf>[0])
  await db.insert(forumTopics).values({
    sourceId,
    topicId: topicSeq,
    title: `Topic ${topicSeq}`,
    slug: `topic-${topicSeq}`,
    url: `https://forum.example.org/t/topic-${topicSeq}/${topicSeq}`,
    authorUsername: author,
    createdAt,
    bumpedAt: posts.at(-1)!.createdAt,
    regularPostsCount: posts.length,
    firstResponseAt: first?.createdAt ?? null,
    firstResponderUsername: first?.username ?? null,
  })
  await db.insert(forumPosts).values(
    posts.map((p) => ({
      sourceId,
      postId: ++postSeq,
      topicId: topicSeq,
      postNumber: p.postNumber,
      username: p.username,
      createdAt: p.createdAt,
      postType: 1,
    })),
  )
}

let forumA: string
let forumB: string

beforeEach(async () => {
  await db.delete(forumPosts)
  await db.delete(forumTopics)
  // A GitHub maintainer by association (no maintainers setting): octo-maint opened an item as OWNER.
  const repo = await insertRepository()
  await insertItem(repo.id, { kind: 'issue', authorLogin: 'octo-maint', authorAssociation: 'OWNER', createdAt: d('2026-01-05T09:00:00Z') })
  forumA = await insertForum('forum-a', ['staffer'])
  forumB = await insertForum('forum-b', ['bman'])
  const m = (day: number) => d(`2026-03-${String(day).padStart(2, '0')}T09:00:00Z`)
  await insertTopic(forumA, 'alice', m(2), [['Staffer', 2]]) // a group member (names without regard to case)
  await insertTopic(forumA, 'bob', m(3), [['carol', 1]]) // the community
  await insertTopic(forumA, 'dave', m(4), [['helper', 3]]) // helper: merged below with GitHub's octo-maint
  await insertTopic(forumA, 'gina', m(5), [['pat', 4]]) // pat: merged below with the member staffer
  await insertTopic(forumA, 'erin', m(6), [
    ['erin', 1],
    ['staffer', 5],
  ]) // the author's own reply never counts: the first reply is staffer's
  await insertTopic(forumA, 'frank', m(7), [['frank', 1]]) // only the author: no first reply
  await insertTopic(forumA, 'staffer', m(8), [['carol', 2]]) // a maintainer's topic answered by the community
  await insertTopic(forumA, 'hank', d('2026-02-20T09:00:00Z'), [['staffer', 1]]) // before the period
  await insertTopic(forumB, 'ivy', m(9), [['staffer', 6]]) // staffer is no member of forum B's groups
})

test('first replies by maintainers: group members and people merged with a maintainer, per forum; undo restores', async () => {
  const actorId = (await insertUser({ roles: ['community'] })).id
  // Before any merge. Forum A in March: first replies on alice (Staffer), bob (carol), dave (helper),
  // gina (pat), erin (staffer: her own reply skipped), staffer's topic (carol) = 6; frank's topic has
  // none, hank's is February. By maintainers: alice's and erin's (staffer) = 2 of 6.
  // Forum B: ivy's topic, answered by staffer, who is no maintainer there = 0 of 1.
  expect(await forumFirstRepliesByMaintainers(march)).toEqual([
    { sourceId: forumA, name: 'forum-a', replied: 6, byMaintainers: 2 },
    { sourceId: forumB, name: 'forum-b', replied: 1, byMaintainers: 0 },
  ])
  // The response times keep their one definition: the same 6 answered topics on forum A, frank's waiting.
  expect((await forumResponseTimes({ ...march, sourceId: forumA })).count).toBe(6)
  expect((await forumResponseTimes({ ...march, sourceId: forumA })).waiting).toBe(1)

  // helper is GitHub's octo-maint (an OWNER): dave's topic → 3 of 6.
  const toGithub = await mergeIdentities({ a: 'forum:helper', b: 'github:octo-maint', actorId })
  // pat is the group member staffer: gina's topic → 4 of 6.
  await mergeIdentities({ a: 'forum:pat', b: 'forum:staffer', actorId })
  expect(await forumFirstRepliesByMaintainers({ ...march, sourceId: forumA })).toEqual([
    { sourceId: forumA, name: 'forum-a', replied: 6, byMaintainers: 4 },
  ])
  // Forum B is unchanged: staffer (now one person with pat) is still no member of its groups → 0 of 1.
  expect(await forumFirstRepliesByMaintainers({ ...march, sourceId: forumB })).toEqual([
    { sourceId: forumB, name: 'forum-b', replied: 1, byMaintainers: 0 },
  ])
  // The page shows it beside the forum's response times, from its summary: 4 of 6 on forum A.
  const page = await getCommunityPage(
    new URLSearchParams({ period: 'custom', from: '2026-03-01', to: '2026-03-31', source: forumA }),
    d('2026-04-02T12:00:00Z'),
  )
  expect(page.forum?.repliers.forums).toEqual([{ sourceId: forumA, name: 'forum-a', replied: 6, byMaintainers: 4 }])

  // Undoing the merge with octo-maint: dave's topic is the community's again → 3 of 6.
  await undoMerge({ mergeId: toGithub.id, actorId })
  expect(await forumFirstRepliesByMaintainers({ ...march, sourceId: forumA })).toEqual([
    { sourceId: forumA, name: 'forum-a', replied: 6, byMaintainers: 3 },
  ])
  // A later sync finds forum A's groups empty: staffer and pat are members no more, helper is merged with nobody → 0 of 6.
  await db.update(communitySources).set({ maintainerUsernames: [] }).where(eq(communitySources.id, forumA))
  expect((await forumFirstRepliesByMaintainers({ ...march, sourceId: forumA }))[0]!.byMaintainers).toBe(0)
})
