// Reads a Discourse forum through its JSON API, with Discourse's rules for failing and waiting.
//
// - Public forums are read without a key; private ones (login_required) with the `Api-Key` and
//   `Api-Username` headers — never in the query string, where Discourse ignores keys since 2020.
// - Every request asks for JSON (`Accept: application/json`): the paging links Discourse hands
//   out have no `.json`.
// - 429 answers (plain text from the per-IP limiter, JSON from the API-key limiter) carry
//   `Retry-After` in seconds and `Discourse-Rate-Limit-Error-Code`: waited out, then retried.
// - 5xx, timeouts and dropped connections: retried with exponential backoff.
// - Everything else fails at once with a DiscourseError in plain words.
// The clock and the sleep are injectable so tests never really wait.
import type { z } from 'zod'
import {
  BasicInfoSchema,
  type DiscourseCategory,
  type DiscourseGroupMember,
  type DiscoursePost,
  type DiscourseSite,
  type DiscourseTopic,
  type DiscourseTopicSummary,
  GroupMembersSchema,
  normalizeGroupMembers,
  normalizePost,
  normalizeSite,
  normalizeTopic,
  normalizeTopicList,
  PostsSchema,
  SiteSchema,
  TopicListSchema,
  TopicSchema,
} from './normalize.ts'

export type DiscourseErrorKind = 'configuration' | 'auth' | 'not-found' | 'rate-limit' | 'network' | 'http'

export class DiscourseError extends Error {
  override name = 'DiscourseError'
  constructor(
    readonly kind: DiscourseErrorKind,
    /** Plain words for the sources page and the command line. */
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

export interface DiscourseWaitNotice {
  reason: 'rate-limit' | 'retry'
  ms: number
  until: Date
  attempt: number
  cause: string
}

export interface DiscourseClientOptions {
  /** the forum's address, e.g. https://forum.pybamm.org (a subfolder install keeps its path) */
  baseUrl: string
  apiKey?: string
  apiUsername?: string
  /** per request, default 15 s */
  timeoutMs?: number
  /** attempts for faults (5xx, timeouts, dropped connections), default 5 */
  maxAttempts?: number
  /** first backoff, doubled each attempt (capped at 60 s), default 1 s */
  backoffMs?: number
  /** how many 429s one request may wait out before giving up, default 10 */
  maxRateLimitWaits?: number
  /** a Retry-After longer than this stops the sync instead of blocking it, default 15 minutes */
  maxRateLimitWaitMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
  onWait?: (notice: DiscourseWaitNotice) => void
}

/** A category a listing is limited to. */
export interface CategoryRef {
  id: number
  slug: string
}

/**
 * Where the previous sync stopped: the activity time (bumped_at) of the newest topic it saw,
 * and the ids of the topics at exactly that time, so a tie is neither missed nor fetched twice.
 */
export interface TopicWatermark {
  bumpedAt: Date
  topicIds: number[]
}

/** Where an interrupted walk resumes: the next page, and the newest topic seen before it. */
export interface TopicWalkCursor {
  nextPage: number
  newest: TopicWatermark | null
}

export interface TopicWalkPage {
  page: number
  /** topics with activity after the watermark, each once per walk */
  changed: DiscourseTopicSummary[]
  done: boolean
  /** store with the page's data; null when done */
  cursor: TopicWalkCursor | null
  /** the watermark for the next sync, given on the last page only */
  watermark: TopicWatermark | null
}

export interface TopicListing {
  page: number
  topics: DiscourseTopicSummary[]
  /** the next page's number, from Discourse's more_topics_url; null on the last page */
  nextPage: number | null
  moreTopicsUrl: string | null
}

/** Discourse's automatic groups (Group::AUTO_GROUPS): visible to signed-in users only. */
const AUTOMATIC_GROUPS = new Set([
  'everyone',
  'admins',
  'moderators',
  'staff',
  'trust_level_0',
  'trust_level_1',
  'trust_level_2',
  'trust_level_3',
  'trust_level_4',
])

/** Posts fetched by id per request: the size of Discourse's own chunks (TopicView.chunk_size). */
const POSTS_PER_REQUEST = 20
/** Topics asked for by id in one listing request: a page at Discourse's default size (TopicQuery::DEFAULT_PER_PAGE_COUNT). */
export const TOPICS_PER_ID_REQUEST = 30

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function describeFault(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the request timed out'
    const cause = (error as { cause?: { code?: string } }).cause
    if (cause?.code) return `the connection failed (${cause.code})`
    return error.message
  }
  return String(error)
}

interface ErrorBody {
  errors?: string[]
  error_type?: string
  extras?: { wait_seconds?: number }
}

/** Where a 404 means something else than "no such thing". */
type NotFoundMeaning = (status: number) => DiscourseError

export class DiscourseClient {
  /** HTTP requests sent, retries included. */
  requests = 0
  private readonly origin: string
  /** a subfolder install's path, e.g. /forum; empty at the root */
  private readonly prefix: string
  private readonly label: string
  private readonly options: Required<Omit<DiscourseClientOptions, 'apiKey' | 'apiUsername' | 'onWait'>> &
    Pick<DiscourseClientOptions, 'apiKey' | 'apiUsername' | 'onWait'>
  private categories?: Promise<DiscourseCategory[]>
  /** learnt from /site/basic-info.json by probe() */
  private loginRequired = false

  constructor(options: DiscourseClientOptions) {
    this.options = {
      timeoutMs: 15_000,
      maxAttempts: 5,
      backoffMs: 1_000,
      maxRateLimitWaits: 10,
      maxRateLimitWaitMs: 15 * 60_000,
      now: () => Date.now(),
      sleep: realSleep,
      fetch: (...args) => fetch(...args),
      ...options,
    }
    let base: URL
    try {
      base = new URL(options.baseUrl)
    } catch {
      throw new DiscourseError(
        'configuration',
        `“${options.baseUrl}” is not a web address: give the forum's address, e.g. https://forum.example.org.`,
      )
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new DiscourseError(
        'configuration',
        `${options.baseUrl} is not an http(s) address: give the forum's address, e.g. https://forum.example.org.`,
      )
    }
    this.origin = base.origin
    this.prefix = base.pathname.replace(/\/+$/, '')
    this.label = `${this.origin}${this.prefix}`
  }

  private async wait(notice: Omit<DiscourseWaitNotice, 'until'>) {
    const ms = Math.max(0, Math.ceil(notice.ms))
    this.options.onWait?.({ ...notice, ms, until: new Date(this.options.now() + ms) })
    await this.options.sleep(ms)
  }

  /** The absolute address of a forum path; paths Discourse hands out already carry a subfolder. */
  private urlOf(path: string) {
    const prefix = this.prefix
    return new URL(prefix && !path.startsWith(`${prefix}/`) ? `${prefix}${path}` : path, this.origin)
  }

  private refused(status: number, body: ErrorBody, what: string): DiscourseError {
    const words = body.errors?.join(' ') ?? ''
    const answered = `HTTP ${status}${words ? `: ${words}` : ''}`
    if (body.error_type === 'not_logged_in' || (this.loginRequired && !this.options.apiKey)) {
      return new DiscourseError(
        'auth',
        `${this.label} is a private forum (it answered ${answered}): give Steward an API key and the username it acts as.`,
        status,
      )
    }
    if (!this.options.apiKey) {
      return new DiscourseError(
        'auth',
        `${this.label} does not show ${what} to anonymous readers (${answered}): give Steward an API key and the username it acts as.`,
        status,
      )
    }
    return new DiscourseError(
      'auth',
      `${this.label} refused the API key or username for ${what} (${answered}): check both, and that the key may read it.`,
      status,
    )
  }

  /** GET one JSON answer, waiting out rate limits and retrying faults; checks it against schema. */
  private async get<T>(path: string, schema: z.ZodType<T>, what: string, notFound?: NotFoundMeaning): Promise<T> {
    const url = this.urlOf(path)
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'steward' }
    if (this.options.apiKey) headers['api-key'] = this.options.apiKey
    if (this.options.apiUsername) headers['api-username'] = this.options.apiUsername
    let attempt = 0
    let rateLimitWaits = 0
    const fault = async (cause: string) => {
      if (attempt >= this.options.maxAttempts) {
        throw new DiscourseError('network', `Could not reach ${this.label} after ${attempt} attempts: ${cause}.`)
      }
      await this.wait({ reason: 'retry', ms: Math.min(60_000, this.options.backoffMs * 2 ** (attempt - 1)), attempt, cause })
    }

    for (;;) {
      attempt += 1
      this.requests += 1
      let response: Response
      let text: string
      try {
        response = await this.options.fetch(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) })
        text = await response.text()
      } catch (error) {
        await fault(describeFault(error))
        continue
      }
      const { status } = response
      let body: unknown
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = undefined
      }
      const errorBody = (body ?? {}) as ErrorBody

      if (status === 429) {
        // Not a fault: Discourse said how long to wait.
        attempt -= 1
        rateLimitWaits += 1
        const code = response.headers.get('discourse-rate-limit-error-code') ?? errorBody.error_type ?? 'rate limit'
        const seconds = Number(response.headers.get('retry-after') ?? errorBody.extras?.wait_seconds ?? 60)
        const ms = (Number.isFinite(seconds) && seconds >= 0 ? seconds : 60) * 1000
        if (rateLimitWaits > this.options.maxRateLimitWaits || ms > this.options.maxRateLimitWaitMs) {
          throw new DiscourseError(
            'rate-limit',
            `${this.label} asked Steward to slow down (${code}, wait ${Math.ceil(ms / 1000)} s${rateLimitWaits > 1 ? `, ${rateLimitWaits} times` : ''}); the sync stopped and will continue from here next time.`,
            status,
          )
        }
        await this.wait({ reason: 'rate-limit', ms, attempt, cause: code })
        continue
      }
      if (status >= 500) {
        await fault(`${this.label} answered HTTP ${status}`)
        continue
      }
      if (status === 401 || status === 403) throw this.refused(status, errorBody, what)
      // A private forum hides what an anonymous caller may not see behind 404s too.
      if (status === 404 && this.loginRequired && !this.options.apiKey) throw this.refused(status, errorBody, what)
      if (status === 404) {
        throw notFound?.(status) ?? new DiscourseError('not-found', `${this.label} could not find ${what} (HTTP 404).`, status)
      }
      if (status !== 200) {
        const words = errorBody.errors?.join(' ')
        throw new DiscourseError('http', `${this.label} answered HTTP ${status} for ${what}${words ? `: ${words}` : ''}.`, status)
      }
      if (body === undefined) {
        throw new DiscourseError('http', `${this.label} answered ${what} with something other than JSON.`, status)
      }
      const parsed = schema.safeParse(body)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new DiscourseError(
          'http',
          `${this.label} answered ${what} in a shape Steward does not know (${issue.path.join('.') || 'the answer'}: ${issue.message}).`,
          status,
        )
      }
      return parsed.data
    }
  }

  /**
   * Checks that the address answers like Discourse, and reads its title and categories:
   * /site/basic-info.json (public even on private forums), then /site.json.
   */
  async probe(): Promise<DiscourseSite> {
    let basic: z.infer<typeof BasicInfoSchema>
    try {
      basic = await this.get('/site/basic-info.json', BasicInfoSchema, 'site information')
    } catch (error) {
      if (error instanceof DiscourseError && ['http', 'not-found', 'auth'].includes(error.kind)) {
        const detail =
          error.status && error.status !== 200
            ? `HTTP ${error.status} for /site/basic-info.json`
            : '/site/basic-info.json is not its site information'
        throw new DiscourseError(
          'configuration',
          `${this.label} does not answer like a Discourse forum (${detail}): check the address.`,
          error.status,
        )
      }
      throw error
    }
    this.loginRequired = basic.login_required ?? false
    const site = await this.get('/site.json', SiteSchema, 'its categories')
    const normal = normalizeSite(basic, site)
    this.categories = Promise.resolve(normal.categories)
    return normal
  }

  /** The forum's categories (/site.json), read once per client. */
  listCategories(): Promise<DiscourseCategory[]> {
    this.categories ??= this.get('/site.json', SiteSchema, 'its categories').then((s) => normalizeSite({ title: '' }, s).categories)
    return this.categories
  }

  /** The category a slug names (`--category SLUG`), from the forum's category list. */
  async resolveCategory(slug: string): Promise<DiscourseCategory> {
    const categories = await this.listCategories()
    const wanted = slug
      .trim()
      .replace(/^\/+|\/+$/g, '')
      .toLowerCase()
    // "parent/child" names a subcategory; a plain slug prefers a top-level category.
    const [parentSlug, childSlug] = wanted.includes('/') ? wanted.split('/', 2) : [null, wanted]
    const parent = parentSlug === null ? undefined : categories.find((c) => c.slug.toLowerCase() === parentSlug)
    const matches = categories
      .filter((c) => c.slug.toLowerCase() === childSlug && (parentSlug === null || c.parentCategoryId === parent?.id))
      .sort((a, b) => Number(a.parentCategoryId !== null) - Number(b.parentCategoryId !== null))
    if (matches.length === 0) {
      throw new DiscourseError(
        'not-found',
        `${this.label} has no category “${slug}”; its categories are ${categories.map((c) => c.slug).join(', ') || 'none'}.`,
      )
    }
    return matches[0]
  }

  private listingPath(category: CategoryRef | null | undefined, page: number) {
    // /l/latest rather than the bare category path: a category whose default view is "top"
    // would otherwise list by score (ListController#category_default).
    const path = category ? `/c/${encodeURIComponent(category.slug)}/${category.id}/l/latest.json` : '/latest.json'
    return `${path}?order=activity${page > 0 ? `&page=${page}` : ''}`
  }

  private async listing(path: string, page: number, what: string): Promise<TopicListing> {
    const list = normalizeTopicList(await this.get(path, TopicListSchema, what))
    let nextPage: number | null = null
    if (list.moreTopicsUrl) {
      const named = Number(new URL(list.moreTopicsUrl, this.origin).searchParams.get('page'))
      nextPage = Number.isInteger(named) && named > page ? named : page + 1
    }
    return { page, topics: list.topics, nextPage, moreTopicsUrl: list.moreTopicsUrl }
  }

  /** One page of topics by activity (bumped_at), newest first; pinned topics lead page 0. */
  listTopics(options: { category?: CategoryRef | null; page?: number } = {}): Promise<TopicListing> {
    const page = options.page ?? 0
    const what = options.category ? `the topics of category ${options.category.slug}` : 'the topic list'
    return this.listing(this.listingPath(options.category, page), page, what)
  }

  /**
   * The listing's view of the given topics, 30 a request (`/latest.json?topic_ids=…`, as
   * Discourse's own client reloads topics it was told changed; 30 is a page, so no topic is cut
   * off whatever the forum's per-page setting allows). Closing a topic or accepting an answer
   * does not bump it (TopicStatusUpdater bumps only on reopening; Solved writes no post), so the
   * walk by activity never sees those changes: this is how a sync sees them. Topics the reader
   * may no longer see (deleted, unlisted, moved to a hidden category) are simply not in the answer.
   */
  async listTopicsById(ids: readonly number[]): Promise<DiscourseTopicSummary[]> {
    const topics: DiscourseTopicSummary[] = []
    for (let i = 0; i < ids.length; i += TOPICS_PER_ID_REQUEST) {
      const batch = ids.slice(i, i + TOPICS_PER_ID_REQUEST)
      const list = await this.listing(`/latest.json?topic_ids=${batch.join(',')}`, 0, `topics ${batch.join(', ')}`)
      topics.push(...list.topics.filter((t) => batch.includes(t.id)))
    }
    return topics
  }

  /**
   * Walks the activity-ordered listing from the newest topic down to the watermark of the last
   * sync, yielding the topics that changed page by page. An unchanged forum costs one request.
   *
   * Why it stays correct while the order changes under it (Discourse pages by offset):
   * - A topic that gets activity during the walk jumps to the top. If it was below the current
   *   page, every topic after it shifts down by one: the next page repeats a topic (yielded once
   *   per walk) and skips none. The jumped topic itself is not seen now, but its new activity
   *   time is later than anything this walk saw, so it is above the new watermark and the next
   *   sync finds it first. The same holds across a crash: resume with the stored cursor.
   * - Pinned topics lead page 0 whatever their age, so they never end the walk.
   * - The walk ends at the first unpinned topic older than the watermark, or on the last page;
   *   topics at exactly the watermark's time are new unless their ids were stored with it.
   *   Only then is the new watermark given.
   * Not covered: a topic that leaves the listing mid-walk (deleted, moved to a hidden
   * category) shifts later topics up by one, which can hide one topic until its next activity.
   */
  async *walkTopics(options: {
    category?: CategoryRef | null
    since: TopicWatermark | null
    resume?: TopicWalkCursor | null
  }): AsyncGenerator<TopicWalkPage> {
    const since = options.since
    const copy = (mark: TopicWatermark | null) => (mark ? { bumpedAt: mark.bumpedAt, topicIds: [...mark.topicIds] } : null)
    let newest = copy(options.resume?.newest ?? null)
    let page = options.resume?.nextPage ?? 0
    const yielded = new Set<number>()
    const isNew = (t: DiscourseTopicSummary) =>
      !since ||
      t.bumpedAt.getTime() > since.bumpedAt.getTime() ||
      (t.bumpedAt.getTime() === since.bumpedAt.getTime() && !since.topicIds.includes(t.id))
    const note = (t: DiscourseTopicSummary) => {
      const time = t.bumpedAt.getTime()
      if (!newest || time > newest.bumpedAt.getTime()) newest = { bumpedAt: t.bumpedAt, topicIds: [t.id] }
      else if (time === newest.bumpedAt.getTime() && !newest.topicIds.includes(t.id)) newest.topicIds.push(t.id)
    }

    for (;;) {
      const listing = await this.listTopics({ category: options.category, page })
      const changed: DiscourseTopicSummary[] = []
      let reachedWatermark = false
      for (const topic of listing.topics) {
        note(topic)
        if (isNew(topic)) {
          if (!yielded.has(topic.id)) changed.push(topic)
          yielded.add(topic.id)
        } else if (!topic.pinned && topic.bumpedAt.getTime() < since!.bumpedAt.getTime()) {
          // Strictly older: Discourse orders ties in no stated way, so a topic at exactly the
          // watermark's time may still be followed by an unseen one at that time.
          reachedWatermark = true
          break
        }
      }
      const done = reachedWatermark || listing.nextPage === null
      // Nothing seen at all (an empty forum) keeps the old watermark.
      const finalMark: TopicWatermark | null = newest ?? since
      yield {
        page,
        changed,
        done,
        cursor: done ? null : { nextPage: listing.nextPage!, newest: copy(newest) },
        watermark: done ? copy(finalMark) : null,
      }
      if (done) return
      page = listing.nextPage!
    }
  }

  /** A topic with all its posts: the first chunk of 20, then the rest by id, 20 a request. */
  async fetchTopic(id: number): Promise<DiscourseTopic> {
    const topic = await this.get(`/t/${id}.json`, TopicSchema, `topic ${id}`)
    const have = new Set(topic.post_stream.posts.map((p) => p.id))
    const missing = topic.post_stream.stream.filter((postId) => !have.has(postId))
    const later: DiscoursePost[] = []
    for (let i = 0; i < missing.length; i += POSTS_PER_REQUEST) {
      const batch = missing.slice(i, i + POSTS_PER_REQUEST)
      const query = batch.map((postId) => `post_ids[]=${postId}`).join('&')
      const answer = await this.get(`/t/${id}/posts.json?${query}`, PostsSchema, `posts of topic ${id}`)
      later.push(...answer.post_stream.posts.map(normalizePost))
    }
    return normalizeTopic(topic, later)
  }

  /**
   * Every member of a group (owners included and flagged), page by page.
   * `staff`, `admins` and `moderators` are automatic groups Discourse shows to signed-in users
   * only: anonymously they answer 404, which is reported as needing a key. Without one, staff
   * replies can still be told apart: every post carries its author's staff flag.
   */
  async listGroupMembers(name: string, options: { pageSize?: number } = {}): Promise<DiscourseGroupMember[]> {
    const limit = options.pageSize ?? 50
    const members = new Map<number, DiscourseGroupMember>()
    const notFound: NotFoundMeaning = (status) =>
      AUTOMATIC_GROUPS.has(name.toLowerCase()) && !this.options.apiKey
        ? new DiscourseError(
            'auth',
            `${this.label} shows the members of its automatic group “${name}” only to signed-in users: give Steward an API key and username, or name a public group of maintainers. (Posts still say whether their author is staff.)`,
            status,
          )
        : new DiscourseError('not-found', `${this.label} has no group “${name}” that Steward may see.`, status)
    for (let offset = 0; ;) {
      const page = await this.get(
        `/groups/${encodeURIComponent(name)}/members.json?limit=${limit}&offset=${offset}`,
        GroupMembersSchema,
        `members of group ${name}`,
        notFound,
      )
      for (const member of normalizeGroupMembers(page)) members.set(member.id, member)
      offset += page.members.length
      if (page.members.length === 0 || offset >= page.meta.total) break
    }
    return [...members.values()]
  }
}

export function createDiscourseClient(options: DiscourseClientOptions) {
  return new DiscourseClient(options)
}
