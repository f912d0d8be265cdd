import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, donorIdentities, fundingConnections, sponsorships } from '#db/schema/index.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { donationFixture, importDonationFixtures } from '#tests/factories/fundraising.ts'
import { githubSponsorsFromFixture } from '#tests/factories/funding.ts'
import { changeTier, tier } from '#tests/fakes/github-sponsors/dataset.ts'
import { type FakeGithubSponsors, startFakeGithubSponsors } from '#tests/fakes/github-sponsors/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import {
  connectFundingAccount,
  listFundingConnections,
  previewFundingConnection,
  syncFundingConnection,
  type FundingClients,
} from './connections.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'
import { listSponsorHistory, listSponsorMonths } from './sponsors-sync.server.ts'

setupTestDatabase()

const clock = fakeClock()
let fake: FakeGithubSponsors

beforeAll(async () => {
  fake = await startFakeGithubSponsors({ data: githubSponsorsFromFixture(), now: clock.now })
})
afterAll(() => fake.stop())
beforeEach(() => {
  fake.requests.length = 0
  fake.faults.length = 0
  fake.data.maintainers.splice(0, Infinity, ...githubSponsorsFromFixture().maintainers)
  process.env.SPONSORS_TOKEN = 'sponsors-token'
})

const clients = (): FundingClients => ({
  github: (token) => new GithubClient({ url: fake.url, token, now: clock.now, sleep: clock.sleep, timeoutMs: 2_000, backoffMs: 10 }),
})

const expected = JSON.parse(Buffer.from(donationFixture('expected-totals.json')).toString('utf8')) as Record<
  string,
  { gross: number; fees: number; net: number; donations: number; donors: number }
>

describe('GitHub Sponsors', () => {
  test('sponsorships, tiers, a history per sponsor and the expected monthly income; the export file meets them on one donor', async () => {
    const connection = await connectFundingAccount({
      kind: 'github_sponsors',
      account: 'steward-demo',
      tokenEnvVar: 'SPONSORS_TOKEN',
      actorId: null,
    })
    // Six sponsors in github-sponsors.csv, each on the tier of their first payment:
    // donor000 $10, donor002 $25, donor003 $10, donor005 $10, donor006 $3, donor007 $25 → $83 a month
    const preview = await previewFundingConnection({ connectionId: connection.id, clients: clients() })
    expect(preview.summary).toBe('6 sponsorships (6 active, 6 monthly; 0 one-time payments), $83 a month expected')
    expect(await db.select().from(sponsorships)).toHaveLength(0)

    fake.faults.push('http-502', 'secondary-rate-limit')
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report).toMatchObject({ ok: true, summary: { sponsorships: 6, events: 6, monthlyIncomeCents: 8300 } })
    const [listed] = await listFundingConnections()
    expect(listed).toMatchObject({ monthlyIncomeCents: 8300, lastResult: 'ok', credential: 'token from SPONSORS_TOKEN' })

    // Later: donor007 moves to $5, donor000 cancels. The next sync reads the feed since the last one.
    const owner = fake.data.maintainers[0]
    const tam = owner.sponsorships.find((s) => s.sponsor.login === 'donor007')!
    changeTier(owner, tam, tier('$5 a month', 500), '2026-01-15T10:00:00Z')
    const eli = owner.sponsorships.find((s) => s.sponsor.login === 'donor000')!
    eli.isActive = false
    owner.activities.push({
      id: 'SA_cancel_eli',
      action: 'CANCELLED_SPONSORSHIP',
      timestamp: '2026-02-01T10:00:00Z',
      sponsor: eli.sponsor,
      privacyLevel: 'PUBLIC',
      paymentSource: 'GITHUB',
      sponsorsTier: eli.tier,
      previousSponsorsTier: null,
    })
    fake.requests.length = 0
    const again = await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    // $83 − $25 + $5 − $10 = $53
    expect(again.summary).toMatchObject({ events: 2, monthlyIncomeCents: 5300, active: 5 })
    const history = (await listSponsorHistory(connection.id)).filter((e) => e.sponsorLogin === 'donor007')
    expect(history.map((e) => [e.action, e.previousTierName, e.tierName])).toEqual([
      ['NEW_SPONSORSHIP', null, '$25 a month'],
      ['TIER_CHANGE', '$25 a month', '$5 a month'],
    ])

    // The monthly export brings the payments: same donors, totals as expected, one record per sponsor and month.
    await importDonationFixtures(null)
    expect(await db.select().from(donorIdentities).where(eq(donorIdentities.source, 'github_sponsors'))).toHaveLength(6)
    for (const quarter of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] as const) {
      const { start, end } = quarterPeriod(quarter, 'UTC')
      const section = await summariseFundraisingQuarter({ quarter, start, end, timeZone: 'UTC' })
      expect(section.bySource.find((s) => s.source === 'github_sponsors')).toEqual({
        source: 'github_sponsors',
        currency: 'USD',
        ...expected[`github_sponsors|${quarter}|USD`],
      })
    }
    const months = await listSponsorMonths(connection.id)
    const july = months.filter((m) => m.sponsor === 'donor007' && m.month === '2025-07')
    // donor007 expected $25 that month (the tier before 2026-01) and paid $1.00 once (ch_b410d93c4efbc8d6)
    expect(july).toEqual([{ sponsor: 'donor007', month: '2025-07', expectedCents: 2500, paidCents: 100, payments: 1 }])
    const keys = months.map((m) => `${m.sponsor}|${m.month}`)
    expect(new Set(keys).size).toBe(keys.length)
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'funding_connection')))
    expect(JSON.stringify(audits)).not.toContain('sponsors-token')
    const [stored] = await db.select().from(fundingConnections)
    expect(stored.credential).toEqual({ envVar: 'SPONSORS_TOKEN' })
  })

  test('a token the environment does not hold fails in plain words', async () => {
    delete process.env.SPONSORS_TOKEN
    const connection = await connectFundingAccount({
      kind: 'github_sponsors',
      account: 'steward-demo',
      tokenEnvVar: 'SPONSORS_TOKEN',
      actorId: null,
    })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report).toMatchObject({ ok: false, error: expect.stringMatching(/SPONSORS_TOKEN.*is not set/) })
  })
})
