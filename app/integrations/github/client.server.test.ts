import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import { GithubClient, type GithubClientOptions, GithubError, type WaitNotice } from './client.server.ts'
import { type RepositoryAnswer, REPOSITORY_QUERY } from './queries.ts'

let fake: FakeGithub
let clock: ReturnType<typeof fakeClock>

beforeAll(async () => {
  clock = fakeClock()
  fake = await startFakeGithub({
    dataset: generateDataset({ issues: 5, pullRequests: 5, discussions: 5, commits: 5 }),
    now: clock.now,
    token: 'secret',
    timeoutHoldMs: 1_000,
  })
  // The first query builds GitHub's schema in the fake, which on a busy machine takes longer than
  // these tests' 300 ms timeout: keep that out of the tests (as the ingestion test does).
  await new GithubClient({ url: fake.url, token: 'secret', now: clock.now, sleep: clock.sleep }).query(
    'query Warm { rateLimit { remaining } }',
  )
  fake.requests.length = 0
  fake.remaining = 5_000
})
afterAll(() => fake.stop())
afterEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  fake.limit = 5_000
  fake.remaining = 5_000
  clock.sleeps.length = 0
})

function client(options: Partial<GithubClientOptions> = {}) {
  const waits: WaitNotice[] = []
  const c = new GithubClient({
    url: fake.url,
    token: 'secret',
    now: clock.now,
    sleep: clock.sleep,
    timeoutMs: 300,
    onWait: (n) => waits.push(n),
    ...options,
  })
  return { c, waits }
}

const ask = (c: GithubClient) => c.query<RepositoryAnswer>(REPOSITORY_QUERY, { owner: 'pybamm-team', name: 'PyBaMM' })

describe('GithubClient against the fake GitHub', () => {
  it('answers a query with one request and notes the budget', async () => {
    const { c } = client()
    const answer = await ask(c)
    expect(answer.repository?.nameWithOwner).toBe('pybamm-team/PyBaMM')
    expect(c.requests).toBe(1)
    expect(c.rateLimit?.remaining).toBe(4_999)
    expect(c.rateLimit?.resetAt.getTime()).toBe(Math.floor(fake.resetAt / 1000) * 1000)
  })

  for (const fault of ['http-500', 'http-502', 'drop', 'timeout', 'transient-error'] as const) {
    it(`retries after ${fault}, backing off`, async () => {
      const { c, waits } = client()
      fake.faults.push(fault, fault)
      const answer = await ask(c)
      expect(answer.repository?.stargazerCount).toBeGreaterThan(0)
      expect(c.requests).toBe(3)
      expect(waits.map((w) => [w.reason, w.ms])).toEqual([
        ['retry', 1_000],
        ['retry', 2_000],
      ])
    })
  }

  it('gives up after its attempts with plain words', async () => {
    const { c } = client({ maxAttempts: 3 })
    fake.faults.push('http-502', 'drop', 'http-500')
    const error = await ask(c).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GithubError)
    expect((error as GithubError).message).toMatch(/^Could not reach GitHub after 3 attempts: GitHub answered HTTP 500/)
    expect(c.requests).toBe(3)
  })

  for (const fault of ['secondary-rate-limit', 'secondary-rate-limit-429'] as const) {
    it(`waits out a secondary rate limit (${fault}) for retry-after`, async () => {
      const { c, waits } = client()
      fake.faults.push(fault)
      await ask(c)
      expect(waits).toMatchObject([{ reason: 'secondary-rate-limit', ms: 60_000 }])
      expect(c.requests).toBe(2)
    })
  }

  it('waits for x-ratelimit-reset when the primary limit is exhausted, then goes on', async () => {
    const { c, waits } = client()
    fake.faults.push('primary-rate-limit')
    const before = clock.now()
    const resetAt = fake.resetAt
    await ask(c)
    expect(waits).toHaveLength(1)
    expect(waits[0].reason).toBe('primary-rate-limit')
    expect(before + waits[0].ms).toBeGreaterThanOrEqual(resetAt)
    expect(c.requests).toBe(2)
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200])
    // The budget came back at the reset.
    expect(c.rateLimit?.remaining).toBe(fake.limit - 1)
  })

  it('spends its last points waiting for the reset instead of failing', async () => {
    const { c, waits } = client({ minRemaining: 2 })
    fake.limit = 3
    fake.remaining = 3
    await ask(c)
    await ask(c) // 1 left: below minRemaining
    expect(waits).toHaveLength(0)
    await ask(c)
    expect(waits.map((w) => w.reason)).toEqual(['low-budget'])
    expect(fake.requests.every((r) => r.status === 200)).toBe(true)
  })

  it('does not ignore errors beside data', async () => {
    const { c } = client()
    fake.faults.push('errors-beside-data')
    const error = await ask(c).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GithubError)
    expect((error as GithubError).kind).toBe('graphql')
    expect((error as GithubError).message).toBe('GitHub answered with errors: Resource not accessible by integration')
    expect(c.requests).toBe(1)
  })

  it('says what is wrong with an unknown repository', async () => {
    const { c } = client()
    const error = await c.query(REPOSITORY_QUERY, { owner: 'nobody', name: 'nothing' }).catch((e: unknown) => e)
    expect((error as GithubError).kind).toBe('not-found')
    expect((error as GithubError).message).toContain("Could not resolve to a Repository with the name 'nobody/nothing'")
  })

  it('explains a refused token, and a missing one, without retrying', async () => {
    const refused = client({ token: 'wrong' })
    await expect(ask(refused.c)).rejects.toThrow(/GitHub refused the token \(HTTP 401\)/)
    expect(refused.c.requests).toBe(1)
    const missing = client({ token: undefined })
    await expect(ask(missing.c)).rejects.toThrow(/set GITHUB_TOKEN/)
    expect(missing.c.requests).toBe(0)
  })
})
