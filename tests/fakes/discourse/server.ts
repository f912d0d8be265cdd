// A local stand-in for a Discourse forum's JSON API, for tests, benchmarks and manual runs.
//
// It answers from a FakeForum (dataset.ts) the way Discourse does, read from its published
// OpenAPI file (discourse/discourse_api_docs openapi.yml, schemas in openapi-schemas.json, held
// to them by server.test.ts) and from Discourse core where the file is silent:
// - Listings (list_controller, lib/topic_query.rb): `order` (activity = bumped_at, created,
//   views, posts), `ascending`, `topic_ids` (only those topics), 0-based `page`, `per_page` 1–100, 30 a page by default
//   (DEFAULT_PER_PAGE_COUNT). With the activity/default order, pinned topics come first on
//   page 0 and later pages are offset by their number (prioritize_pinned_topics).
//   `more_topics_url` only on a full page (TopicListSerializer#include_more_topics_url?), a
//   path without `.json` (construct_url_with), so it needs `Accept: application/json`.
// - A topic (/t/{id}.json): the first 20 posts (TopicView.chunk_size) and `stream` with every
//   post id; the rest through /t/{id}/posts.json?post_ids[]=…. Whispers only for staff.
// - Group members: limit (default 50, at most 1000), offset, owners first; automatic groups
//   (staff, admins, moderators) are invisible to anonymous callers, who get a 404.
// - Errors: JSON `{ errors, error_type }` (ApplicationController#rescue_discourse_actions);
//   a login_required forum answers 403 not_logged_in to anonymous JSON requests except
//   /site/basic-info.json; a wrong Api-Key or Api-Username is 403 invalid_access. API keys in
//   the query string are ignored (headers only since 2020).
// - Rate limits: the per-IP middleware answers 429 in plain text with Retry-After and
//   Discourse-Rate-Limit-Error-Code (lib/middleware/request_tracker.rb); the admin API key
//   limiter answers 429 in JSON (error_type rate_limit, extras.wait_seconds).
// Faults on switches: 429 (either kind), 500, 502, hang-up, slow. Every request is logged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type FakeCategory,
  type FakeForum,
  type FakePost,
  type FakeTopic,
  type FakeUser,
  findTopic,
  groupMemberIds,
  isStaff,
  PostType,
} from './dataset.ts'

export type Fault = 'rate-limit' | 'admin-rate-limit' | 'http-500' | 'http-502' | 'hang-up' | 'slow'

export interface FakeRequest {
  method: string
  path: string
  query: Record<string, string | string[]>
  status: number
  /** the username the request acted as, null when anonymous */
  user: string | null
  fault?: Fault
}

export interface FakeFaults {
  /** applied to the next requests, one each, in order */
  next: Fault[]
  /** what a 429 tells the caller to wait, in seconds */
  retryAfterSeconds: number
  /** how long a 'slow' answer takes */
  slowMs: number
}

export interface RateLimits {
  /** Discourse's defaults (config/discourse_defaults.conf): 50 per 10 s and 200 per minute per IP */
  perIpPerTenSeconds: number
  perIpPerMinute: number
  /** max_admin_api_reqs_per_minute: 60 */
  adminApiPerMinute: number
}

export const DISCOURSE_DEFAULT_RATE_LIMITS: RateLimits = { perIpPerTenSeconds: 50, perIpPerMinute: 200, adminApiPerMinute: 60 }

export interface FakeDiscourseOptions {
  dataset: FakeForum
  /** a private forum: anonymous JSON requests are refused */
  loginRequired?: boolean
  /** the one API key the forum knows (an all-users key: Api-Username picks the user) */
  apiKey?: string
  latencyMs?: number
  /** topics per page when the caller names none (Discourse: 30) */
  perPage?: number
  /** a real limiter with Discourse's numbers (true) or others; off by default */
  rateLimits?: boolean | RateLimits
  /** the clock the limiter counts by */
  now?: () => number
  /** where to listen on 127.0.0.1; a free port when omitted */
  port?: number
}

export interface FakeDiscourse {
  url: string
  dataset: FakeForum
  requests: FakeRequest[]
  faults: FakeFaults
  close(): Promise<void>
}

type Query = Record<string, string | string[]>
type Json = Record<string, unknown>

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const NOT_FOUND = 'The requested URL or resource could not be found.'
const notFound = () => new HttpAnswer(404, { errors: [NOT_FOUND], error_type: 'not_found' })
const invalidParameter = (name: string) =>
  new HttpAnswer(400, { errors: [`You supplied invalid parameters to the request: ${name}`], error_type: 'invalid_parameters' })

const AVATAR = (username: string) => `/letter_avatar_proxy/v4/letter/${username[0]?.toLowerCase() ?? 'x'}/8c91f0/{size}.png`

function parseQuery(search: URLSearchParams): Query {
  const query: Query = {}
  for (const [key, value] of search) {
    const existing = query[key]
    if (key.endsWith('[]')) query[key] = [...((existing as string[] | undefined) ?? []), value]
    else query[key] = value
  }
  return query
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/** Rails-style integer parameter: absent → fallback; not an integer → null (400). */
function intParam(value: string | string[] | undefined, fallback: number): number | null {
  const text = single(value)
  if (text === undefined || text === '') return fallback
  return /^-?\d+$/.test(text) ? Number(text) : null
}

/** ApplicationController#param_to_integer_list: "1,2,3" or an array, each part to_i (not a number: 0). */
function integerList(value: string | string[] | undefined): Set<number> | null {
  if (value === undefined) return null
  const parts = Array.isArray(value) ? value : value.split(',')
  return new Set(parts.map((p) => Number.parseInt(p, 10) || 0))
}

/** A sliding-window limiter like Discourse's RateLimiter: how long until the oldest hit leaves. */
class Window {
  private readonly hits = new Map<string, number[]>()
  constructor(
    private readonly max: number,
    private readonly seconds: number,
  ) {}

  /** Seconds to wait, or 0 when the request may go (and is counted). */
  hit(key: string, now: number) {
    const from = now - this.seconds * 1000
    const list = (this.hits.get(key) ?? []).filter((t) => t > from)
    if (list.length >= this.max) {
      this.hits.set(key, list)
      return Math.max(1, Math.ceil((list[0] - from) / 1000))
    }
    list.push(now)
    this.hits.set(key, list)
    return 0
  }
}

class Forum {
  private sortedVersion = -1
  private readonly sorted = new Map<string, FakeTopic[]>()
  private lastPostedVersion = -1
  private lastPostedByUser = new Map<number, string>()

  constructor(readonly data: FakeForum) {}

  user(id: number) {
    return this.data.users.find((u) => u.id === id)
  }

  category(id: number) {
    return this.data.categories.find((c) => c.id === id)
  }

  /** Topics in the requested order, cached until the forum changes. */
  ordered(order: string, ascending: boolean): FakeTopic[] {
    if (this.sortedVersion !== this.data.version) {
      this.sorted.clear()
      this.sortedVersion = this.data.version
    }
    const key = `${order}|${ascending}`
    let list = this.sorted.get(key)
    if (!list) {
      const value = (t: FakeTopic): number | string =>
        order === 'created' ? t.createdAt : order === 'views' ? t.views : order === 'posts' ? visiblePosts(t, false).length : t.bumpedAt
      const sign = ascending ? 1 : -1
      // Discourse orders by the column alone; ties broken by id here so answers are stable.
      list = [...this.data.topics].sort((a, b) => {
        const x = value(a)
        const y = value(b)
        return (x === y ? a.id - b.id : x < y ? -1 : 1) * sign
      })
      this.sorted.set(key, list)
    }
    return list
  }

  lastPostedAt(user: FakeUser) {
    if (this.lastPostedVersion !== this.data.version) {
      this.lastPostedByUser = new Map()
      for (const topic of this.data.topics) {
        for (const post of topic.posts) {
          const seen = this.lastPostedByUser.get(post.userId)
          if (!seen || seen < post.createdAt) this.lastPostedByUser.set(post.userId, post.createdAt)
        }
      }
      this.lastPostedVersion = this.data.version
    }
    return this.lastPostedByUser.get(user.id) ?? user.createdAt
  }
}

/** The posts a reader may see: whispers only for staff (Topic.visible_post_types). */
function visiblePosts(topic: FakeTopic, staff: boolean) {
  return staff ? topic.posts : topic.posts.filter((p) => p.postType !== PostType.whisper)
}

const fancy = (title: string) => title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export async function createFakeDiscourse(options: FakeDiscourseOptions): Promise<FakeDiscourse> {
  const forum = new Forum(options.dataset)
  const requests: FakeRequest[] = []
  const faults: FakeFaults = { next: [], retryAfterSeconds: 7, slowMs: 200 }
  const now = options.now ?? (() => Date.now())
  const limits = options.rateLimits === true ? DISCOURSE_DEFAULT_RATE_LIMITS : options.rateLimits || null
  const perIp10 = limits && new Window(limits.perIpPerTenSeconds, 10)
  const perIp60 = limits && new Window(limits.perIpPerMinute, 60)
  const adminApi = limits && new Window(limits.adminApiPerMinute, 60)
  const defaultPerPage = options.perPage ?? 30

  const ipRateLimited = (seconds: number, code: string) =>
    new HttpAnswer(429, `Slow down, you're making too many requests.\nPlease retry again in ${seconds} seconds.\nError code: ${code}.\n`, {
      'content-type': 'text/plain',
      'retry-after': String(seconds),
      'discourse-rate-limit-error-code': code,
    })
  const apiRateLimited = (seconds: number) =>
    new HttpAnswer(
      429,
      {
        errors: [`You’ve performed this action too many times. Please wait ${seconds} seconds before trying again.`],
        error_type: 'rate_limit',
        extras: { wait_seconds: seconds, time_left: `${seconds} seconds` },
      },
      { 'retry-after': String(seconds), 'discourse-rate-limit-error-code': 'admin_api_key_rate_limit' },
    )

  function userJson(user: FakeUser) {
    return { id: user.id, username: user.username, name: user.name, avatar_template: AVATAR(user.username) }
  }

  function listItem(topic: FakeTopic) {
    const posts = visiblePosts(topic, false)
    const last = posts.at(-1)!
    const lastUser = forum.user(last.userId)!
    const posterIds = [...new Set([topic.userId, ...posts.slice(1).map((p) => p.userId)])].slice(0, 5)
    return {
      id: topic.id,
      title: topic.title,
      fancy_title: fancy(topic.title),
      slug: topic.slug,
      posts_count: posts.length,
      reply_count: posts.filter((p) => p.replyToPostNumber !== null).length,
      highest_post_number: posts.at(-1)!.postNumber,
      image_url: null,
      created_at: topic.createdAt,
      last_posted_at: topic.lastPostedAt,
      bumped: topic.bumpedAt > topic.createdAt,
      bumped_at: topic.bumpedAt,
      archetype: 'regular',
      unseen: false,
      pinned: topic.pinnedAt !== null,
      unpinned: null,
      excerpt: `${fancy(topic.title)}…`,
      visible: topic.visible,
      closed: topic.closed,
      archived: topic.archived,
      bookmarked: null,
      liked: null,
      views: topic.views,
      like_count: 0,
      has_summary: false,
      last_poster_username: lastUser.username,
      category_id: topic.categoryId,
      pinned_globally: topic.pinnedGlobally,
      featured_link: null,
      has_accepted_answer: topic.acceptedAnswerPostId !== null,
      can_have_answer: !topic.closed && !topic.archived,
      posters: posterIds.map((id, i) => ({
        extras: id === last.userId ? 'latest' : '',
        description: i === 0 ? 'Original Poster' : id === last.userId ? 'Most Recent Poster' : 'Frequent Poster',
        user_id: id,
        primary_group_id: null,
      })),
    }
  }

  function topicList(query: Query, category: FakeCategory | null): HttpAnswer {
    const page = intParam(query.page, 0)
    if (page === null || page < 0) return invalidParameter('page')
    const perPage = intParam(query.per_page, defaultPerPage)
    if (perPage === null || perPage < 1 || perPage > 100) return invalidParameter('per_page')
    const order = single(query.order) ?? 'default'
    const ascending = single(query.ascending) === 'true'
    let topics = forum.ordered(order, ascending).filter((t) => t.visible)
    // `topic_ids` narrows any listing to those topics (ListController#build_topic_list_options:
    // param_to_integer_list, a comma-separated string or an array; TopicQuery#default_results:
    // `topics.id in (?)`); Discourse's own client reloads changed topics this way.
    const ids = integerList(query.topic_ids ?? query['topic_ids[]'])
    if (ids) topics = topics.filter((t) => ids.has(t.id))
    if (category) {
      const ids = new Set([category.id, ...forum.data.categories.filter((c) => c.parentCategoryId === category.id).map((c) => c.id)])
      topics = topics.filter((t) => ids.has(t.categoryId))
    }
    let pageTopics: FakeTopic[]
    if (['activity', 'default'].includes(order)) {
      // prioritize_pinned_topics: pinned first on page 0, later pages offset by their number.
      const isPinned = (t: FakeTopic) => t.pinnedAt !== null && (category ? t.categoryId === category.id : t.pinnedGlobally)
      const pinned = topics.filter(isPinned).sort((a, b) => (a.pinnedAt! < b.pinnedAt! ? 1 : -1))
      const unpinned = topics.filter((t) => !isPinned(t))
      if (page === 0) pageTopics = [...pinned, ...unpinned.slice(0, perPage)].slice(0, perPage)
      else {
        const offset = Math.max(0, page * perPage - pinned.length)
        pageTopics = unpinned.slice(offset, offset + perPage)
      }
    } else {
      pageTopics = topics.slice(page * perPage, page * perPage + perPage)
    }
    const params = new URLSearchParams()
    if (query.order !== undefined) params.set('order', order)
    if (query.ascending !== undefined) params.set('ascending', String(ascending))
    params.set('page', String(page + 1))
    if (query.per_page !== undefined) params.set('per_page', String(perPage))
    const base = category ? `/c/${category.slug}/${category.id}/l/latest` : '/latest'
    const userIds = new Set(pageTopics.flatMap((t) => visiblePosts(t, false).map((p) => p.userId)))
    return new HttpAnswer(200, {
      users: [...userIds].map((id) => forum.user(id)!).map(userJson),
      primary_groups: [],
      topic_list: {
        can_create_topic: false,
        per_page: perPage,
        ...(pageTopics.length === perPage ? { more_topics_url: `${base}?${params}` } : {}),
        topics: pageTopics.map(listItem),
      },
    })
  }

  function postJson(topic: FakeTopic, post: FakePost) {
    const user = forum.user(post.userId)!
    const accepted = topic.acceptedAnswerPostId
    return {
      id: post.id,
      name: user.name,
      username: user.username,
      avatar_template: AVATAR(user.username),
      created_at: post.createdAt,
      cooked: post.cooked,
      post_number: post.postNumber,
      post_type: post.postType,
      updated_at: post.createdAt,
      reply_count: topic.posts.filter((p) => p.replyToPostNumber === post.postNumber).length,
      reply_to_post_number: post.replyToPostNumber,
      quote_count: 0,
      incoming_link_count: 0,
      reads: 1,
      readers_count: 0,
      score: 0,
      yours: false,
      topic_id: topic.id,
      topic_slug: topic.slug,
      display_username: user.name,
      primary_group_name: null,
      flair_name: null,
      flair_url: null,
      flair_bg_color: null,
      flair_color: null,
      version: 1,
      can_edit: false,
      can_delete: false,
      can_recover: false,
      can_wiki: false,
      link_counts: [],
      read: true,
      user_title: null,
      bookmarked: false,
      actions_summary: [],
      moderator: user.moderator,
      admin: user.admin,
      staff: isStaff(user),
      user_id: user.id,
      hidden: false,
      trust_level: user.trustLevel,
      deleted_at: null,
      user_deleted: false,
      edit_reason: null,
      can_view_edit_history: true,
      wiki: false,
      reviewable_id: 0,
      reviewable_score_count: 0,
      reviewable_score_pending_count: 0,
      ...(post.actionCode ? { action_code: post.actionCode } : {}),
      accepted_answer: accepted === post.id,
      topic_accepted_answer: accepted !== null,
      can_accept_answer: false,
      can_unaccept_answer: false,
    }
  }

  function topicShow(topic: FakeTopic, staff: boolean): HttpAnswer {
    const posts = visiblePosts(topic, staff)
    const counted = visiblePosts(topic, false)
    const creator = forum.user(topic.userId)!
    const lastPoster = forum.user(counted.at(-1)!.userId)!
    const counts = new Map<number, number>()
    for (const p of posts) counts.set(p.userId, (counts.get(p.userId) ?? 0) + 1)
    const answer = topic.acceptedAnswerPostId === null ? undefined : topic.posts.find((p) => p.id === topic.acceptedAnswerPostId)
    const answerUser = answer && forum.user(answer.userId)
    const accepter = topic.accepterUserId === null ? undefined : forum.user(topic.accepterUserId)
    const body: Json = {
      post_stream: { posts: posts.slice(0, 20).map((p) => postJson(topic, p)), stream: posts.map((p) => p.id) },
      timeline_lookup: [[1, 0]],
      suggested_topics: [],
      tags: [],
      tags_descriptions: {},
      id: topic.id,
      title: topic.title,
      fancy_title: fancy(topic.title),
      posts_count: counted.length,
      created_at: topic.createdAt,
      views: topic.views,
      reply_count: counted.filter((p) => p.replyToPostNumber !== null).length,
      like_count: 0,
      last_posted_at: topic.lastPostedAt,
      visible: topic.visible,
      closed: topic.closed,
      archived: topic.archived,
      has_summary: false,
      archetype: 'regular',
      slug: topic.slug,
      category_id: topic.categoryId,
      word_count: null,
      deleted_at: null,
      user_id: topic.userId,
      featured_link: null,
      pinned_globally: topic.pinnedGlobally,
      pinned_at: topic.pinnedAt,
      pinned_until: null,
      image_url: null,
      slow_mode_seconds: 0,
      draft: null,
      draft_key: `topic_${topic.id}`,
      draft_sequence: 0,
      unpinned: null,
      pinned: topic.pinnedAt !== null,
      current_post_number: 1,
      highest_post_number: counted.at(-1)!.postNumber,
      deleted_by: null,
      has_deleted: false,
      actions_summary: [],
      chunk_size: 20,
      bookmarked: false,
      bookmarks: [],
      topic_timer: null,
      message_bus_last_id: 0,
      participant_count: counts.size,
      show_read_indicator: false,
      thumbnails: null,
      slow_mode_enabled_until: null,
      details: {
        can_edit: false,
        notification_level: 1,
        can_move_posts: false,
        can_delete: false,
        can_remove_allowed_users: false,
        can_create_post: false,
        can_reply_as_new_topic: false,
        can_convert_topic: false,
        can_review_topic: false,
        can_close_topic: false,
        can_archive_topic: false,
        can_split_merge_topic: false,
        can_edit_staff_notes: false,
        can_toggle_topic_visibility: false,
        can_pin_unpin_topic: false,
        can_moderate_category: false,
        can_remove_self_id: 0,
        participants: [...counts].map(([id, count]) => {
          const u = forum.user(id)!
          return {
            ...userJson(u),
            post_count: count,
            primary_group_name: null,
            flair_name: null,
            flair_url: null,
            flair_color: null,
            flair_bg_color: null,
            flair_group_id: null,
            admin: u.admin,
            moderator: u.moderator,
            trust_level: u.trustLevel,
          }
        }),
        created_by: userJson(creator),
        last_poster: userJson(lastPoster),
      },
    }
    if (answer && answerUser) {
      // No acceptance time: Discourse does not serialize one.
      body.accepted_answer = {
        post_number: answer.postNumber,
        username: answerUser.username,
        name: answerUser.name,
        excerpt: answer.cooked.replace(/<[^>]+>/g, '').slice(0, 300),
        ...(accepter ? { accepter_username: accepter.username, accepter_name: accepter.name } : {}),
      }
    }
    return new HttpAnswer(200, body)
  }

  function topicPosts(topic: FakeTopic, query: Query, staff: boolean): HttpAnswer {
    const ids = query['post_ids[]']
    if (!ids || !Array.isArray(ids) || ids.length === 0) {
      return new HttpAnswer(400, { errors: ['param is missing or the value is empty: post_ids'], error_type: 'invalid_parameters' })
    }
    const wanted = new Set(ids.map(Number))
    // TopicView#filter_posts_by_ids: only this topic's posts the reader may see, in topic order.
    const posts = visiblePosts(topic, staff).filter((p) => wanted.has(p.id))
    return new HttpAnswer(200, { post_stream: { posts: posts.map((p) => postJson(topic, p)) }, id: topic.id })
  }

  function groupMembers(name: string, query: Query, user: FakeUser | null): HttpAnswer {
    const group = forum.data.groups.find((g) => g.name.toLowerCase() === name.toLowerCase())
    // GroupsController#find_group: an unknown group and one the caller may not see are both 404.
    if (!group || (group.visibility === 'logged_on_users' && !user)) return notFound()
    const limit = intParam(query.limit, 50)
    if (limit === null || limit < 0 || limit > 1000) return invalidParameter('limit')
    const offset = intParam(query.offset, 0)
    if (offset === null || offset < 0) return invalidParameter('offset')
    const asc = Boolean(single(query.asc))
    const ownerIds = new Set(group.automatic ? [] : group.ownerIds)
    const byName = (a: FakeUser, b: FakeUser) => (a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1) * (asc ? 1 : -1)
    const users = groupMemberIds(forum.data, group)
      .map((id) => forum.user(id)!)
      .sort((a, b) => Number(ownerIds.has(b.id)) - Number(ownerIds.has(a.id)) || byName(a, b))
    const member = (u: FakeUser) => ({
      ...userJson(u),
      title: null,
      last_posted_at: forum.lastPostedAt(u),
      last_seen_at: forum.lastPostedAt(u),
      added_at: group.addedAt[u.id] ?? u.createdAt,
      timezone: 'UTC',
    })
    return new HttpAnswer(200, {
      members: users.slice(offset, offset + limit).map(member),
      owners: users.filter((u) => ownerIds.has(u.id)).map(member),
      meta: { total: users.length, limit, offset },
    })
  }

  function site(user: FakeUser | null): HttpAnswer {
    const data = forum.data
    return new HttpAnswer(200, {
      default_archetype: 'regular',
      notification_types: NOTIFICATION_TYPES,
      post_types: { regular: 1, moderator_action: 2, small_action: 3, whisper: 4 },
      trust_levels: { newuser: 0, basic: 1, member: 2, regular: 3, leader: 4 },
      groups: data.groups
        .filter((g) => g.visibility === 'public' || user)
        .map((g, i) => ({ id: 40 + i, name: g.name, flair_url: null, flair_bg_color: null, flair_color: null, automatic: g.automatic })),
      filters: ['latest', 'unread', 'new', 'unseen', 'top', 'read', 'posted', 'bookmarks'],
      homepage_choices: [],
      periods: ['all', 'yearly', 'quarterly', 'monthly', 'weekly', 'daily'],
      top_menu_items: ['latest', 'top'],
      anonymous_top_menu_items: ['latest', 'top', 'categories'],
      uncategorized_category_id: data.categories[0]?.id ?? 1,
      user_field_max_length: 2048,
      post_action_types: [],
      topic_flag_types: [],
      can_create_tag: false,
      can_tag_topics: false,
      can_tag_pms: false,
      tags_filter_regexp: '[/\\?#\\[\\]@!\\$&\'\\(\\)\\*\\+,;=\\.%\\\\`^\\s|\\{\\}"<>]+',
      top_tags: [],
      topic_featured_link_allowed_category_ids: [],
      user_themes: [{ theme_id: 2, name: 'Default', default: true, color_scheme_id: null }],
      user_color_schemes: [],
      default_light_color_scheme: null,
      default_dark_color_scheme: null,
      censored_regexp: [],
      custom_emoji_translation: {},
      watched_words_replace: null,
      watched_words_link: null,
      categories: data.categories.map((c) => ({
        id: c.id,
        name: c.name,
        color: c.color,
        text_color: 'FFFFFF',
        slug: c.slug,
        topic_count: data.topics.filter((t) => t.categoryId === c.id).length,
        post_count: data.topics.filter((t) => t.categoryId === c.id).reduce((n, t) => n + visiblePosts(t, false).length, 0),
        position: c.position,
        description: c.description,
        description_text: c.description,
        description_excerpt: c.description,
        topic_url: `/t/about-the-${c.slug}-category/${1000 + c.id}`,
        read_restricted: false,
        permission: 1,
        notification_level: 1,
        topic_template: null,
        topic_title_placeholder: null,
        has_children: data.categories.some((d) => d.parentCategoryId === c.id),
        subcategory_count: null,
        sort_order: null,
        sort_ascending: null,
        show_subcategory_list: false,
        num_featured_topics: 3,
        default_view: null,
        subcategory_list_style: 'rows_with_featured_topics',
        default_top_period: 'all',
        default_list_filter: 'all',
        minimum_required_tags: 0,
        navigate_to_first_post_after_read: false,
        allow_global_tags: false,
        required_tag_groups: [],
        read_only_banner: null,
        uploaded_logo: null,
        uploaded_logo_dark: null,
        uploaded_background: null,
        uploaded_background_dark: null,
        can_edit: false,
        ...(c.parentCategoryId !== null ? { parent_category_id: c.parentCategoryId } : {}),
      })),
      archetypes: [{ id: 'regular', name: 'regular.title', options: [] }],
      user_fields: [],
      auth_providers: [],
      full_name_required_for_signup: false,
      full_name_visible_in_signup: true,
      email_configured: true,
    })
  }

  function basicInfo(): HttpAnswer {
    return new HttpAnswer(200, {
      logo_url: '/images/discourse-logo-sketch.png',
      logo_small_url: '/images/discourse-logo-sketch-small.png',
      apple_touch_icon_url: '/images/default-apple-touch-icon.png',
      favicon_url: '/images/default-favicon.ico',
      title: forum.data.title,
      description: forum.data.description,
      header_primary_color: '333333',
      header_background_color: 'ffffff',
      login_required: Boolean(options.loginRequired),
      locale: 'en',
      include_in_discourse_discover: false,
      mobile_logo_url: '',
    })
  }

  /** The acting user from Api-Key/Api-Username (Auth::DefaultCurrentUserProvider), or an answer refusing them. */
  function authenticate(req: IncomingMessage): FakeUser | null | HttpAnswer {
    const key = req.headers['api-key']
    if (key === undefined) return null
    const username = req.headers['api-username']
    const user =
      typeof username === 'string' ? forum.data.users.find((u) => u.username.toLowerCase() === username.toLowerCase()) : undefined
    if (!options.apiKey || key !== options.apiKey || !user) {
      return new HttpAnswer(403, {
        errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'],
        error_type: 'invalid_access',
      })
    }
    return user
  }

  function route(pathname: string, query: Query, user: FakeUser | null): HttpAnswer {
    const staff = Boolean(user && isStaff(user))
    const path = pathname.replace(/\.json$/, '')
    if (path === '/site/basic-info') return basicInfo()
    if (options.loginRequired && !user) {
      return new HttpAnswer(403, { errors: ['You need to be logged in to do that.'], error_type: 'not_logged_in' })
    }
    if (path === '/site') return site(user)
    if (path === '/latest') return topicList(query, null)
    let match = /^\/c\/([^/]+)\/(\d+)(?:\/l\/latest)?$/.exec(path)
    if (match) {
      const category = forum.category(Number(match[2]))
      return category ? topicList(query, category) : notFound()
    }
    match = /^\/t\/(?:[^/]+\/)?(\d+)(\/posts)?$/.exec(path)
    if (match) {
      const topic = findTopic(forum.data, Number(match[1]))
      if (!topic || (!topic.visible && !staff)) {
        const answer = notFound()
        // topics#show adds the not-found page to its JSON error (rescue_discourse_actions).
        if (!match[2]) (answer.body as Json).extras = { title: 'Page Not Found', html: '<div class="page-not-found"></div>', group: null }
        return answer
      }
      return match[2] ? topicPosts(topic, query, staff) : topicShow(topic, staff)
    }
    match = /^\/groups\/([^/]+)\/members$/.exec(path)
    if (match) return groupMembers(decodeURIComponent(match[1]), query, user)
    return notFound()
  }

  function send(res: ServerResponse, answer: HttpAnswer) {
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...answer.headers,
    })
    res.end(text)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const query = parseQuery(url.searchParams)
    const log: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0, user: null }
    requests.push(log)
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs))
    const answer = (a: HttpAnswer) => {
      log.status = a.status
      send(res, a)
    }

    const fault = faults.next.shift()
    if (fault) log.fault = fault
    switch (fault) {
      case 'hang-up':
        req.socket.destroy()
        return
      case 'http-500':
        return answer(new HttpAnswer(500, '<html><body><h1>Internal Server Error</h1></body></html>', { 'content-type': 'text/html' }))
      case 'http-502':
        return answer(
          new HttpAnswer(
            502,
            '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
            {
              'content-type': 'text/html',
            },
          ),
        )
      case 'rate-limit':
        return answer(ipRateLimited(faults.retryAfterSeconds, 'ip_10_secs_limit'))
      case 'admin-rate-limit':
        return answer(apiRateLimited(faults.retryAfterSeconds))
      case 'slow':
        await new Promise((r) => setTimeout(r, faults.slowMs))
        break
      default:
        break
    }

    const auth = authenticate(req)
    if (auth instanceof HttpAnswer) return answer(auth)
    log.user = auth?.username ?? null

    if (limits) {
      const t = now()
      if (auth) {
        const wait = adminApi!.hit('admin_api', t)
        if (wait > 0) return answer(apiRateLimited(wait))
      } else {
        // Middleware::RequestTracker#rate_limit: the 10-second window first, then the minute.
        const ip = req.socket.remoteAddress ?? 'unknown'
        const wait10 = perIp10!.hit(ip, t)
        if (wait10 > 0) return answer(ipRateLimited(wait10, 'ip_10_secs_limit'))
        const wait60 = perIp60!.hit(ip, t)
        if (wait60 > 0) return answer(ipRateLimited(wait60, 'ip_60_secs_limit'))
      }
    }

    if (req.method !== 'GET') return answer(notFound())
    const wantsJson = url.pathname.endsWith('.json') || /application\/json/.test(req.headers.accept ?? '')
    if (!wantsJson) {
      // Without .json or the Accept header Discourse serves its HTML application.
      log.status = 200
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        `<!DOCTYPE html><html><head><title>${fancy(forum.data.title)}</title></head><body><noscript>Discourse</noscript></body></html>`,
      )
      return
    }
    return answer(route(url.pathname, query, auth))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, new HttpAnswer(500, { errors: [error instanceof Error ? error.message : String(error)] }))
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    dataset: options.dataset,
    requests,
    faults,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// The notification types /site.json must list (openapi.yml); Steward never reads them.
const NOTIFICATION_TYPES = {
  mentioned: 1,
  replied: 2,
  quoted: 3,
  edited: 4,
  liked: 5,
  private_message: 6,
  invited_to_private_message: 7,
  invitee_accepted: 8,
  posted: 9,
  moved_post: 10,
  linked: 11,
  granted_badge: 12,
  invited_to_topic: 13,
  custom: 14,
  group_mentioned: 15,
  group_message_summary: 16,
  watching_first_post: 17,
  topic_reminder: 18,
  liked_consolidated: 19,
  post_approved: 20,
  code_review_commit_approved: 21,
  membership_request_accepted: 22,
  membership_request_consolidated: 23,
  bookmark_reminder: 24,
  reaction: 25,
  votes_released: 26,
  event_reminder: 27,
  event_invitation: 28,
  chat_mention: 29,
  chat_message: 30,
  chat_invitation: 31,
  chat_group_mention: 32,
  watching_category_or_tag: 36,
  linked_consolidated: 39,
}
