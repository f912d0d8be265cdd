// The conference budget: a target in the reporting currency, pledges in any currency converted by
// the ledger's rules (the rate in force on the pledge date, a hand-typed rate wins for its date, a
// missing rate named and never converted silently), and the link to the conference campaign.
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commsPosts, exchangeRates } from '#db/schema/index.ts'
import { createCampaign } from '#app/domain/communications/campaigns.server.ts'
import { getCampaignsPage } from '#app/domain/communications/pages.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { addPledge, createTarget, getCampaignFunding, getConferencePage, updateTarget } from './conference.server.ts'
import { setExchangeRate } from './exchange-rates.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

test('pledges in four currencies are converted at their pledge dates’ rates; a pledge without a rate is named, not counted', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  // Rates into USD (the reporting currency): EUR from 2026-01-01 at 1.04; on 2026-02-02 the ECB's
  // 1.08 and a hand-typed 1.10, which wins; GBP from 2026-01-01 at 1.27; none for CHF.
  await setExchangeRate({ currency: 'EUR', validFrom: '2026-01-01', rate: '1.04', actorId: lead.id })
  await db.insert(exchangeRates).values({ currency: 'EUR', validFrom: '2026-02-02', rate: '1.08', source: 'ecb' })
  await setExchangeRate({ currency: 'EUR', validFrom: '2026-02-02', rate: '1.10', actorId: lead.id })
  await setExchangeRate({ currency: 'GBP', validFrom: '2026-01-01', rate: '1.27', actorId: lead.id })

  const target = await createTarget({ name: 'Conference 2026', target: '30000', lines: 'Venue: 12000', actorId: lead.id })
  expect(target).toMatchObject({ currency: 'USD', target: 3_000_000 })
  const pledge = (from: string, currency: string, amount: string, pledgedOn: string, received?: string) =>
    addPledge({ targetId: target.id, from, currency, amount, received, pledgedOn, actorId: lead.id })
  await pledge('Ionics', 'USD', '10000', '2026-01-15', '4000') // 10,000.00 and 4,000.00 as they are
  await pledge('Volta', 'EUR', '4000', '2026-01-20') // × 1.04 = 4,160.00
  await pledge('Anode', 'EUR', '1000', '2026-02-03', '1000') // × 1.10 (typed by hand) = 1,100.00, received too
  await pledge('Cathode', 'GBP', '2000.50', '2026-02-10') // × 1.27 = 2,540.635 → 2,540.64
  await pledge('Swiss Forum', 'CHF', '1500', '2026-02-12') // no CHF rate: left out
  await pledge('Early Bird', 'EUR', '500', '2025-12-31') // before the first EUR rate: left out

  const page = await getConferencePage({ now: new Date('2026-03-01T00:00:00Z') })
  const [budget] = page.targets
  // pledged 10,000.00 + 4,160.00 + 1,100.00 + 2,540.64 = 17,800.64; received 4,000.00 + 1,100.00 = 5,100.00
  expect(budget.pledged).toBe(1_780_064)
  expect(budget.received).toBe(510_000)
  const byFrom = Object.fromEntries(budget.pledges.map((p) => [p.from, p]))
  expect(byFrom.Anode.rate).toMatchObject({ validFrom: '2026-02-02', source: 'manual' })
  expect(byFrom.Anode.converted).toEqual({ amount: 110_000, received: 110_000 })
  expect(byFrom.Cathode.converted?.amount).toBe(254_064)
  expect(byFrom['Swiss Forum'].converted).toBeNull()
  expect(budget.unconverted).toEqual([
    expect.stringMatching(/^Early Bird: €500\.00 pledged on 2025-12-31 has no EUR rate/),
    expect.stringMatching(/^Swiss Forum: CHF\s?1,500\.00 pledged on 2026-02-12 has no CHF rate/),
  ])

  // Typing the missing CHF rate (0.90 from 2026-02-01) brings Swiss Forum in: + 1,350.00.
  await setExchangeRate({ currency: 'CHF', validFrom: '2026-02-01', rate: '0.90', actorId: lead.id })
  const [after] = (await getConferencePage({ now: new Date('2026-03-01T00:00:00Z') })).targets
  expect(after.pledged).toBe(1_780_064 + 135_000)
  expect(after.unconverted).toHaveLength(1)

  // The quarterly report's conference figures are the same converted totals.
  const { start, end } = quarterPeriod('2026-Q1', 'UTC')
  const section = await summariseFundraisingQuarter({ quarter: '2026-Q1', start, end, timeZone: 'UTC' })
  expect(section.conference).toEqual({ name: 'Conference 2026', currency: 'USD', target: 3_000_000, pledged: 1_915_064, received: 510_000 })
})

test('the budget is editable, linked to the conference campaign: its posts on the budget, the budget’s progress on the campaign', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const comms = await insertUser({ roles: ['communications'] })
  const campaign = await createCampaign({ name: 'Annual conference 2026', isConference: true, actorId: comms.id })
  const target = await createTarget({ name: 'Conf', target: '20000', actorId: lead.id })
  await addPledge({ targetId: target.id, from: 'Ionics', amount: '5000', received: '1000', pledgedOn: '2026-02-01', actorId: lead.id })
  const edited = await updateTarget({
    targetId: target.id,
    name: 'Conference 2026',
    target: '25000.50',
    dueOn: '2026-06-01',
    lines: 'Venue: 15000\nTravel: 10000.50',
    campaignId: campaign.id,
    actorId: lead.id,
  })
  expect(edited).toMatchObject({ name: 'Conference 2026', currency: 'USD', target: 2_500_050, campaignId: campaign.id })
  expect(edited.lines).toEqual([
    { label: 'Venue', amount: 1_500_000 },
    { label: 'Travel', amount: 1_000_050 },
  ])
  await expect(updateTarget({ targetId: target.id, name: 'X', target: '0', actorId: lead.id })).rejects.toThrow(/positive/)

  const now = new Date('2026-03-01T00:00:00Z')
  await db.insert(commsPosts).values([
    { title: 'Call for talks', status: 'published', publishedAt: new Date('2026-02-01T10:00:00Z'), campaignId: campaign.id },
    { title: 'Speakers announced', status: 'scheduled', scheduledFor: new Date('2026-03-20T10:00:00Z'), campaignId: campaign.id },
    { title: 'Last call', status: 'scheduled', scheduledFor: new Date('2026-03-10T10:00:00Z'), campaignId: campaign.id },
    { title: 'Elsewhere', status: 'scheduled', scheduledFor: new Date('2026-03-05T10:00:00Z') },
  ])
  const page = await getConferencePage({ now })
  expect(page.campaigns).toEqual([{ id: campaign.id, name: 'Annual conference 2026', isConference: true }])
  // 3 posts of the campaign, 1 published; the next scheduled after now is "Last call" on 03-10.
  expect(page.targets[0].campaign).toEqual({
    campaignId: campaign.id,
    name: 'Annual conference 2026',
    posts: 3,
    published: 1,
    nextPost: { id: expect.any(String), title: 'Last call', scheduledFor: '2026-03-10T10:00:00.000Z' },
  })
  expect(await getCampaignFunding([campaign.id])).toEqual([
    {
      campaignId: campaign.id,
      name: 'Conference 2026',
      currency: 'USD',
      target: 2_500_050,
      pledged: 500_000,
      received: 100_000,
      unconverted: 0,
    },
  ])
  // The campaigns page shows those totals to fundraising and the council, not to communications.
  expect((await getCampaignsPage({ user: { roles: ['council'] } })).funding.map((f) => [f.name, f.pledged])).toEqual([
    ['Conference 2026', 500_000],
  ])
  expect((await getCampaignsPage({ user: { roles: ['communications'] } })).funding).toEqual([])
})
