import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeMastodon, type FakeMastodon } from './server.ts'

// The stand-in itself, checked against Mastodon's documented answers with plain HTTP.
let now = Date.parse('2026-10-06T09:00:00Z')
let fake: FakeMastodon
beforeAll(async () => {
  fake = await createFakeMastodon({ now: () => now })
})
afterAll(() => fake.close())

const post = (status: string, key?: string) =>
  fetch(`${fake.url}/api/v1/statuses`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer token',
      'content-type': 'application/x-www-form-urlencoded',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: new URLSearchParams({ status }),
  })

describe('fake Mastodon', () => {
  it('keeps an Idempotency-Key for one hour, then makes a new status', async () => {
    const first = (await (await post('hello', 'k')).json()) as { id: string }
    now += 59 * 60_000
    expect(((await (await post('hello', 'k')).json()) as { id: string }).id).toBe(first.id)
    now += 2 * 60_000 // 61 minutes after the first
    expect(((await (await post('hello', 'k')).json()) as { id: string }).id).not.toBe(first.id)
    expect(fake.statuses.size).toBe(2)
  })

  it('counts a link as 23 and a remote mention as @user, as the server does', async () => {
    // 476 letters + " " + link (23) = 500: fits; one more letter: 501
    const link = `https://pybamm.org/${'x'.repeat(100)}`
    expect((await post(`${'a'.repeat(476)} ${link}`)).status).toBe(200)
    const refused = await post(`${'a'.repeat(477)} ${link}`)
    expect(refused.status).toBe(422)
    expect(await refused.json()).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' })
    // "@pybamm" counts 7: 7 + 493 = 500
    expect((await post(`@pybamm@fosstodon.org ${'a'.repeat(492)}`)).status).toBe(200)
  })

  it('sends rate-limit headers with an ISO 8601 reset', async () => {
    const response = await fetch(`${fake.url}/api/v2/instance`)
    expect(response.headers.get('x-ratelimit-limit')).toBe('300')
    expect(response.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })
})
