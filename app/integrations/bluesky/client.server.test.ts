import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RemoteError } from '#app/utils/remote-error.ts'
import { createFakeBluesky, type FakeBluesky } from '#tests/fakes/bluesky/server.ts'
import { type BlueskyClientOptions, createBlueskyClient } from './client.server.ts'
import { deriveTid } from './tid.ts'

const DID = 'did:plc:pybammtest000000000000001'
const HANDLE = 'pybamm.bsky.social'
let fake: FakeBluesky

beforeAll(async () => {
  fake = await createFakeBluesky({
    accounts: [
      {
        did: DID,
        handle: HANDLE,
        email: 'comms@pybamm.example',
        password: 'main-password',
        appPasswords: ['aaaa-bbbb-cccc-dddd'],
        emailAuthFactor: true,
        followersCount: 812,
        followsCount: 40,
      },
    ],
    timeoutHoldMs: 1_000,
  })
})
afterAll(() => fake.close())
afterEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  fake.records.clear()
  fake.sessionsCreated.length = 0
})

const client = (options: Partial<BlueskyClientOptions> = {}) =>
  createBlueskyClient({ serviceUrl: fake.url, identifier: HANDLE, appPassword: 'aaaa-bbbb-cccc-dddd', timeoutMs: 300, ...options })

const createdAt = new Date('2026-10-06T09:00:00.000Z')
const rkey = (post = 'post-1') => deriveTid(post, 'channel-bluesky', createdAt)

async function failure(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(RemoteError)
  return error as RemoteError
}

const calls = () => fake.requests.map((r) => `${r.nsid} ${r.status}`)

describe('Bluesky client against the fake PDS', () => {
  it('publishes once under a derived key; publishing again answers "already published", still one record', async () => {
    const c = client()
    const first = await c.publishPost({ text: 'PyBaMM 24.1 is out', langs: ['en'], createdAt, rkey: rkey() })
    expect(first).toMatchObject({ uri: `at://${DID}/app.bsky.feed.post/${rkey()}`, alreadyPublished: false })
    expect(first.url).toBe(`https://bsky.app/profile/${HANDLE}/post/${rkey()}`)
    const again = await c.publishPost({ text: 'PyBaMM 24.1 is out', langs: ['en'], createdAt, rkey: rkey() })
    expect(again).toEqual({ ...first, alreadyPublished: true })
    expect(fake.records.size).toBe(1)
    // the PDS answers the existing key with 500; the client reads the record back
    expect(calls()).toEqual([
      'com.atproto.server.createSession 200',
      'com.atproto.repo.createRecord 200',
      'com.atproto.repo.createRecord 500',
      'com.atproto.repo.getRecord 200',
    ])
  })

  it('a write that succeeded before the connection dropped, then a retry, leaves exactly one record', async () => {
    const c = client()
    await c.verifyCredentials()
    fake.faults.push('write-then-drop')
    const lost = await c.publishPost({ text: 'Webinar on Thursday', createdAt, rkey: rkey('post-2') }).catch((e: unknown) => e)
    // the lost answer is resolved at once by reading the record back
    expect(lost).toMatchObject({ alreadyPublished: true })
    expect(fake.records.size).toBe(1)
    const retried = await c.publishPost({ text: 'Webinar on Thursday', createdAt, rkey: rkey('post-2') })
    expect(retried.alreadyPublished).toBe(true)
    expect(fake.records.size).toBe(1)
  })

  it('when the read-back fails too, the job sees a transient failure, and its retry still makes one record', async () => {
    const c = client()
    await c.verifyCredentials()
    fake.faults.push('write-then-drop', 'hang-up')
    const lost = await failure(c.publishPost({ text: 'Conference call for papers', createdAt, rkey: rkey('post-4') }))
    expect(lost).toMatchObject({ kind: 'transient', failure: 'network' })
    expect(fake.records.size).toBe(1)
    const retried = await c.publishPost({ text: 'Conference call for papers', createdAt, rkey: rkey('post-4') })
    expect(retried.alreadyPublished).toBe(true)
    expect(fake.records.size).toBe(1)
  })

  it('tells a real conflict (other text under the key) from a repeat, and posts nothing', async () => {
    fake.putRecord({
      did: DID,
      collection: 'app.bsky.feed.post',
      rkey: rkey('post-3'),
      value: { $type: 'app.bsky.feed.post', text: 'something else', createdAt: createdAt.toISOString() },
    })
    const error = await failure(client().publishPost({ text: 'Our text', createdAt, rkey: rkey('post-3') }))
    expect(error).toMatchObject({ kind: 'permanent', failure: 'conflict' })
    expect(error.message).toContain(`Another post already has the record key ${rkey('post-3')}`)
    expect(fake.records.size).toBe(1)
  })

  it('calls a wrong app password permanent (401) and a 503 transient', async () => {
    const refused = await failure(client({ appPassword: 'wrong' }).publishPost({ text: 'a', createdAt, rkey: rkey() }))
    expect(refused).toMatchObject({ kind: 'permanent', failure: 'auth', details: { status: 401, code: 'AuthenticationRequired' } })
    const c = client()
    await c.verifyCredentials()
    fake.faults.push('http-503')
    const unavailable = await failure(c.publishPost({ text: 'a', createdAt, rkey: rkey() }))
    expect(unavailable).toMatchObject({ kind: 'transient', failure: 'server', details: { status: 503 } })
    expect(fake.records.size).toBe(0)
  })

  it('asks for an app password when given the account password of an account with sign-in codes', async () => {
    const error = await failure(client({ appPassword: 'main-password' }).verifyCredentials())
    expect(error).toMatchObject({ kind: 'permanent', failure: 'auth', details: { code: 'AuthFactorTokenRequired' } })
    expect(error.message).toContain('Create an app password')
  })

  it('calls a rate limit transient with the reset time, and a hang-up transient', async () => {
    const c = client()
    await c.verifyCredentials()
    fake.faults.push('rate-limit')
    const limited = await failure(c.getProfile(HANDLE))
    expect(limited).toMatchObject({ kind: 'transient', failure: 'rate-limit', details: { status: 429 } })
    expect(limited.details.retryAt).toBeInstanceOf(Date)
    fake.faults.push('hang-up')
    expect(await failure(c.getProfile(HANDLE))).toMatchObject({ kind: 'transient', failure: 'network' })
  })

  it('signs in once for many calls, and refreshes an expired token instead of signing in again', async () => {
    const kept: string[] = []
    const c = client({ onSession: (s) => kept.push(s.accessJwt) })
    for (let i = 0; i < 5; i++) await c.publishPost({ text: `post ${i}`, createdAt, rkey: rkey(`many-${i}`) })
    fake.expireAccessTokens()
    await c.publishPost({ text: 'after expiry', createdAt, rkey: rkey('after-expiry') })
    expect(fake.sessionsCreated).toHaveLength(1)
    expect(c.stats).toEqual({ sessionsCreated: 1, sessionsRefreshed: 1 })
    expect(kept).toHaveLength(2)
    expect(calls().filter((c) => c.includes('Session'))).toEqual([
      'com.atproto.server.createSession 200',
      'com.atproto.server.refreshSession 200',
    ])
    // a new process that kept the session does not sign in at all
    const later = client({ session: c.session })
    await later.getProfile(HANDLE)
    expect(fake.sessionsCreated).toHaveLength(1)
  })

  it('puts link facets on the right bytes, and the PDS accepts them', async () => {
    const text = 'Nouveautés 🔋 à lire : https://pybamm.org/news et docs.pybamm.org.'
    const published = await client().publishPost({ text, langs: ['fr'], createdAt, rkey: rkey('facets') })
    const stored = fake.records.get(published.uri)!.value as {
      facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<{ uri: string }> }>
    }
    const slice = (i: { byteStart: number; byteEnd: number }) => Buffer.from(text).subarray(i.byteStart, i.byteEnd).toString()
    expect(stored.facets.map((f) => [slice(f.index), f.features[0].uri])).toEqual([
      ['https://pybamm.org/news', 'https://pybamm.org/news'],
      ['docs.pybamm.org', 'https://docs.pybamm.org'],
    ])
    // "Nouveautés " 12 bytes + 🔋 4 + " à lire : " 11 (à is 2) = 27
    expect(stored.facets[0].index.byteStart).toBe(27)
  })

  it('is refused, permanently, what the lexicon refuses: 301 graphemes, four languages, a key that is no TID', async () => {
    const c = client()
    const long = await failure(c.publishPost({ text: 'a'.repeat(301), createdAt, rkey: rkey('long') }))
    expect(long).toMatchObject({ kind: 'permanent', failure: 'validation', details: { status: 400, code: 'InvalidRequest' } })
    expect(long.message).toContain('must not be longer than 300 graphemes')
    const langs = await failure(c.publishPost({ text: 'a', langs: ['en', 'fr', 'de', 'es'], createdAt, rkey: rkey('langs') }))
    expect(langs.message).toContain('must not have more than 3 elements')
    const key = await failure(c.publishPost({ text: 'a', createdAt, rkey: 'not-a-tid' }))
    expect(key.message).toContain('TID syntax not valid')
    expect(fake.records.size).toBe(0)
  })

  it('reads followers and the counts of 60 posts in 25 + 25 + 10', async () => {
    const c = client()
    expect(await c.getProfile(HANDLE)).toMatchObject({ did: DID, followersCount: 812 })
    const uris: string[] = []
    for (let i = 0; i < 60; i++) {
      uris.push(
        fake.putRecord({
          did: DID,
          collection: 'app.bsky.feed.post',
          rkey: rkey(`batch-${i}`),
          value: { $type: 'app.bsky.feed.post', text: `post ${i}`, createdAt: createdAt.toISOString() },
        }),
      )
    }
    fake.setCounts(uris[59], { likeCount: 7, repostCount: 2, replyCount: 1, quoteCount: 1 })
    fake.requests.length = 0
    const missingUri = `at://${DID}/app.bsky.feed.post/${rkey('deleted')}`
    const { posts, missing } = await c.getPosts([...uris, missingUri])
    expect(fake.requests.map((r) => r.params?.uris?.length)).toEqual([25, 25, 11])
    expect(posts).toHaveLength(60)
    expect(posts[59]).toEqual({ uri: uris[59], likes: 7, reposts: 2, replies: 1, quotes: 1 })
    expect(missing).toEqual([missingUri])
    fake.requests.length = 0
    await c.getPosts(uris)
    expect(fake.requests.map((r) => r.params?.uris?.length)).toEqual([25, 25, 10])
  })
})
