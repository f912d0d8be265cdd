import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  acceptAnswer,
  addCategory,
  addGroup,
  addPost,
  addTopic,
  addUser,
  closeTopic,
  createForum,
  type FakeForum,
  PostType,
} from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import {
  createDiscourseClient,
  type DiscourseClientOptions,
  DiscourseError,
  type DiscourseWaitNotice,
  type TopicWalkPage,
  type TopicWatermark,
} from './client.server.ts'

const HOUR = 3_600_000
const T0 = Date.parse('2026-01-05T08:00:00Z')

/**
 * 64 topics in General, one an hour from T0 (topic n bumped at T0 + (n - 1) h), and an older
 * welcome topic pinned globally: 65 listed, 30 a page → pages of 1 + 29, 30 and 5 topics.
 */
function forumOf64() {
  const forum = createForum()
  addUser(forum, { username: 'alice', name: 'Alice' })
  addUser(forum, { username: 'bob', name: 'Bob' })
  addUser(forum, { username: 'maint', name: 'Maintainer', moderator: true })
  addCategory(forum, { name: 'General', slug: 'general' })
  addCategory(forum, { name: 'Q&A', slug: 'q-a' })
  addTopic(forum, { title: 'Welcome', author: 'maint', at: '2025-12-01T00:00:00Z', pinnedGlobally: true })
  const topics = Array.from({ length: 64 }, (_, i) =>
    addTopic(forum, { title: `Question ${i + 1}`, author: i % 2 ? 'alice' : 'bob', at: new Date(T0 + i * HOUR), category: 'general' }),
  )
  return { forum, topics }
}

let fake: FakeDiscourse
let clock: ReturnType<typeof fakeClock>
let forum: FakeForum

function client(options: Partial<DiscourseClientOptions> = {}) {
  const waits: DiscourseWaitNotice[] = []
  const c = createDiscourseClient({
    baseUrl: fake.url,
    now: clock.now,
    sleep: clock.sleep,
    timeoutMs: 2_000,
    onWait: (n) => waits.push(n),
    ...options,
  })
  return { c, waits }
}

async function walkAll(walk: AsyncGenerator<TopicWalkPage>) {
  const pages: TopicWalkPage[] = []
  for await (const page of walk) pages.push(page)
  return { pages, changed: pages.flatMap((p) => p.changed.map((t) => t.id)), watermark: pages.at(-1)!.watermark }
}

beforeEach(async () => {
  clock = fakeClock()
  forum = forumOf64().forum
  fake = await createFakeDiscourse({ dataset: forum, apiKey: 'k3y' })
})
afterEach(() => fake.close())

describe('walking topics by activity down to the watermark', () => {
  it('reads a new forum page by page, then an unchanged forum costs exactly one request', async () => {
    const first = client()
    const initial = await walkAll(first.c.walkTopics({ since: null }))
    // 65 topics, 30 a page: page 0 = pinned + 29, page 1 = 30, page 2 = 5 (not full: the last).
    expect(initial.pages.map((p) => p.changed.length)).toEqual([30, 30, 5])
    expect(first.c.requests).toBe(3)
    expect(new Set(initial.changed).size).toBe(65)
    // The newest activity is topic 64's creation: T0 + 63 h.
    expect(initial.watermark?.bumpedAt).toEqual(new Date(T0 + 63 * HOUR))

    const again = client()
    const unchanged = await walkAll(again.c.walkTopics({ since: initial.watermark }))
    expect(again.c.requests).toBe(1)
    expect(unchanged.changed).toEqual([])
    expect(unchanged.watermark).toEqual(initial.watermark)
    expect(fake.requests.at(-1)).toMatchObject({ path: '/latest.json', query: { order: 'activity' }, status: 200 })
  })

  it('finds 3 changed topics with one request, and 31 with two', async () => {
    const initial = await walkAll(client().c.walkTopics({ since: null }))
    // Replies to topics 2, 10 and 40 bump them above everything else.
    for (const [n, id] of [2, 10, 40].map((n, i) => [i, forum.topics.find((t) => t.title === `Question ${n}`)!.id])) {
      addPost(forum, id, { author: 'maint', at: new Date(T0 + 100 * HOUR + n * 60_000) })
    }
    const three = client()
    const changed = await walkAll(three.c.walkTopics({ since: initial.watermark }))
    // Page 0: pinned, the 3 bumped, then topic 64 (at the watermark) ends the walk.
    expect(three.c.requests).toBe(1)
    expect(changed.changed.map((id) => forum.topics.find((t) => t.id === id)!.title)).toEqual(['Question 40', 'Question 10', 'Question 2'])
    expect(changed.watermark?.bumpedAt).toEqual(new Date(T0 + 100 * HOUR + 2 * 60_000))

    for (let n = 1; n <= 31; n++) addPost(forum, forum.topics[n].id, { author: 'alice', at: new Date(T0 + 200 * HOUR + n * 60_000) })
    const many = client()
    const more = await walkAll(many.c.walkTopics({ since: changed.watermark }))
    // 31 bumped: page 0 holds the pinned one and 29 of them, page 1 the other 2 and then a seen topic.
    expect(more.changed).toHaveLength(31)
    expect(many.c.requests).toBe(2)
  })

  it('settles topics bumped at the same instant as the watermark by their ids', async () => {
    const twin = forum.topics.find((t) => t.title === 'Question 64')!
    const initial = await walkAll(client().c.walkTopics({ since: null }))
    expect(initial.watermark?.topicIds).toEqual([twin.id])
    // Another topic bumped at exactly the watermark's time was not seen: it counts as changed.
    const other = forum.topics.find((t) => t.title === 'Question 3')!
    addPost(forum, other.id, { author: 'maint', at: initial.watermark!.bumpedAt })
    const next = await walkAll(client().c.walkTopics({ since: initial.watermark }))
    expect(next.changed).toEqual([other.id])
    expect(next.watermark?.topicIds.sort()).toEqual([twin.id, other.id].sort())
  })

  it('loses no topic when activity reorders the list during the walk; the moved topic comes first next sync', async () => {
    const c = client().c
    const seen = new Set<number>()
    let watermark: TopicWatermark | null = null
    for await (const page of c.walkTopics({ since: null })) {
      page.changed.forEach((t) => seen.add(t.id))
      if (page.page === 0) {
        // While page 1 is not yet read, a reply bumps topic 5 (which sits on page 2) to the top:
        // everything above its old place shifts down one, so page 1 repeats one topic.
        addPost(forum, forum.topics.find((t) => t.title === 'Question 5')!.id, { author: 'maint', at: new Date(T0 + 500 * HOUR) })
      }
      if (page.done) watermark = page.watermark
    }
    const moved = forum.topics.find((t) => t.title === 'Question 5')!.id
    // 65 topics less the one that jumped over the walk: 64 seen, each once.
    expect(seen.size).toBe(64)
    expect(seen.has(moved)).toBe(false)
    const next = await walkAll(client().c.walkTopics({ since: watermark }))
    expect(next.changed).toEqual([moved])
  })

  it('resumes an interrupted walk from its stored cursor, without going back to page 0', async () => {
    const first = client().c
    let stored: TopicWalkPage | undefined
    for await (const page of first.walkTopics({ since: null })) {
      stored = page
      break // the process dies after writing page 0
    }
    expect(stored?.cursor?.nextPage).toBe(1)
    const resumed = client()
    const rest = await walkAll(resumed.c.walkTopics({ since: null, resume: stored!.cursor }))
    expect(rest.pages.map((p) => p.page)).toEqual([1, 2])
    expect(resumed.c.requests).toBe(2)
    expect(rest.changed).toHaveLength(35)
    expect(rest.watermark?.bumpedAt).toEqual(new Date(T0 + 63 * HOUR))
    // Discourse's link to page 1 (/latest?order=activity&page=1) and the built one agree.
    expect(fake.requests.map((r) => r.query.page)).toEqual([undefined, '1', '2'])
  })

  it('walks one category named by its slug', async () => {
    const c = client().c
    const qa = await c.resolveCategory('q-a')
    addTopic(forum, { title: 'Solver question', author: 'alice', at: new Date(T0 + 300 * HOUR), category: 'q-a' })
    const walk = await walkAll(c.walkTopics({ category: qa, since: null }))
    expect(walk.changed.map((id) => forum.topics.find((t) => t.id === id)!.title)).toEqual(['Solver question'])
    expect(fake.requests.at(-1)?.path).toBe(`/c/q-a/${qa.id}/l/latest.json`)
    await expect(c.resolveCategory('nope')).rejects.toThrow(/has no category “nope”; its categories are uncategorized, general, q-a/)
  })
})

describe('looking at topics again by id', () => {
  it('asks 30 a request and sees a close and a Solved the walk by activity does not', async () => {
    const topics = forum.topics.filter((t) => t.title.startsWith('Question '))
    const ids = topics.slice(0, 31).map((t) => t.id)
    closeTopic(forum, ids[0], 'maint', new Date(T0 + 500 * HOUR))
    addPost(forum, ids[1], { author: ids[1] % 2 ? 'bob' : 'alice', at: new Date(T0 + 501 * HOUR) })
    acceptAnswer(forum, ids[1], 2, 'alice')
    const { c } = client()
    const seen = await c.listTopicsById(ids)
    // 31 ids: 30 + 1, two requests, each naming its ids.
    expect(c.requests).toBe(2)
    expect(fake.requests.map((r) => (r.query.topic_ids as string).split(',').length)).toEqual([30, 1])
    expect(seen.map((t) => t.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
    const closed = seen.find((t) => t.id === ids[0])!
    // Closed by a small action: last_posted_at moved to the close, bumped_at stayed at the question.
    expect([closed.closed, closed.lastPostedAt?.toISOString(), closed.bumpedAt.getTime()]).toEqual([
      true,
      new Date(T0 + 500 * HOUR).toISOString(),
      T0,
    ])
    expect(seen.find((t) => t.id === ids[1])!.hasAcceptedAnswer).toBe(true)
  })
})

describe('fetching a topic with all its posts', () => {
  it('costs 1 + 2 requests for 45 posts: 20 + 20 + 5', async () => {
    const topic = addTopic(forum, { title: 'Long thread', author: 'alice', at: new Date(T0 + 400 * HOUR), category: 'q-a' })
    for (let n = 2; n <= 44; n++) {
      addPost(forum, topic.id, {
        author: n % 3 ? 'bob' : 'maint',
        at: new Date(T0 + 400 * HOUR + n * 60_000),
        replyTo: n % 5 ? null : n - 1,
      })
    }
    addPost(forum, topic.id, { author: 'maint', at: new Date(T0 + 401 * HOUR), type: PostType.whisper })
    closeTopic(forum, topic.id, 'maint', new Date(T0 + 402 * HOUR))
    acceptAnswer(forum, topic.id, 3, 'alice')

    const { c } = client()
    const fetched = await c.fetchTopic(topic.id)
    // Anonymous: 44 regular posts + the small action = 45; the whisper (post 45) is not shown.
    expect(fetched.posts).toHaveLength(45)
    expect(c.requests).toBe(3)
    const batches = fake.requests.filter((r) => r.path.endsWith('/posts.json')).map((r) => (r.query['post_ids[]'] as string[]).length)
    expect(batches).toEqual([20, 5])
    expect(fetched.posts.map((p) => p.postNumber)).toEqual([...Array.from({ length: 44 }, (_, i) => i + 1), 46])
    expect(fetched).toMatchObject({
      authorUsername: 'alice',
      closed: true,
      postsCount: 45,
      acceptedAnswer: { postNumber: 3, username: 'maint' },
    })
    expect(fetched.posts[2]).toMatchObject({ username: 'maint', authorIsStaff: true, authorIsModerator: true, acceptedAnswer: true })
    expect(fetched.posts[9]).toMatchObject({ postNumber: 10, replyToPostNumber: 9 })
    expect(fetched.posts.at(-1)).toMatchObject({ kind: 'small_action', actionCode: 'closed.enabled' })

    const staff = await client({ apiKey: 'k3y', apiUsername: 'maint' }).c.fetchTopic(topic.id)
    expect(staff.posts.map((p) => p.kind).filter((k) => k === 'whisper')).toHaveLength(1)
  })

  it('says plainly that a topic does not exist', async () => {
    const error = await client()
      .c.fetchTopic(987654)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'not-found', message: `${fake.url} could not find topic 987654 (HTTP 404).` })
  })
})

describe('waiting and retrying like Discourse asks', () => {
  it("waits out a plain-text 429 for the fake's Retry-After, naming Discourse's error code", async () => {
    fake.faults.retryAfterSeconds = 7
    fake.faults.next.push('rate-limit')
    const { c, waits } = client()
    await c.listTopics()
    expect(waits).toMatchObject([{ reason: 'rate-limit', ms: 7_000, cause: 'ip_10_secs_limit' }])
    expect(clock.sleeps).toEqual([7_000])
    expect(c.requests).toBe(2)
  })

  it('waits out the JSON 429 of the API-key limiter too', async () => {
    fake.faults.retryAfterSeconds = 42
    fake.faults.next.push('admin-rate-limit')
    const { c, waits } = client({ apiKey: 'k3y', apiUsername: 'maint' })
    await c.listTopics()
    expect(waits).toMatchObject([{ reason: 'rate-limit', ms: 42_000, cause: 'admin_api_key_rate_limit' }])
  })

  it('stops instead of blocking when the forum asks for a very long wait', async () => {
    fake.faults.retryAfterSeconds = 3_600
    fake.faults.next.push('rate-limit')
    const error = await client()
      .c.listTopics()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rate-limit' })
    expect((error as Error).message).toMatch(/asked Steward to slow down \(ip_10_secs_limit, wait 3600 s\); the sync stopped/)
    expect(clock.sleeps).toEqual([])
  })

  for (const fault of ['http-500', 'http-502', 'hang-up'] as const) {
    it(`retries after ${fault}, backing off 1 s then 2 s`, async () => {
      fake.faults.next.push(fault, fault)
      const { c, waits } = client()
      const listing = await c.listTopics()
      expect(listing.topics).toHaveLength(30)
      expect(c.requests).toBe(3)
      expect(waits.map((w) => [w.reason, w.ms])).toEqual([
        ['retry', 1_000],
        ['retry', 2_000],
      ])
    })
  }

  it('retries a request that times out', async () => {
    fake.faults.slowMs = 400
    fake.faults.next.push('slow')
    const { c, waits } = client({ timeoutMs: 100 })
    await c.listTopics()
    expect(waits).toMatchObject([{ reason: 'retry', ms: 1_000, cause: 'the request timed out' }])
    expect(c.requests).toBe(2)
  })

  it('gives up after its attempts with plain words', async () => {
    fake.faults.next.push('http-502', 'hang-up', 'http-500')
    const error = await client({ maxAttempts: 3 })
      .c.listTopics()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'network',
      message: `Could not reach ${fake.url} after 3 attempts: ${fake.url} answered HTTP 500.`,
    })
  })
})

describe('private forums and wrong addresses', () => {
  it('reads a private forum with the key, and says what is missing without it', async () => {
    const closed = await createFakeDiscourse({ dataset: forumOf64().forum, loginRequired: true, apiKey: 'k3y' })
    try {
      const anonymous = createDiscourseClient({ baseUrl: closed.url, sleep: clock.sleep })
      const error = await anonymous.probe().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DiscourseError)
      expect(error).toMatchObject({ kind: 'auth', status: 403 })
      expect((error as Error).message).toBe(
        `${closed.url} is a private forum (it answered HTTP 403: You need to be logged in to do that.): give Steward an API key and the username it acts as.`,
      )
      const wrong = createDiscourseClient({ baseUrl: closed.url, apiKey: 'nope', apiUsername: 'maint', sleep: clock.sleep })
      await expect(wrong.listTopics()).rejects.toThrow(/refused the API key or username for the topic list \(HTTP 403/)
      await expect(anonymous.fetchTopic(1)).rejects.toThrow(/is a private forum/)

      const keyed = createDiscourseClient({ baseUrl: closed.url, apiKey: 'k3y', apiUsername: 'maint', sleep: clock.sleep })
      const site = await keyed.probe()
      expect(site).toMatchObject({ title: 'PyBaMM Forum', loginRequired: true })
      expect(site.categories.map((c) => c.slug)).toEqual(['uncategorized', 'general', 'q-a'])
      expect((await keyed.listTopics()).topics).toHaveLength(30)
      // The key travels in headers only.
      expect(closed.requests.every((r) => !('api_key' in r.query))).toBe(true)
      expect(closed.requests.at(-1)?.user).toBe('maint')
    } finally {
      await closed.close()
    }
  })

  it('refuses an address that does not answer like Discourse, in one line', async () => {
    let status = 404
    const other = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' })
      res.end('<html><body>Not here</body></html>')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    try {
      const error = await createDiscourseClient({ baseUrl: url, sleep: clock.sleep })
        .probe()
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ kind: 'configuration' })
      expect((error as Error).message).toBe(
        `${url} does not answer like a Discourse forum (HTTP 404 for /site/basic-info.json): check the address.`,
      )
      expect((error as Error).message).not.toContain('\n')
      // A site that answers every address with a page is no forum either.
      status = 200
      await expect(createDiscourseClient({ baseUrl: url, sleep: clock.sleep }).probe()).rejects.toThrow(
        `${url} does not answer like a Discourse forum (/site/basic-info.json is not its site information): check the address.`,
      )
    } finally {
      other.closeAllConnections()
      await new Promise<void>((resolve) => other.close(() => resolve()))
    }
    expect(() => createDiscourseClient({ baseUrl: 'forum.example.org' })).toThrow(/is not a web address/)
  })
})

describe('group members', () => {
  it('pages through a group, owners flagged', async () => {
    for (let n = 1; n <= 5; n++) addUser(forum, { username: `dev${n}`, name: `Dev ${n}` })
    addGroup(forum, { name: 'pybamm-maintainers', usernames: ['dev1', 'dev2', 'dev3', 'dev4', 'dev5', 'alice'], owners: ['maint'] })
    const { c } = client()
    const members = await c.listGroupMembers('pybamm-maintainers', { pageSize: 3 })
    // 7 members, 3 a page: 3 + 3 + 1.
    expect(c.requests).toBe(3)
    expect(members.map((m) => m.username).sort()).toEqual(['alice', 'dev1', 'dev2', 'dev3', 'dev4', 'dev5', 'maint'])
    expect(members.filter((m) => m.owner).map((m) => m.username)).toEqual(['maint'])
  })

  it('explains that the automatic staff group needs a key, and reads it with one', async () => {
    const error = await client()
      .c.listGroupMembers('staff')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'auth', status: 404 })
    expect((error as Error).message).toMatch(/shows the members of its automatic group “staff” only to signed-in users/)
    const staff = await client({ apiKey: 'k3y', apiUsername: 'maint' }).c.listGroupMembers('staff')
    expect(staff.map((m) => m.username)).toEqual(['maint'])
    const none = await client()
      .c.listGroupMembers('nobody')
      .catch((e: unknown) => e)
    expect(none).toMatchObject({ kind: 'not-found' })
  })
})
