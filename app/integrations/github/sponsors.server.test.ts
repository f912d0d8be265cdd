import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { changeTier, type FakeSponsorsData, maintainer, sponsor, tier } from '#tests/fakes/github-sponsors/dataset.ts'
import { type FakeGithubSponsors, startFakeGithubSponsors } from '#tests/fakes/github-sponsors/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { GithubClient, GithubError, type WaitNotice } from './client.server.ts'
import type { GithubSponsorsActivity, SponsorsActivityResumePoint } from './sponsors.ts'
import { readGithubSponsorsActivities, readGithubSponsorships } from './sponsors.server.ts'

// The clock reads 2026-08-21 09:00 UTC.
const clock = fakeClock()

/**
 * pybamm-team (an organisation; alice administers it) and valentin (a user):
 *   frank  $5/month  2024-12-01, cancelled 2025-05-01
 *   carol  $5/month  2025-01-10
 *   acme   $5/month  2025-02-01 (an organisation), moved to $25 on 2025-06-01
 *   dave   $12/month 2025-03-01, custom amount, PRIVATE
 *   erin   $100 once 2025-04-01
 *   gina   $5/month  2026-08-10 (inside the last 30 days)
 *   valentin ← carol $25/month 2025-07-01
 */
function sponsorsData(): FakeSponsorsData {
  const org = maintainer('pybamm-team', 'Organization', { name: 'PyBaMM', admins: ['alice'] })
  const five = tier('$5 a month', 500)
  const twentyFive = tier('$25 a month', 2500)
  sponsor(org, { login: 'frank' }, { at: '2024-12-01T10:00:00Z', tier: five, cancelledAt: '2025-05-01T10:00:00Z' })
  sponsor(org, { login: 'carol', name: 'Carol' }, { at: '2025-01-10T10:00:00Z', tier: five })
  const acme = sponsor(org, { login: 'acme', type: 'Organization', name: 'Acme' }, { at: '2025-02-01T10:00:00Z', tier: five })
  sponsor(
    org,
    { login: 'dave' },
    { at: '2025-03-01T10:00:00Z', tier: tier('$12 a month', 1200, { isCustomAmount: true }), privacy: 'PRIVATE' },
  )
  sponsor(org, { login: 'erin' }, { at: '2025-04-01T10:00:00Z', tier: tier('$100 one time', 10_000, { isOneTime: true }) })
  changeTier(org, acme, twentyFive, '2025-06-01T10:00:00Z')
  sponsor(org, { login: 'gina' }, { at: '2026-08-10T10:00:00Z', tier: five })
  const user = maintainer('valentin', 'User')
  sponsor(user, { login: 'carol', name: 'Carol' }, { at: '2025-07-01T10:00:00Z', tier: tier('$25 a month', 2500) })
  return { maintainers: [org, user], tokens: { 'admin-token': 'alice', 'stranger-token': 'bob', 'valentin-token': 'valentin' } }
}

let fake: FakeGithubSponsors
beforeAll(async () => {
  fake = await startFakeGithubSponsors({ data: sponsorsData(), now: clock.now })
})
afterAll(() => fake.stop())
afterEach(() => {
  fake.requests.length = 0
  fake.faults.length = 0
  fake.data.maintainers.splice(0, Infinity, ...sponsorsData().maintainers)
})

function client(token = 'admin-token') {
  const waits: WaitNotice[] = []
  const c = new GithubClient({ url: fake.url, token, now: clock.now, sleep: clock.sleep, timeoutMs: 500, onWait: (n) => waits.push(n) })
  return { c, waits }
}

async function readFeed(c: GithubClient, options: { resume?: SponsorsActivityResumePoint; pageSize?: number; stopAfter?: number } = {}) {
  const activities: GithubSponsorsActivity[] = []
  let resume = options.resume
  let pages = 0
  for await (const page of readGithubSponsorsActivities(c, 'pybamm-team', { resume, pageSize: options.pageSize })) {
    activities.push(...page.activities)
    resume = page.resume
    pages += 1
    if (pages === options.stopAfter) break
  }
  return { activities, resume: resume! }
}

describe('reading GitHub Sponsors from the stand-in', () => {
  it("reads every sponsorship ever received, private ones with the maintainer's token, and the monthly total", async () => {
    const { c } = client()
    const result = await readGithubSponsorships(c, 'pybamm-team', 2)
    // 6 sponsorships in pages of 2
    expect(c.requests).toBe(3)
    expect(result.sponsorships.map((s) => s.sponsor?.login)).toEqual(['frank', 'carol', 'acme', 'dave', 'erin', 'gina'])
    // active and recurring: carol 500 + acme 2500 + dave 1200 + gina 500 = 4700 cents a month
    expect(result).toMatchObject({
      maintainer: { login: 'pybamm-team', kind: 'organisation' },
      monthlyRecurringInCents: 4700,
      activeCount: 4,
    })
    const erin = result.sponsorships.find((s) => s.sponsor?.login === 'erin')!
    expect(erin).toMatchObject({
      isOneTimePayment: true,
      recurring: false,
      isActive: false,
      tier: { monthlyPriceInCents: 10_000, isOneTime: true },
    })
    expect(result.sponsorships.find((s) => s.sponsor?.login === 'acme')).toMatchObject({
      sponsor: { kind: 'organisation', name: 'Acme' },
      tier: { monthlyPriceInCents: 2500 },
      tierSelectedAt: new Date('2025-06-01T10:00:00Z'),
    })
    expect(result.sponsorships.find((s) => s.sponsor?.login === 'dave')).toMatchObject({
      privacyLevel: 'PRIVATE',
      tier: { isCustomAmount: true },
    })
  })

  it("never shows a stranger's token the private sponsorships", async () => {
    const result = await readGithubSponsorships(client('stranger-token').c, 'pybamm-team')
    expect(result.sponsorships.map((s) => s.sponsor?.login)).not.toContain('dave')
    // 4700 − dave's 1200 = 3500
    expect(result.monthlyRecurringInCents).toBe(3500)
  })

  it('reads a user the same way', async () => {
    const result = await readGithubSponsorships(client('valentin-token').c, 'valentin')
    expect(result).toMatchObject({
      maintainer: { login: 'valentin', kind: 'person' },
      monthlyRecurringInCents: 2500,
      sponsorships: [{ sponsor: { login: 'carol' } }],
    })
  })

  it('refuses an unknown login in one line', async () => {
    const { c } = client()
    const error = await readGithubSponsorships(c, 'nobody-here').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GithubError)
    expect((error as Error).message).toBe('There is no GitHub user or organisation named "nobody-here".')
    expect(c.requests).toBe(1)
  })

  it('reads the whole activity feed, not only the last 30 days, oldest first', async () => {
    const { activities } = await readFeed(client().c)
    expect(activities.map((a) => `${a.action} ${a.sponsor?.login}`)).toEqual([
      'NEW_SPONSORSHIP frank',
      'NEW_SPONSORSHIP carol',
      'NEW_SPONSORSHIP acme',
      'NEW_SPONSORSHIP dave',
      'NEW_SPONSORSHIP erin',
      'CANCELLED_SPONSORSHIP frank',
      'TIER_CHANGE acme',
      'NEW_SPONSORSHIP gina',
    ])
    expect(activities[6]).toMatchObject({ previousTier: { monthlyPriceInCents: 500 }, tier: { monthlyPriceInCents: 2500 } })
    expect(fake.requests[0].variables).toMatchObject({ period: 'ALL' })
  })

  for (const stopAfter of [1, 2]) {
    it(`resumes the feed after a kill after page ${stopAfter} without gaps or duplicates`, async () => {
      const first = await readFeed(client().c, { pageSize: 3, stopAfter })
      const rest = await readFeed(client().c, { pageSize: 3, resume: first.resume })
      expect([...first.activities, ...rest.activities].map((a) => a.timestamp.toISOString())).toEqual(
        (await readFeed(client().c)).activities.map((a) => a.timestamp.toISOString()),
      )
      expect(new Set([...first.activities, ...rest.activities].map((a) => a.id)).size).toBe(8)
    })
  }

  it('an unchanged feed costs one request, and what arrives later — even at the same instant — comes next time', async () => {
    const { resume } = await readFeed(client().c)
    expect(resume).toMatchObject({ since: '2026-08-10T10:00:00Z', after: null })
    const { c } = client()
    const again = await readFeed(c, { resume })
    expect(again.activities).toEqual([])
    expect(c.requests).toBe(1)
    const org = fake.data.maintainers[0]
    sponsor(org, { login: 'hana' }, { at: '2026-08-10T10:00:00Z', tier: tier('$5 a month', 500) })
    sponsor(org, { login: 'ivan' }, { at: '2026-08-20T10:00:00Z', tier: tier('$5 a month', 500) })
    const next = await readFeed(client().c, { resume: again.resume })
    expect(next.activities.map((a) => a.sponsor?.login)).toEqual(['hana', 'ivan'])
  })

  it('waits out rate limits and retries faults through the GitHub client', async () => {
    fake.faults.push('secondary-rate-limit', 'http-502', 'transient-error')
    const { c, waits } = client()
    const result = await readGithubSponsorships(c, 'pybamm-team')
    expect(result.sponsorships).toHaveLength(6)
    expect(waits.map((w) => w.reason)).toEqual(['secondary-rate-limit', 'retry', 'retry'])
    expect(c.rateLimit?.remaining).toBe(fake.remaining)
  })
})

describe('the GitHub Sponsors stand-in', () => {
  it('without period or since, gives only the last 30 days of activity, as GitHub does', async () => {
    const answer = await client().c.query<{ organization: { sponsorsActivities: { nodes: Array<{ action: string }> } } }>(
      `query { organization(login: "pybamm-team") { sponsorsActivities(first: 10) { nodes { action timestamp } } } }`,
    )
    // only gina's, on 2026-08-10, is within 30 days of 2026-08-21
    expect(answer.organization.sponsorsActivities.nodes).toHaveLength(1)
  })

  it('refuses more than 100 nodes and a connection without first or last', async () => {
    const tooMany = await client()
      .c.query(`query { organization(login: "pybamm-team") { sponsorshipsAsMaintainer(first: 101) { totalCount } } }`)
      .catch((e: unknown) => e)
    expect((tooMany as Error).message).toContain('exceeds the `first` limit of 100 records')
    const unbounded = await client()
      .c.query(`query { user(login: "valentin") { sponsorshipsAsMaintainer { totalCount } } }`)
      .catch((e: unknown) => e)
    expect((unbounded as Error).message).toContain('You must provide a `first` or `last` value')
  })
})
