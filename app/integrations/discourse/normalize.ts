// From Discourse's JSON to plain data: pure functions, no network, no database.
// The schemas accept what openapi.yml (discourse/discourse_api_docs) and real forums send and
// keep only the fields Steward uses; dates become Date, numbers numbers.
import { z } from 'zod'

/** Discourse's post types (app/models/post.rb `types`). */
export const POST_TYPES = { 1: 'regular', 2: 'moderator_action', 3: 'small_action', 4: 'whisper' } as const
export type DiscoursePostKind = (typeof POST_TYPES)[keyof typeof POST_TYPES] | 'unknown'

export interface DiscourseCategory {
  id: number
  name: string
  slug: string
  parentCategoryId: number | null
}

export interface DiscourseSite {
  title: string
  description: string | null
  /** from /site/basic-info.json; null when the forum does not say (older versions) */
  loginRequired: boolean | null
  categories: DiscourseCategory[]
}

/** A topic as a listing shows it (/latest, /c/…): enough to decide whether to fetch it. */
export interface DiscourseTopicSummary {
  id: number
  title: string
  slug: string
  categoryId: number | null
  createdAt: Date
  /** the activity time the listing is ordered by */
  bumpedAt: Date
  lastPostedAt: Date | null
  postsCount: number
  /** shown first regardless of activity on page 0 */
  pinned: boolean
  closed: boolean
  archived: boolean
  /** Solved; null when the forum does not serialize it */
  hasAcceptedAnswer: boolean | null
}

export interface DiscourseTopicListPage {
  topics: DiscourseTopicSummary[]
  /** Discourse's link to the next page (no `.json`), present only when this page was full */
  moreTopicsUrl: string | null
}

export interface DiscoursePost {
  id: number
  postNumber: number
  username: string
  userId: number | null
  createdAt: Date
  postType: number
  kind: DiscoursePostKind
  replyToPostNumber: number | null
  /** the author is staff (admin or moderator), as Discourse flags each post */
  authorIsStaff: boolean
  authorIsModerator: boolean
  authorIsAdmin: boolean
  /** Solved: this post is the topic's accepted answer */
  acceptedAnswer: boolean
  /** what a small action recorded, e.g. "closed.enabled" */
  actionCode: string | null
}

export interface DiscourseAcceptedAnswer {
  postNumber: number
  username: string
  /** only when the forum shows who marked it (show_who_marked_solved) */
  accepterUsername: string | null
  // No acceptance time: Discourse serializes none.
}

export interface DiscourseTopic {
  id: number
  title: string
  slug: string
  categoryId: number | null
  /** the first post's author */
  authorUsername: string
  createdAt: Date
  lastPostedAt: Date | null
  closed: boolean
  archived: boolean
  /** Discourse's count, whispers left out */
  postsCount: number
  acceptedAnswer: DiscourseAcceptedAnswer | null
  /** every post id the caller may see, in topic order (`post_stream.stream`) */
  postIds: number[]
  posts: DiscoursePost[]
}

export interface DiscourseGroupMember {
  id: number
  username: string
  name: string | null
  owner: boolean
}

const DateString = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
const toDate = (s: string) => new Date(s)
const toDateOrNull = (s: string | null | undefined) => (s ? new Date(s) : null)
/** openapi.yml declares reply_to_post_number string|null; forums send an integer. Accept both. */
const PostNumberLike = z.union([z.number().int(), z.string().regex(/^\d+$/), z.null()]).optional()

export const BasicInfoSchema = z.object({
  title: z.string(),
  description: z.string().nullish(),
  login_required: z.boolean().optional(),
})

export const SiteSchema = z.object({
  categories: z.array(
    z.object({ id: z.number().int(), name: z.string(), slug: z.string(), parent_category_id: z.number().int().nullish() }),
  ),
})

export const TopicListSchema = z.object({
  topic_list: z.object({
    more_topics_url: z.string().optional(),
    topics: z.array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        slug: z.string(),
        category_id: z.number().int().nullish(),
        created_at: DateString,
        bumped_at: DateString,
        last_posted_at: DateString.nullish(),
        posts_count: z.number().int(),
        pinned: z.boolean().optional(),
        closed: z.boolean().optional(),
        archived: z.boolean().optional(),
        has_accepted_answer: z.boolean().optional(),
      }),
    ),
  }),
})

export const PostSchema = z.object({
  id: z.number().int(),
  post_number: z.number().int(),
  username: z.string(),
  user_id: z.number().int().nullish(),
  created_at: DateString,
  post_type: z.number().int(),
  reply_to_post_number: PostNumberLike,
  staff: z.boolean().optional(),
  moderator: z.boolean().optional(),
  admin: z.boolean().optional(),
  accepted_answer: z.boolean().optional(),
  action_code: z.string().nullish(),
})

export const TopicSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  category_id: z.number().int().nullish(),
  created_at: DateString,
  last_posted_at: DateString.nullish(),
  closed: z.boolean().optional(),
  archived: z.boolean().optional(),
  posts_count: z.number().int(),
  post_stream: z.object({ posts: z.array(PostSchema), stream: z.array(z.number().int()) }),
  details: z.object({ created_by: z.object({ username: z.string() }).optional() }).optional(),
  accepted_answer: z.object({ post_number: z.number().int(), username: z.string(), accepter_username: z.string().nullish() }).nullish(),
})

export const PostsSchema = z.object({ post_stream: z.object({ posts: z.array(PostSchema) }) })

const MemberSchema = z.object({ id: z.number().int(), username: z.string(), name: z.string().nullish() })
export const GroupMembersSchema = z.object({
  members: z.array(MemberSchema),
  owners: z.array(MemberSchema),
  meta: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
})

export function normalizeSite(basicInfo: z.infer<typeof BasicInfoSchema>, site: z.infer<typeof SiteSchema>): DiscourseSite {
  return {
    title: basicInfo.title,
    description: basicInfo.description ?? null,
    loginRequired: basicInfo.login_required ?? null,
    categories: site.categories.map((c) => ({ id: c.id, name: c.name, slug: c.slug, parentCategoryId: c.parent_category_id ?? null })),
  }
}

export function normalizeTopicList(list: z.infer<typeof TopicListSchema>): DiscourseTopicListPage {
  return {
    moreTopicsUrl: list.topic_list.more_topics_url ?? null,
    topics: list.topic_list.topics.map((t) => ({
      id: t.id,
      title: t.title,
      slug: t.slug,
      categoryId: t.category_id ?? null,
      createdAt: toDate(t.created_at),
      bumpedAt: toDate(t.bumped_at),
      lastPostedAt: toDateOrNull(t.last_posted_at),
      postsCount: t.posts_count,
      pinned: t.pinned ?? false,
      closed: t.closed ?? false,
      archived: t.archived ?? false,
      hasAcceptedAnswer: t.has_accepted_answer ?? null,
    })),
  }
}

export function normalizePost(post: z.infer<typeof PostSchema>): DiscoursePost {
  const reply = post.reply_to_post_number
  return {
    id: post.id,
    postNumber: post.post_number,
    username: post.username,
    userId: post.user_id ?? null,
    createdAt: toDate(post.created_at),
    postType: post.post_type,
    kind: POST_TYPES[post.post_type as keyof typeof POST_TYPES] ?? 'unknown',
    replyToPostNumber: reply === null || reply === undefined ? null : Number(reply),
    authorIsStaff: post.staff ?? Boolean(post.admin || post.moderator),
    authorIsModerator: post.moderator ?? false,
    authorIsAdmin: post.admin ?? false,
    acceptedAnswer: post.accepted_answer ?? false,
    actionCode: post.action_code ?? null,
  }
}

/** A topic from its first chunk plus the posts fetched by id, each post once, in stream order. */
export function normalizeTopic(topic: z.infer<typeof TopicSchema>, laterPosts: DiscoursePost[] = []): DiscourseTopic {
  const byId = new Map<number, DiscoursePost>()
  for (const p of topic.post_stream.posts) byId.set(p.id, normalizePost(p))
  for (const p of laterPosts) byId.set(p.id, p)
  const order = new Map(topic.post_stream.stream.map((id, i) => [id, i]))
  const posts = [...byId.values()].sort((a, b) => (order.get(a.id) ?? a.postNumber) - (order.get(b.id) ?? b.postNumber))
  const first = posts.find((p) => p.postNumber === 1)
  const accepted = topic.accepted_answer
  return {
    id: topic.id,
    title: topic.title,
    slug: topic.slug,
    categoryId: topic.category_id ?? null,
    authorUsername: first?.username ?? topic.details?.created_by?.username ?? '',
    createdAt: toDate(topic.created_at),
    lastPostedAt: toDateOrNull(topic.last_posted_at),
    closed: topic.closed ?? false,
    archived: topic.archived ?? false,
    postsCount: topic.posts_count,
    acceptedAnswer: accepted
      ? { postNumber: accepted.post_number, username: accepted.username, accepterUsername: accepted.accepter_username ?? null }
      : null,
    postIds: topic.post_stream.stream,
    posts,
  }
}

/** Members of one page; owners are listed among the members too, and flagged. */
export function normalizeGroupMembers(page: z.infer<typeof GroupMembersSchema>): DiscourseGroupMember[] {
  const owners = new Set(page.owners.map((o) => o.id))
  return page.members.map((m) => ({ id: m.id, username: m.username, name: m.name ?? null, owner: owners.has(m.id) }))
}
