import { describe, expect, it } from 'vitest'
import {
  GroupMembersSchema,
  normalizeGroupMembers,
  normalizePost,
  normalizeTopic,
  normalizeTopicList,
  PostSchema,
  TopicListSchema,
  TopicSchema,
} from './normalize.ts'

// Shaped like real answers: the fields Discourse sends (openapi.yml, /t/{id}.json and
// /latest.json), most of them ignored, with the odd ones kept as forums send them.
const post = (over: Record<string, unknown>) => ({
  id: 1001,
  name: 'Alice',
  username: 'alice',
  avatar_template: '/letter_avatar_proxy/v4/letter/a/8c91f0/{size}.png',
  created_at: '2026-02-01T09:15:42.118Z',
  cooked: '<p>How do I set the ambient temperature?</p>',
  post_number: 1,
  post_type: 1,
  updated_at: '2026-02-01T09:15:42.118Z',
  reply_count: 0,
  reply_to_post_number: null,
  quote_count: 0,
  reads: 12,
  score: 2.4,
  topic_id: 77,
  topic_slug: 'ambient-temperature',
  display_username: 'Alice',
  primary_group_name: null,
  moderator: false,
  admin: false,
  staff: false,
  user_id: 15,
  trust_level: 1,
  accepted_answer: false,
  topic_accepted_answer: true,
  ...over,
})

describe('normalising Discourse answers', () => {
  it('reads a post: dates as Date, reply_to_post_number as a number whether sent as 3 or "3"', () => {
    const fromNumber = normalizePost(PostSchema.parse(post({ id: 1003, post_number: 3, reply_to_post_number: 2 })))
    const fromString = normalizePost(PostSchema.parse(post({ id: 1003, post_number: 3, reply_to_post_number: '2' })))
    expect(fromNumber).toEqual(fromString)
    expect(fromNumber).toMatchObject({ replyToPostNumber: 2, kind: 'regular', authorIsStaff: false })
    expect(fromNumber.createdAt).toEqual(new Date('2026-02-01T09:15:42.118Z'))
  })

  it('names post types and keeps the staff flags Discourse puts on each post', () => {
    const whisper = normalizePost(PostSchema.parse(post({ post_type: 4, username: 'maint', moderator: true, staff: true })))
    expect(whisper).toMatchObject({ kind: 'whisper', authorIsStaff: true, authorIsModerator: true, authorIsAdmin: false })
    const closed = normalizePost(PostSchema.parse(post({ post_type: 3, action_code: 'closed.enabled', cooked: '' })))
    expect(closed).toMatchObject({ kind: 'small_action', actionCode: 'closed.enabled' })
    expect(normalizePost(PostSchema.parse(post({ post_type: 9 }))).kind).toBe('unknown')
  })

  it('builds a topic from its first chunk and the posts fetched later, in stream order, each once', () => {
    const topic = TopicSchema.parse({
      id: 77,
      title: 'Ambient temperature',
      fancy_title: 'Ambient temperature',
      slug: 'ambient-temperature',
      category_id: 5,
      created_at: '2026-02-01T09:15:42.118Z',
      last_posted_at: '2026-02-03T10:00:00.000Z',
      closed: false,
      archived: false,
      posts_count: 3,
      views: 40,
      chunk_size: 20,
      post_stream: { posts: [post({}), post({ id: 1002, post_number: 2, username: 'maint', staff: true })], stream: [1001, 1002, 1005] },
      details: { created_by: { id: 15, username: 'alice', name: 'Alice', avatar_template: '' } },
      accepted_answer: { post_number: 2, username: 'maint', name: 'Maintainer', excerpt: 'Set …', accepter_username: 'alice' },
    })
    const later = [post({ id: 1005, post_number: 4, reply_to_post_number: 2 }), post({ id: 1002, post_number: 2 })].map((p) =>
      normalizePost(PostSchema.parse(p)),
    )
    const normal = normalizeTopic(topic, later)
    expect(normal.posts.map((p) => p.id)).toEqual([1001, 1002, 1005])
    expect(normal).toMatchObject({
      authorUsername: 'alice',
      categoryId: 5,
      postsCount: 3,
      acceptedAnswer: { postNumber: 2, username: 'maint', accepterUsername: 'alice' },
      postIds: [1001, 1002, 1005],
    })
    expect(normal.lastPostedAt).toEqual(new Date('2026-02-03T10:00:00.000Z'))
  })

  it('reads a listing page and whether another follows', () => {
    const page = normalizeTopicList(
      TopicListSchema.parse({
        users: [],
        primary_groups: [],
        topic_list: {
          can_create_topic: false,
          per_page: 30,
          more_topics_url: '/latest?order=activity&page=1',
          topics: [
            {
              id: 77,
              title: 'Ambient temperature',
              slug: 'ambient-temperature',
              posts_count: 3,
              created_at: '2026-02-01T09:15:42.118Z',
              last_posted_at: '2026-02-03T10:00:00.000Z',
              bumped: true,
              bumped_at: '2026-02-03T10:00:00.000Z',
              pinned: false,
              unpinned: null,
              closed: false,
              archived: false,
              category_id: 5,
              has_accepted_answer: true,
              image_url: null,
            },
          ],
        },
      }),
    )
    expect(page.moreTopicsUrl).toBe('/latest?order=activity&page=1')
    expect(page.topics[0]).toMatchObject({ id: 77, pinned: false, hasAcceptedAnswer: true, postsCount: 3 })
    expect(page.topics[0].bumpedAt).toEqual(new Date('2026-02-03T10:00:00.000Z'))
  })

  it('flags the owners among a group page’s members', () => {
    const members = normalizeGroupMembers(
      GroupMembersSchema.parse({
        members: [
          { id: 3, username: 'root', name: 'Admin', avatar_template: '', title: null },
          { id: 2, username: 'maint', name: null, avatar_template: '', title: null },
        ],
        owners: [{ id: 3, username: 'root', name: 'Admin', avatar_template: '', title: null }],
        meta: { total: 2, limit: 50, offset: 0 },
      }),
    )
    expect(members).toEqual([
      { id: 3, username: 'root', name: 'Admin', owner: true },
      { id: 2, username: 'maint', name: null, owner: false },
    ])
  })
})
