// Forum topics in the triage queue, on This week (per source), and the forum's time to first
// response, on hand-made topics whose numbers are worked out beside each assertion.
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, communitySources, forumPosts, forumTopics, forumTriageStates } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { forumContributors, forumResponseTimes } from './forum-metrics.server.ts'
import { countForumTriageBySource, listForumSetAside, listForumTriageQueue } from './forum-triage.server.ts'
import { markHandledElsewhere, returnToQueue, snoozeItem } from './triage.server.ts'

setupTestDatabase()

const now = new Date('2026-03-10T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000)
let topicSeq = 0

async function insertForum(name: string) {
  const [source] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name, url: `https://${name.toLowerCase()}.example.org` })
    .returning()
  return source!
}

async function insertTopic(
  sourceId: string,
  values: { createdAt: Date; firstResponseAt?: Date | null; closed?: boolean; accepted?: boolean; author?: string },
) {
  topicSeq += 1
  const [topic] = await db
    .insert(forumTopics)
    .values({
      sourceId,
      topicId: topicSeq,
      title: `Topic ${topicSeq}`,
      slug: `topic-${topicSeq}`,
      url: `https://forum.example.org/t/topic-${topicSeq}/${topicSeq}`,
      authorUsername: values.author ?? `user${topicSeq}`,
      createdAt: values.createdAt,
      bumpedAt: values.createdAt,
      closed: values.closed ?? false,
      acceptedAnswerPostNumber: values.accepted ? 2 : null,
      firstResponseAt: values.firstResponseAt ?? null,
    })
    .returning()
  return topic!
}

beforeEach(async () => {
  await db.delete(forumTriageStates)
  await db.delete(forumPosts)
  await db.delete(forumTopics)
  await db.delete(communitySources)
})

describe('forum topics in triage', () => {
  it('queues unanswered open topics oldest first, against the target, per forum and with a source filter', async () => {
    const forum = await insertForum('Forum')
    const other = await insertForum('Other')
    const old = await insertTopic(forum.id, { createdAt: hoursAgo(100) })
    const fresh = await insertTopic(forum.id, { createdAt: hoursAgo(5) })
    const elsewhere = await insertTopic(other.id, { createdAt: hoursAgo(60) })
    // not in the queue: answered, closed, solved
    await insertTopic(forum.id, { createdAt: hoursAgo(90), firstResponseAt: hoursAgo(80) })
    await insertTopic(forum.id, { createdAt: hoursAgo(90), closed: true })
    await insertTopic(forum.id, { createdAt: hoursAgo(90), accepted: true })

    const queue = await listForumTriageQueue({ now, targetHours: 48 })
    expect(queue.map((t) => [t.id, Math.round(t.ageHours), t.overTarget, t.repository])).toEqual([
      [old.id, 100, true, 'Forum'],
      [elsewhere.id, 60, true, 'Other'],
      [fresh.id, 5, false, 'Forum'],
    ])
    expect((await listForumTriageQueue({ now, targetHours: 48, sourceId: other.id })).map((t) => t.id)).toEqual([elsewhere.id])
    // Forum: 2 waiting, 1 over 48 h (100 h); Other: 1 waiting, over (60 h).
    expect(await countForumTriageBySource({ now, targetHours: 48 })).toEqual([
      { sourceId: forum.id, name: 'Forum', total: 2, overTarget: 1 },
      { sourceId: other.id, name: 'Other', total: 1, overTarget: 1 },
    ])
  })

  it('"handled elsewhere", snooze and put back work on forum topics through the same actions, audited', async () => {
    const user = await insertUser({ roles: ['community'] })
    const forum = await insertForum('Forum')
    const topic = await insertTopic(forum.id, { createdAt: hoursAgo(100) })
    await markHandledElsewhere({ itemId: topic.id, note: 'answered on GitHub', actorId: user.id })
    expect(await listForumTriageQueue({ now, targetHours: 48 })).toEqual([])
    expect((await listForumSetAside(now)).map((s) => [s.id, s.handledNote])).toEqual([[topic.id, 'answered on GitHub']])
    await returnToQueue({ itemId: topic.id, actorId: user.id })
    await snoozeItem({ itemId: topic.id, until: new Date(now.getTime() + 86_400_000), actorId: user.id, now })
    expect(await listForumTriageQueue({ now, targetHours: 48 })).toEqual([])
    // The snooze ends: back in the queue.
    expect(await listForumTriageQueue({ now: new Date(now.getTime() + 2 * 86_400_000), targetHours: 48 })).toHaveLength(1)
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, topic.id))
    expect(audit.map((a) => a.action)).toEqual(['handled_elsewhere', 'return_to_queue', 'snooze'])
  })
})

describe('time to first response on the forum', () => {
  it('takes the median and 90th percentile over topics created in the period, and counts those still waiting', async () => {
    const forum = await insertForum('Forum')
    const start = new Date('2026-01-01T00:00:00Z')
    const end = new Date('2026-04-01T00:00:00Z')
    const at = (iso: string) => new Date(iso)
    // Created in Q1, answered after 2 h, 10 h, 30 h and 50 h; one still waiting.
    await insertTopic(forum.id, { createdAt: at('2026-01-10T00:00:00Z'), firstResponseAt: at('2026-01-10T02:00:00Z') })
    await insertTopic(forum.id, { createdAt: at('2026-02-01T00:00:00Z'), firstResponseAt: at('2026-02-01T10:00:00Z') })
    await insertTopic(forum.id, { createdAt: at('2026-02-15T00:00:00Z'), firstResponseAt: at('2026-02-16T06:00:00Z') })
    await insertTopic(forum.id, { createdAt: at('2026-03-20T00:00:00Z'), firstResponseAt: at('2026-03-22T02:00:00Z') })
    await insertTopic(forum.id, { createdAt: at('2026-03-30T00:00:00Z') })
    // Outside the period: created in December, answered in January.
    await insertTopic(forum.id, { createdAt: at('2025-12-31T00:00:00Z'), firstResponseAt: at('2026-01-02T00:00:00Z') })

    // Sorted: 2, 10, 30, 50. Median = (10 + 30) / 2 = 20.
    // p90 (linear): position 0.9 × (4 − 1) = 2.7 → 30 + 0.7 × (50 − 30) = 44.
    expect(await forumResponseTimes({ start, end })).toEqual({ median: 20, p90: 44, count: 4, waiting: 1 })
    expect(await forumResponseTimes({ start: end, end: DateTime.fromJSDate(end).plus({ months: 3 }).toJSDate() })).toEqual({
      median: null,
      p90: null,
      count: 0,
      waiting: 0,
    })
  })

  it('counts forum posters (regular posts only) as contributors of kind forum, new when their first post is in the period', async () => {
    const forum = await insertForum('Forum')
    const post = (postId: number, username: string, iso: string, postType = 1) =>
      db
        .insert(forumPosts)
        .values({ sourceId: forum.id, postId, topicId: 1, postNumber: postId, username, createdAt: new Date(iso), postType })
    await post(1, 'Ada', '2025-11-01T00:00:00Z')
    await post(2, 'ada', '2026-02-01T00:00:00Z')
    await post(3, 'grace', '2026-02-02T00:00:00Z')
    await post(4, 'grace', '2026-02-03T00:00:00Z')
    await post(5, 'mod', '2026-02-04T00:00:00Z', 3) // a small action: not a contribution
    const rows = await forumContributors({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') })
    // grace: 2 posts in Q1, first ever in Q1 → new; ada: 1 post in Q1, first in November → returning.
    expect(rows.map((r) => [r.identity, r.kind, r.posts, r.isNew])).toEqual([
      ['grace', 'forum', 2, true],
      ['ada', 'forum', 1, false],
    ])
  })
})
