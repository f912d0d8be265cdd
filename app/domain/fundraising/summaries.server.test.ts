// The /fundraising overview's year figures come from a summary (ADR 030): served while nothing that
// changes them was written, and replaced after each kind of write — an import, a new exchange rate,
// a void, a donor merge, an import's revert. Donor retention, which looks back from now, is served
// from its summary while no live donation crossed the edges of its two years. Every expectation is
// worked out by hand.
import { eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db, executeRows } from '#db/client.server.ts'
import { donations, donors, fundraisingSummaries } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { confirmImport, revertImport } from './imports.server.ts'
import { createManualDonation, voidDonation } from './donations.server.ts'
import { mergeDonors } from './donors.server.ts'
import { setExchangeRate } from './exchange-rates.server.ts'
import { donorRetention, summariseFundraisingYear } from './overview.server.ts'

setupTestDatabase()

const year2025 = (timeZone = 'UTC') =>
  summariseFundraisingYear({ year: 2025, timeZone, reportingCurrency: 'USD', now: new Date('2025-12-31T00:00:00Z') })

const version = async () =>
  Number((await executeRows<{ version: string }>(sql`select version from fundraising_data_version where id = 1`))[0].version)

/** The figures the page shows that each write below changes. */
async function figures() {
  const o = await year2025()
  const month = (m: string) => o.donorsMonthly.find((x) => x.month === `2025-${m}`)
  return {
    gross: o.totals.gross,
    donations: o.totals.donations,
    donors: o.totals.donors,
    newDonors: o.totals.newDonors,
    unconverted: o.unconverted,
    march: month('03'),
    may: month('05'),
  }
}

const STRIPE_HEADER =
  'id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email,Customer ID,Customer Name,Description'

test('the year summary is served until a write changes it: an import, a rate, a void, a merge, a revert', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  // Ann gave in 2024 and in March 2025: a returning donor in 2025.
  await createManualDonation({
    receivedOn: '2024-11-10',
    amount: '100.00',
    currency: 'USD',
    source: 'manual',
    donorEmail: 'ann@example.org',
    actorId: lead.id,
  })
  const march = await createManualDonation({
    receivedOn: '2025-03-10',
    amount: '50.00',
    currency: 'USD',
    source: 'manual',
    donorEmail: 'ann@example.org',
    actorId: lead.id,
  })
  expect(await figures()).toEqual({
    gross: 5000,
    donations: 1,
    donors: 1,
    newDonors: 0,
    unconverted: [],
    march: { month: '2025-03', newDonors: 0, returningDonors: 1 },
    may: { month: '2025-05', newDonors: 0, returningDonors: 0 },
  })
  // The visit stored the year's summary at the current version, and the next visit reads it: a
  // summary changed behind the code's back is what the page shows (no write moved the version).
  const [stored] = await db.select().from(fundraisingSummaries)
  expect(stored.version).toBe(await version())
  await db.update(fundraisingSummaries).set({ data: sql`jsonb_set(${fundraisingSummaries.data}, '{bySource}', '[]')` })
  expect((await year2025()).bySource).toEqual([])

  // An import: Ben gives 20.00 USD in April, Cat 30.00 EUR in May (no EUR rate yet: left out of
  // the sums, but Cat still gave). Gross 5,000 + 2,000 = 7,000 cents from 2 converted donations;
  // donors Ann, Ben, Cat = 3, of whom Ben and Cat are new.
  const csv = [
    STRIPE_HEADER,
    'ch_1,2025-04-02 10:00:00,20.00,0.00,usd,0.88,Paid,ben@example.org,cus_ben,Ben,Donation',
    'ch_2,2025-05-05 10:00:00,30.00,0.00,eur,1.17,Paid,cat@example.org,cus_cat,Cat,Donation',
  ].join('\n')
  const before = await version()
  const { batchId, inserted } = await confirmImport({ bytes: Buffer.from(csv + '\n'), fileName: 'stripe.csv', actorId: lead.id })
  expect(inserted).toBe(2)
  expect(await version()).toBeGreaterThan(before)
  expect(await figures()).toEqual({
    gross: 7000,
    donations: 2,
    donors: 3,
    newDonors: 2,
    unconverted: [{ currency: 'EUR', count: 1 }],
    march: { month: '2025-03', newDonors: 0, returningDonors: 1 },
    may: { month: '2025-05', newDonors: 1, returningDonors: 0 },
  })
  // The summary is current again: the bySource changed above is gone (Stripe and manual, in USD and EUR).
  expect((await year2025()).bySource.map((r) => `${r.source} ${r.currency} ${r.gross}`)).toEqual([
    'manual USD 5000',
    'stripe EUR 3000',
    'stripe USD 2000',
  ])

  // A EUR rate from January: Cat's 30.00 EUR × 1.10 = 33.00 USD; gross 7,000 + 3,300 = 10,300.
  await setExchangeRate({ currency: 'EUR', validFrom: '2025-01-01', rate: '1.10', actorId: lead.id })
  expect(await figures()).toMatchObject({ gross: 10_300, donations: 3, donors: 3, newDonors: 2, unconverted: [] })

  // Voiding Ann's March donation: 10,300 − 5,000 = 5,300 from Ben and Cat, both new; March is empty.
  await voidDonation({ donationId: march.id, reason: 'entered twice', actorId: lead.id })
  expect(await figures()).toMatchObject({
    gross: 5300,
    donations: 2,
    donors: 2,
    newDonors: 2,
    march: { month: '2025-03', newDonors: 0, returningDonors: 0 },
  })

  // Cat turns out to be Ben: one donor, new in April (his first gift), returning in May.
  const [ben] = await db.select().from(donors).where(eq(donors.email, 'ben@example.org'))
  const [cat] = await db.select().from(donors).where(eq(donors.email, 'cat@example.org'))
  await mergeDonors({ fromId: cat.id, intoId: ben.id, actorId: lead.id })
  expect(await figures()).toMatchObject({
    gross: 5300,
    donors: 1,
    newDonors: 1,
    may: { month: '2025-05', newDonors: 0, returningDonors: 1 },
  })

  // Reverting the import voids Ben's and Cat's donations: nothing live is left in 2025.
  await revertImport({ batchId, actorId: lead.id })
  expect(await figures()).toMatchObject({ gross: 0, donations: 0, donors: 0, newDonors: 0, unconverted: [] })
  // The summaries of the current version are kept (the year's and the retention's); older ones were dropped.
  const current = await version()
  expect(await db.select({ version: fundraisingSummaries.version }).from(fundraisingSummaries)).toEqual([
    { version: current },
    { version: current },
  ])
})

test('a summary per year, time zone and reporting currency; a refused entry leaves it current', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  // 31 December 2025 at 23:30 UTC is 1 January 2026, 00:30 in Berlin.
  await db.insert(donations).values({
    amount: 1000,
    currency: 'USD',
    net: 1000,
    receivedAt: new Date('2025-12-31T23:30:00Z'),
    receivedOn: '2025-12-31',
    source: 'manual',
    externalId: 'm1',
  })
  expect((await year2025('UTC')).totals.gross).toBe(1000)
  expect((await year2025('Europe/Berlin')).totals.gross).toBe(0)
  const inEuros = await summariseFundraisingYear({ year: 2025, timeZone: 'UTC', reportingCurrency: 'EUR', now: new Date('2025-12-31') })
  // no USD → EUR rate: the donation is left out of the EUR sums
  expect(inEuros.totals).toMatchObject({ gross: 0, donations: 0, unconverted: 1 })
  // three years' figures (UTC and Berlin in USD, UTC in EUR) and the retention as of 31 December 2025
  expect(await db.$count(fundraisingSummaries)).toBe(4)

  // A manual entry refused (fees above the amount) writes nothing: the version and the summaries stay.
  const before = await version()
  await expect(
    createManualDonation({ receivedOn: '2025-06-01', amount: '5.00', fees: '6.00', currency: 'USD', source: 'manual', actorId: lead.id }),
  ).rejects.toThrow(/fees/)
  expect(await version()).toBe(before)
  expect(await db.$count(fundraisingSummaries)).toBe(4)
})

test('retention is served from its summary while no live donation crosses its years as now moves', async () => {
  const [ann, ben, cat, dan] = await db
    .insert(donors)
    .values(['Ann', 'Ben', 'Cat', 'Dan'].map((name) => ({ name })))
    .returning()
  let n = 0
  const give = (donorId: string, at: string, voidedAt?: Date) => ({
    amount: 1000,
    currency: 'USD',
    net: 1000,
    receivedAt: new Date(at),
    receivedOn: at.slice(0, 10),
    source: 'manual' as const,
    externalId: `m${(n += 1)}`,
    donorId,
    voidedAt,
  })
  await db.insert(donations).values([
    give(ann.id, '2025-01-10T12:00:00Z'), // Ann gave in both years
    give(ann.id, '2026-01-10T12:00:00Z'),
    give(ben.id, '2025-03-01T12:00:00Z'), // Ben in the earlier year only
    give(cat.id, '2024-07-15T12:00:00Z'), // Cat early in the earlier year, again in July 2025
    give(cat.id, '2025-07-20T12:00:00Z'),
    give(dan.id, '2024-07-05T12:00:00Z', new Date('2024-08-01')), // voided: counts nowhere
  ])
  const retentionAt = async (now: string) =>
    (await summariseFundraisingYear({ year: 2026, timeZone: 'UTC', reportingCurrency: 'USD', now: new Date(now) })).retention
  const storedRetention = () =>
    db
      .select()
      .from(fundraisingSummaries)
      .where(eq(fundraisingSummaries.key, JSON.stringify({ figures: 'retention', shape: 1 })))

  // As of 30 June 2026: the earlier year is [2024-06-30, 2025-06-30), the later [2025-06-30, 2026-06-30).
  // Earlier: Ann, Ben, Cat = 3; of them again later: Ann (January 2026), Cat (July 2025) = 2.
  const june = await retentionAt('2026-06-30T00:00:00Z')
  expect(june).toEqual({ previous: 3, retained: 2, rate: 2 / 3 })
  expect(june).toEqual(await donorRetention(new Date('2026-06-30T00:00:00Z')))
  expect(await storedRetention()).toHaveLength(1)

  // Ten days on, the edges moved over [2024-06-30, 2024-07-10), [2025-06-30, 2025-07-10) and
  // [2026-06-30, 2026-07-10): only Dan's voided donation lies there, so the stored counts still
  // hold and are served (a value changed behind the code's back shows it is the stored one).
  await db.update(fundraisingSummaries).set({ data: sql`jsonb_set(${fundraisingSummaries.data}, '{retention,previous}', '99')` })
  expect(await retentionAt('2026-07-10T00:00:00Z')).toMatchObject({ previous: 99 })

  // As of 20 July 2026 the earlier year starts on 2024-07-20: Cat's gift of 15 July 2024 left it,
  // and her 20 July 2025 gift (noon) is still in the later year. Earlier: Ann, Ben = 2; again: Ann = 1.
  const july = await retentionAt('2026-07-20T00:00:00Z')
  expect(july).toEqual({ previous: 2, retained: 1, rate: 0.5 })
  expect(july).toEqual(await donorRetention(new Date('2026-07-20T00:00:00Z')))
  // Asked again for the earlier moment: the edges cross Cat's gift again, so it is computed anew.
  expect(await retentionAt('2026-06-30T00:00:00Z')).toEqual({ previous: 3, retained: 2, rate: 2 / 3 })

  // A write moves the version: Ben gives again in May 2026, retained 2 → 3 of 3.
  await db.insert(donations).values(give(ben.id, '2026-05-01T12:00:00Z'))
  expect(await retentionAt('2026-06-30T00:00:00Z')).toEqual({ previous: 3, retained: 3, rate: 1 })
})
