import { Ajv } from 'ajv'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  acceptAnswer,
  addCategory,
  addGroup,
  addPost,
  addTopic,
  addUser,
  closeTopic,
  createForum,
  generateForum,
  PostType,
} from './dataset.ts'
import { endpointOf, responseSchemas } from './schemas.ts'
import { createFakeDiscourse, type FakeDiscourse } from './server.ts'

// A small forum with one of everything the schemas describe: a pinned topic, a 45-post thread
// with a whisper and a closing small action, an accepted answer, a subcategory, a public group.
function buildForum() {
  const forum = createForum({ title: 'PyBaMM' })
  addUser(forum, { username: 'alice', name: 'Alice' })
  addUser(forum, { username: 'bob', name: 'Bob' })
  addUser(forum, { username: 'maint', name: 'Maintainer', moderator: true })
  addUser(forum, { username: 'root', name: 'Admin', admin: true })
  const qa = addCategory(forum, { name: 'Q&A', slug: 'q-a' })
  addCategory(forum, { name: 'Solvers', slug: 'solvers', parentCategoryId: qa.id })
  addGroup(forum, { name: 'pybamm-maintainers', usernames: ['maint'], owners: ['root'] })
  const welcome = addTopic(forum, { title: 'Welcome', author: 'root', at: '2026-01-01T00:00:00Z', pinnedGlobally: true })
  const long = addTopic(forum, { title: 'Long thread', author: 'alice', at: '2026-02-01T00:00:00Z', category: 'q-a' })
  for (let i = 2; i <= 44; i++) {
    addPost(forum, long.id, {
      author: i % 2 ? 'bob' : 'maint',
      at: new Date(Date.parse('2026-02-01T00:00:00Z') + i * 60_000),
      replyTo: i > 3 ? 2 : null,
    })
  }
  addPost(forum, long.id, { author: 'maint', at: '2026-02-02T00:00:00Z', type: PostType.whisper })
  acceptAnswer(forum, long.id, 2, 'alice')
  closeTopic(forum, long.id, 'maint', '2026-02-03T00:00:00Z')
  const solvers = addTopic(forum, { title: 'IDAKLU fails', author: 'bob', at: '2026-03-01T00:00:00Z', category: 'solvers' })
  return { forum, welcome, long, solvers }
}

let fake: FakeDiscourse
let built: ReturnType<typeof buildForum>
const ajv = new Ajv({ strict: false, allErrors: true })
const validators = Object.fromEntries(Object.entries(responseSchemas).map(([path, schema]) => [path, ajv.compile(schema)]))

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}${path}`, { headers: { accept: 'application/json', ...headers } })
  const text = await response.text()
  return { response, text, json: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined }
}

/** Validates one answer against the schema of the endpoint it came from, and returns it. */
async function getValid(path: string, headers: Record<string, string> = {}) {
  const answer = await get(path, headers)
  expect(answer.response.status, path).toBe(200)
  const endpoint = endpointOf(new URL(path, fake.url).pathname)!
  const validate = validators[endpoint]
  const ok = validate(answer.json)
  expect(
    ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    `${path} against ${endpoint}`,
  ).toEqual([])
  return answer.json
}

const asStaff = { 'Api-Key': 'k3y', 'Api-Username': 'root' }

beforeAll(async () => {
  built = buildForum()
  fake = await createFakeDiscourse({ dataset: built.forum, apiKey: 'k3y', perPage: 2 })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.requests.length = 0
  fake.faults.next.length = 0
})

describe('the Discourse stand-in against the schemas of openapi.yml', () => {
  it('serves every endpoint it knows in the published shape, anonymous and as staff', async () => {
    const { long } = built
    for (const headers of [{}, asStaff]) {
      await getValid('/site/basic-info.json', headers)
      await getValid('/site.json', headers)
      await getValid('/latest.json?order=activity', headers)
      await getValid('/latest.json?order=activity&page=1', headers)
      await getValid('/latest?order=created&ascending=true', headers)
      await getValid('/c/q-a/2.json?order=activity', headers)
      await getValid('/c/q-a/2/l/latest?page=1', headers)
      await getValid(`/t/${long.id}.json`, headers)
      await getValid(`/t/${long.slug}/${long.id}.json`, headers)
      await getValid(`/t/${long.id}/posts.json?post_ids[]=${long.posts[20].id}&post_ids[]=${long.posts[21].id}`, headers)
      await getValid('/groups/pybamm-maintainers/members.json?limit=1&offset=1', headers)
    }
    await getValid('/groups/staff/members.json', asStaff)
  })

  it('holds a generated forum to the same shapes', async () => {
    const generated = await createFakeDiscourse({ dataset: generateForum({ seed: 7, topics: 60 }) })
    const previous = fake
    fake = generated
    try {
      const latest = await getValid('/latest.json?order=activity')
      for (const t of latest.topic_list.topics.slice(0, 10)) await getValid(`/t/${t.id}.json`)
    } finally {
      fake = previous
      await generated.close()
    }
  })
})

describe('the Discourse stand-in answers like Discourse', () => {
  it('pages by activity with pinned topics first and more_topics_url only on full pages, without .json', async () => {
    // 3 visible topics, 2 a page: page 0 = pinned Welcome + the newest bumped; page 1 = the last one.
    const first = await get('/latest.json?order=activity')
    expect(first.json.topic_list.topics.map((t: { title: string }) => t.title)).toEqual(['Welcome', 'IDAKLU fails'])
    expect(first.json.topic_list.more_topics_url).toBe('/latest?order=activity&page=1')
    const second = await get(first.json.topic_list.more_topics_url)
    expect(second.json.topic_list.topics.map((t: { title: string }) => t.title)).toEqual(['Long thread'])
    expect(second.json.topic_list).not.toHaveProperty('more_topics_url')
  })

  it('narrows a listing to topic_ids, with the closed and Solved flags closing and accepting leave (neither bumps)', async () => {
    const { long, solvers, welcome } = built
    const byIds = await getValid(`/latest.json?topic_ids=${long.id},${solvers.id}`)
    const topics = byIds.topic_list.topics as Array<Record<string, unknown>>
    // Activity order: IDAKLU fails (bumped 2026-03-01) before Long thread (last regular post 2026-02-01T00:44).
    expect(topics.map((t) => t.id)).toEqual([solvers.id, long.id])
    // Long thread was solved, then closed by a small action on 2026-02-03: last_posted_at moved, bumped_at did not.
    expect(topics[1]).toMatchObject({
      closed: true,
      has_accepted_answer: true,
      last_posted_at: '2026-02-03T00:00:00.000Z',
      bumped_at: '2026-02-01T00:44:00.000Z',
    })
    expect(topics[0]).toMatchObject({ closed: false, has_accepted_answer: false })
    // An array works too (param_to_integer_list); an id the forum does not have is just absent.
    const asArray = await get(`/latest.json?topic_ids[]=${welcome.id}&topic_ids[]=999`)
    expect(asArray.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([welcome.id])
  })

  it('serves the first 20 posts with the whole stream, and hides whispers from anonymous readers', async () => {
    const { long } = built
    const anonymous = (await get(`/t/${long.id}.json`)).json
    // 44 regular posts + 1 whisper + 1 small action; anonymous: 45 visible, 20 in the first chunk.
    expect(anonymous.post_stream.posts).toHaveLength(20)
    expect(anonymous.post_stream.stream).toHaveLength(45)
    expect(anonymous.posts_count).toBe(45)
    expect(anonymous.accepted_answer).toMatchObject({ post_number: 2, username: 'maint', accepter_username: 'alice' })
    expect(anonymous.post_stream.posts[1].accepted_answer).toBe(true)
    const staff = (await get(`/t/${long.id}.json`, asStaff)).json
    expect(staff.post_stream.stream).toHaveLength(46)
    expect(staff.posts_count).toBe(45)
  })

  it('answers unknown things with 404 JSON like Discourse', async () => {
    for (const path of ['/t/999999.json', '/c/nope/999.json', '/groups/nobody/members.json', '/no/such/thing.json']) {
      const { response, json } = await get(path)
      expect(response.status).toBe(404)
      expect(json).toMatchObject({ errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' })
    }
  })

  it('hides the automatic staff group from anonymous callers', async () => {
    expect((await get('/groups/staff/members.json')).response.status).toBe(404)
    const staff = (await get('/groups/staff/members.json', asStaff)).json
    // maint (moderator) and root (admin); the system user is never listed; default order is username descending.
    expect(staff.members.map((m: { username: string }) => m.username)).toEqual(['root', 'maint'])
    expect(staff.meta).toEqual({ total: 2, limit: 50, offset: 0 })
  })

  it('refuses a wrong key, and ignores a key in the query string', async () => {
    const wrong = await get('/latest.json', { 'Api-Key': 'nope', 'Api-Username': 'root' })
    expect(wrong.response.status).toBe(403)
    expect(wrong.json.error_type).toBe('invalid_access')
    await get('/latest.json?api_key=k3y&api_username=root')
    expect(fake.requests.at(-1)?.user).toBeNull()
  })

  it('answers a private forum only with the key, except basic-info', async () => {
    const closed = await createFakeDiscourse({ dataset: buildForum().forum, loginRequired: true, apiKey: 'k3y' })
    try {
      const anonymous = await fetch(`${closed.url}/latest.json`)
      expect(anonymous.status).toBe(403)
      expect(await anonymous.json()).toEqual({ errors: ['You need to be logged in to do that.'], error_type: 'not_logged_in' })
      expect((await fetch(`${closed.url}/site/basic-info.json`)).status).toBe(200)
      expect((await fetch(`${closed.url}/latest.json`, { headers: asStaff })).status).toBe(200)
    } finally {
      await closed.close()
    }
  })

  it('throws faults on switches and logs every request', async () => {
    fake.faults.retryAfterSeconds = 3
    fake.faults.next.push('rate-limit', 'admin-rate-limit', 'http-502', 'hang-up')
    const limited = await get('/latest.json')
    expect(limited.response.status).toBe(429)
    expect(limited.response.headers.get('content-type')).toBe('text/plain')
    expect(limited.response.headers.get('retry-after')).toBe('3')
    expect(limited.response.headers.get('discourse-rate-limit-error-code')).toBe('ip_10_secs_limit')
    expect(limited.text).toContain("Slow down, you're making too many requests.")
    const api = await get('/latest.json')
    expect(api.json).toMatchObject({ error_type: 'rate_limit', extras: { wait_seconds: 3 } })
    expect((await get('/latest.json')).response.status).toBe(502)
    await expect(get('/latest.json')).rejects.toThrow()
    expect(fake.requests.map((r) => [r.path, r.status, r.fault])).toEqual([
      ['/latest.json', 429, 'rate-limit'],
      ['/latest.json', 429, 'admin-rate-limit'],
      ['/latest.json', 502, 'http-502'],
      ['/latest.json', 0, 'hang-up'],
    ])
  })

  it('limits per IP with Discourse default numbers when asked', async () => {
    let now = Date.parse('2026-08-20T12:00:00Z')
    const limited = await createFakeDiscourse({ dataset: buildForum().forum, rateLimits: true, now: () => now })
    try {
      // 50 per 10 seconds: the 51st is refused for the 10 seconds the first one still counts.
      for (let i = 0; i < 50; i++) expect((await fetch(`${limited.url}/site/basic-info.json`)).status).toBe(200)
      const refused = await fetch(`${limited.url}/site/basic-info.json`)
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('10')
      now += 10_001
      expect((await fetch(`${limited.url}/site/basic-info.json`)).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})
