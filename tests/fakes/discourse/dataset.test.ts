import { describe, expect, it } from 'vitest'
import { acceptAnswer, addPost, addTopic, addUser, closeTopic, createForum, generateForum, groupMemberIds, PostType } from './dataset.ts'

describe('the stand-in forum', () => {
  it('keeps Discourse’s bookkeeping: numbers include whispers, only regular posts bump', () => {
    const forum = createForum()
    addUser(forum, { username: 'alice' })
    addUser(forum, { username: 'maint', moderator: true })
    const topic = addTopic(forum, { title: 'Thermal model', author: 'alice', at: '2026-01-01T00:00:00Z' })
    addPost(forum, topic.id, { author: 'maint', at: '2026-01-02T00:00:00Z', type: PostType.whisper })
    expect(topic.bumpedAt).toBe('2026-01-01T00:00:00.000Z')
    const reply = addPost(forum, topic.id, { author: 'maint', at: '2026-01-03T00:00:00Z' })
    // post 1, the whisper took 2, so the reply is 3.
    expect(reply.postNumber).toBe(3)
    expect(topic.bumpedAt).toBe('2026-01-03T00:00:00.000Z')
    closeTopic(forum, topic.id, 'maint', '2026-01-04T00:00:00Z')
    // Closing records last_posted_at but does not bump.
    expect([topic.bumpedAt, topic.lastPostedAt]).toEqual(['2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z'])
    const bumped = topic.bumpedAt
    acceptAnswer(forum, topic.id, 3, 'alice')
    expect(topic.bumpedAt).toBe(bumped)
    expect(
      groupMemberIds(
        forum,
        forum.groups.find((g) => g.name === 'staff')!,
      ),
    ).toEqual([2])
  })

  it('generates the same forum from the same seed, shaped like a project forum', () => {
    const a = generateForum({ seed: 3, topics: 2_000 })
    const b = generateForum({ seed: 3, topics: 2_000 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(generateForum({ seed: 4, topics: 50 }))).not.toBe(JSON.stringify(generateForum({ seed: 3, topics: 50 })))

    const share = (n: number) => n / a.topics.length
    const regular = (t: (typeof a.topics)[number]) => t.posts.filter((p) => p.postType === PostType.regular)
    // A quarter drawn with no reply (shape < 0.25), a few more whose first reply would fall after `until`.
    expect(share(a.topics.filter((t) => regular(t).length === 1).length)).toBeGreaterThan(0.2)
    expect(share(a.topics.filter((t) => regular(t).length === 1).length)).toBeLessThan(0.32)
    // 3 % drawn as long threads of 21–120 posts: more than one 20-post chunk.
    expect(share(a.topics.filter((t) => t.posts.length > 20).length)).toBeGreaterThan(0.015)
    // Solved only in Q&A (60 % of topics), on 45 % of those answered by someone else: about 20 %.
    expect(share(a.topics.filter((t) => t.acceptedAnswerPostId !== null).length)).toBeGreaterThan(0.12)
    expect(a.topics.some((t) => t.posts.some((p) => p.postType === PostType.whisper))).toBe(true)
    expect(a.topics.some((t) => t.closed)).toBe(true)
    const staffIds = new Set(a.users.filter((u) => u.admin || u.moderator).map((u) => u.id))
    const replies = a.topics.flatMap((t) => regular(t).slice(1))
    // 45 % of replies drawn from the 8 staff.
    expect(replies.filter((p) => staffIds.has(p.userId)).length / replies.length).toBeGreaterThan(0.35)
  })
})
