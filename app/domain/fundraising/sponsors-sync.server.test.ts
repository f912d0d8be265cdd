import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, donorIdentities, fundingConnections, importBatches, sponsorshipEvents, sponsorships } from '#db/schema/index.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { donationFixture, importDonationFixtures } from '#tests/factories/fundraising.ts'
import { insertUser } from '#tests/factories/accounts.ts'
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
import { getDonationImportPage, revertImport } from './imports.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'
import { listSponsorHistory, listSponsorMonths, summariseSponsorMonths } from './sponsors-sync.server.ts'

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
        // the export carries every gross: none recorded at net
        grossUnknown: 0,
      })
    }
    const months = await listSponsorMonths(connection.id)
    const july = months.filter((m) => m.sponsor === 'donor007' && m.month === '2025-07')
    // donor007 expected $25 that month (the tier before 2026-01) and paid $1.00 once (ch_b410d93c4efbc8d6)
    expect(july).toEqual([
      { sponsor: 'donor007', month: '2025-07', expectedCents: 2500, tierName: '$25 a month', paidCents: 100, payments: 1 },
    ])
    // the tier moved on 15 January 2026: the one in force at the end of that month is the $5 one
    expect(months.find((m) => m.sponsor === 'donor007' && m.month === '2026-01')).toMatchObject({
      expectedCents: 500,
      tierName: '$5 a month',
    })
    const keys = months.map((m) => `${m.sponsor}|${m.month}`)
    expect(new Set(keys).size).toBe(keys.length)

    // What the connections page shows: the latest three months, five active sponsors each (donor000
    // cancelled in February 2026), $25 + $10 + $10 + $3 + $5 = $53 expected, no export of those months yet
    const shown = await summariseSponsorMonths(connection.id)
    const latest = [...new Set(months.map((m) => m.month))].sort().reverse().slice(0, 3)
    expect(shown.months).toEqual(latest.map((month) => ({ month, expectedCents: 5300, paidCents: 0, sponsors: 5, notYetPaid: 5 })))
    expect(shown.recordsCount).toBe(15)
    expect(shown.records.slice(0, 5).map((r) => [r.month, r.sponsor, r.tierName, r.expectedCents, r.paidCents])).toEqual([
      [latest[0], 'donor002', '$25 a month', 2500, 0],
      [latest[0], 'donor003', '$10 a month', 1000, 0],
      [latest[0], 'donor005', '$10 a month', 1000, 0],
      [latest[0], 'donor006', '$3 a month', 300, 0],
      [latest[0], 'donor007', '$5 a month', 500, 0],
    ])
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'funding_connection')))
    expect(JSON.stringify(audits)).not.toContain('sponsors-token')
    const [stored] = await db.select().from(fundingConnections)
    expect(stored.credential).toEqual({ envVar: 'SPONSORS_TOKEN' })
  })

  test('a sync is an import batch: listed with the imports, audited, revertible; reverting rewinds the feed and the next sync restores the history', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({
      kind: 'github_sponsors',
      account: 'steward-demo',
      tokenEnvVar: 'SPONSORS_TOKEN',
      actorId: lead.id,
    })
    const first = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    // the six sponsors' NEW_SPONSORSHIP entries
    expect(first.summary).toMatchObject({ events: 6 })
    const batches = await db.select().from(importBatches)
    expect(batches).toEqual([
      expect.objectContaining({
        connectionId: connection.id,
        format: 'github_sponsors_api',
        source: 'github_sponsors',
        rows: 6,
        inserted: 6,
        duplicates: 0,
        cursorBefore: null,
      }),
    ])
    const [batch] = batches
    const events = await db.select().from(sponsorshipEvents)
    expect(events.map((e) => e.importBatchId)).toEqual(Array(6).fill(batch.id))
    const page = await getDonationImportPage({ actorId: lead.id, uploadId: null, importedId: null })
    expect(page!.batches.map((b) => [b.id, b.fileName])).toEqual([[batch.id, 'GitHub Sponsors sync: steward-demo']])
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.entityId, batch.id))
    expect(audits.map((a) => a.action)).toEqual(['sync'])

    // Nothing new: no batch.
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(await db.select().from(importBatches)).toHaveLength(1)

    // Reverting takes the six entries out and puts the feed back to where the batch started (the beginning).
    const reverted = await revertImport({ batchId: batch.id, actorId: lead.id })
    expect(reverted).toEqual({ voided: 0, refundsUnmarked: 0, historyRemoved: 6, rewound: true })
    expect(await db.select().from(sponsorshipEvents)).toHaveLength(0)
    const [rewound] = await db.select().from(fundingConnections)
    expect(rewound.cursor).toBeNull()
    const revertAudit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, batch.id), eq(auditEvents.action, 'revert')))
    expect(revertAudit[0].after).toMatchObject({ historyEntriesRemoved: 6, cursor: null })

    // The next sync reads the whole feed again: the same six entries, in a new batch.
    const again = await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(again.summary).toMatchObject({ events: 6, monthlyIncomeCents: 8300 })
    const restored = await db.select().from(sponsorshipEvents)
    expect(restored.map((e) => e.githubId).sort()).toEqual(events.map((e) => e.githubId).sort())
    const live = (await db.select().from(importBatches)).filter((b) => !b.revertedAt)
    expect(live).toEqual([expect.objectContaining({ format: 'github_sponsors_api', rows: 6, inserted: 6 })])
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
