import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeBluesky, type FakeBluesky } from './server.ts'

// The stand-in itself, checked against the PDS's behaviour with plain XRPC calls.
let fake: FakeBluesky
beforeAll(async () => {
  fake = await createFakeBluesky()
})
afterAll(() => fake.close())

const xrpc = (nsid: string, body: unknown, token?: string) =>
  fetch(`${fake.url}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })

describe('fake Bluesky PDS', () => {
  it('answers an existing record key with 500 and writes nothing', async () => {
    const session = (await (
      await xrpc('com.atproto.server.createSession', { identifier: 'pybamm.bsky.social', password: 'abcd-efgh-ijkl-mnop' })
    ).json()) as {
      did: string
      accessJwt: string
    }
    const input = {
      repo: session.did,
      collection: 'app.bsky.feed.post',
      rkey: '3l25zusnsfck2',
      record: { $type: 'app.bsky.feed.post', text: 'one', createdAt: '2026-10-06T09:00:00.000Z' },
    }
    expect((await xrpc('com.atproto.repo.createRecord', input, session.accessJwt)).status).toBe(200)
    const again = await xrpc('com.atproto.repo.createRecord', { ...input, record: { ...input.record, text: 'two' } }, session.accessJwt)
    expect(again.status).toBe(500)
    expect(await again.json()).toEqual({ error: 'InternalServerError', message: 'Internal Server Error' })
    expect(fake.records.size).toBe(1)
  })

  it('allows 30 sessions in 5 minutes, then answers 429 with RateLimit headers', async () => {
    fake.sessionsCreated.length = 0
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (await xrpc('com.atproto.server.createSession', { identifier: 'pybamm.bsky.social', password: 'abcd-efgh-ijkl-mnop' })).status,
      )
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30)
    const refused = await xrpc('com.atproto.server.createSession', { identifier: 'pybamm.bsky.social', password: 'abcd-efgh-ijkl-mnop' })
    expect(refused.status).toBe(429)
    expect(await refused.json()).toEqual({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' })
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
  })
})
