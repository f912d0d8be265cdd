import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { measurePostText } from '#app/domain/communications/text-length.ts'
import { RemoteError } from '#app/utils/remote-error.ts'
import { createFakeMastodon, type FakeMastodon } from '#tests/fakes/mastodon/server.ts'
import { createMastodonClient, type MastodonClientOptions } from './client.server.ts'

let fake: FakeMastodon

beforeAll(async () => {
  fake = await createFakeMastodon({
    domain: 'fosstodon.example',
    maxCharacters: 1000,
    tokens: {
      good: { accountId: '1', scopes: ['read', 'write'] },
      'read-only': { accountId: '1', scopes: ['read'] },
      revoked: { accountId: '1', scopes: ['read', 'write'], revoked: true },
    },
    accounts: [
      { id: '1', username: 'pybamm', followersCount: 2345, followingCount: 12, createdAt: '2024-02-01T00:00:00.000Z' },
      {
        id: '2',
        username: 'numfocus',
        domain: 'mastodon.social',
        followersCount: 9876,
        followingCount: 40,
        createdAt: '2023-01-01T00:00:00.000Z',
      },
    ],
    timeoutHoldMs: 1_000,
  })
})
afterAll(() => fake.close())
afterEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  fake.statuses.clear()
})

const client = (options: Partial<MastodonClientOptions> = {}) =>
  createMastodonClient({ instanceUrl: fake.url, accessToken: 'good', timeoutMs: 300, ...options })

async function failure(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(RemoteError)
  return error as RemoteError
}

describe('Mastodon client against the fake instance', () => {
  it('publishes once with a key, and again with the same key gets the same status', async () => {
    const c = client()
    const first = await c.publishStatus({ text: 'PyBaMM 24.1 is out', language: 'en', idempotencyKey: 'post-1:channel-1' })
    const again = await c.publishStatus({ text: 'PyBaMM 24.1 is out', language: 'en', idempotencyKey: 'post-1:channel-1' })
    expect(again).toEqual(first)
    expect(first.url).toBe(`https://fosstodon.example/@pybamm/${first.id}`)
    expect(fake.statuses.size).toBe(1)
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual(['post-1:channel-1', 'post-1:channel-1'])
  })

  it('a write that succeeded before the connection dropped, then a retry with the same key, leaves exactly one status', async () => {
    const c = client()
    fake.faults.push('write-then-drop')
    const lost = await failure(c.publishStatus({ text: 'Webinar on Thursday', idempotencyKey: 'post-2:channel-1' }))
    expect(lost.kind).toBe('transient')
    expect(lost.failure).toBe('network')
    expect(fake.statuses.size).toBe(1)
    const retried = await c.publishStatus({ text: 'Webinar on Thursday', idempotencyKey: 'post-2:channel-1' })
    expect(fake.statuses.size).toBe(1)
    expect(retried.id).toBe([...fake.statuses.keys()][0])
  })

  it('calls a refused token permanent and says so in plain words', async () => {
    const error = await failure(client({ accessToken: 'revoked' }).publishStatus({ text: 'hi', idempotencyKey: 'k' }))
    expect(error).toMatchObject({ kind: 'permanent', failure: 'auth', details: { status: 401, code: 'The access token was revoked' } })
    expect(error.message).toMatch(/^Mastodon refused the access token while publishing the post \(HTTP 401/)
    expect(fake.statuses.size).toBe(0)
  })

  it('calls 503 and a hang-up transient, and 429 transient with the reset time Mastodon gave', async () => {
    const c = client()
    fake.faults.push('http-503', 'hang-up', 'rate-limit')
    expect(await failure(c.publishStatus({ text: 'a', idempotencyKey: 'k1' }))).toMatchObject({ kind: 'transient', failure: 'server' })
    expect(await failure(c.publishStatus({ text: 'a', idempotencyKey: 'k2' }))).toMatchObject({ kind: 'transient', failure: 'network' })
    const limited = await failure(c.publishStatus({ text: 'a', idempotencyKey: 'k3' }))
    expect(limited).toMatchObject({ kind: 'transient', failure: 'rate-limit', details: { status: 429 } })
    expect(limited.details.retryAt).toBeInstanceOf(Date)
    expect(limited.message).toContain(limited.details.retryAt!.toISOString())
    expect(fake.statuses.size).toBe(0)
  })

  it('calls a timeout transient', async () => {
    fake.faults.push('timeout')
    const error = await failure(client().publishStatus({ text: 'a', idempotencyKey: 'k' }))
    expect(error).toMatchObject({ kind: 'transient', failure: 'network' })
    expect(error.message).toContain('the request timed out')
  })

  it("uses the instance's limit (1000) and the server refuses what is over it, as permanent", async () => {
    const c = client()
    const limits = await c.getInstanceLimits()
    expect(limits).toEqual({ domain: 'fosstodon.example', version: '4.5.0', maxCharacters: 1000, charactersReservedPerUrl: 23 })
    // 900 letters + " " + a link of 60 characters counted as 23: 924 ≤ 1000, though 961 code points
    const fits = `${'a'.repeat(900)} https://pybamm.org/${'x'.repeat(41)}`
    const measured = measurePostText(fits, 'mastodon', {
      limit: limits.maxCharacters,
      charactersReservedPerUrl: limits.charactersReservedPerUrl,
    })
    expect(measured).toMatchObject({ length: 924, limit: 1000, over: false })
    await c.publishStatus({ text: fits, idempotencyKey: 'fits' })
    // 1001 letters: over by one
    const tooLong = 'a'.repeat(1001)
    expect(measurePostText(tooLong, 'mastodon', { limit: limits.maxCharacters }).over).toBe(true)
    const refused = await failure(c.publishStatus({ text: tooLong, idempotencyKey: 'too-long' }))
    expect(refused).toMatchObject({ kind: 'permanent', failure: 'validation', details: { status: 422 } })
    expect(refused.message).toBe('Mastodon refused publishing the post: “Validation failed: Text character limit of 1000 exceeded”.')
    expect(fake.statuses.size).toBe(1)
  })

  it('verifies a token that may post, without posting', async () => {
    const account = await client().verifyCredentials()
    expect(account).toMatchObject({ id: '1', acct: 'pybamm', followersCount: 2345 })
    expect(fake.statuses.size).toBe(0)
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials 200',
      'POST /api/v1/statuses 422',
    ])
  })

  it('tells a token without write:statuses from a bad one', async () => {
    const scope = await failure(client({ accessToken: 'read-only' }).verifyCredentials())
    expect(scope).toMatchObject({ kind: 'permanent', failure: 'scope', details: { status: 403 } })
    expect(scope.message).toContain('write:statuses')
    const bad = await failure(client({ accessToken: 'nonsense' }).verifyCredentials())
    expect(bad).toMatchObject({ kind: 'permanent', failure: 'auth', details: { status: 401 } })
  })

  it('looks up accounts (local and remote) with their followers, and a missing one as not found', async () => {
    const c = client({ accessToken: undefined })
    expect(await c.lookupAccount('@pybamm')).toMatchObject({ acct: 'pybamm', followersCount: 2345 })
    expect(await c.lookupAccount('numfocus@mastodon.social')).toMatchObject({ acct: 'numfocus@mastodon.social', followersCount: 9876 })
    expect(await failure(c.lookupAccount('nobody'))).toMatchObject({ kind: 'permanent', failure: 'not-found' })
  })

  it('reads the counts of statuses, as they change, and reports deleted ones', async () => {
    const c = client()
    const a = await c.publishStatus({ text: 'one', idempotencyKey: 'a' })
    const b = await c.publishStatus({ text: 'two', idempotencyKey: 'b' })
    fake.setCounts(a.id, { favouritesCount: 12, reblogsCount: 3, repliesCount: 2, quotesCount: 1 })
    const { statuses, missing } = await c.getStatuses([a.id, b.id, '999'])
    expect(statuses).toEqual([
      { id: a.id, url: a.url, favourites: 12, reblogs: 3, replies: 2, quotes: 1 },
      { id: b.id, url: b.url, favourites: 0, reblogs: 0, replies: 0, quotes: 0 },
    ])
    expect(missing).toEqual(['999'])
  })
})
