import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { exchangeRates } from '#db/schema/index.ts'
import { EcbClient } from '#app/integrations/ecb/client.server.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { ecbFixtureDays } from '#tests/fakes/ecb/dataset.ts'
import { type FakeEcb, startFakeEcb } from '#tests/fakes/ecb/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { createManualDonation } from './donations.server.ts'
import { fetchEcbExchangeRates, getRatesPage, setExchangeRate } from './exchange-rates.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

const NOW = new Date('2026-04-08T18:00:00Z')
let fake: FakeEcb

beforeAll(async () => {
  fake = await startFakeEcb({ days: ecbFixtureDays(), now: () => NOW.getTime(), hangMs: 200 })
})
afterAll(() => fake.stop())
afterEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  delete process.env.STEWARD_FETCH_RATES
  resetEnv()
})

const client = () => new EcbClient({ baseUrl: fake.baseUrl, now: () => NOW.getTime(), sleep: async () => {}, timeoutMs: 1_000 })

const ratesOf = async (currency: string) =>
  (await db.select().from(exchangeRates).where(eq(exchangeRates.currency, currency)))
    .map((r) => ({ validFrom: r.validFrom, rate: Number(r.rate), source: r.source }))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom))

describe('ECB reference rates', () => {
  test('fetches the currencies of the ledger, converts on the last rate published on or before the donation day', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    // Easter 2026: Good Friday 04-03 to Easter Monday 04-06 publish nothing; 04-05 is a Sunday.
    await createManualDonation({ receivedOn: '2026-04-05', amount: '100.00', currency: 'EUR', source: 'manual', actorId: lead.id })
    await createManualDonation({ receivedOn: '2026-04-07', amount: '50.00', currency: 'GBP', source: 'manual', actorId: lead.id })
    await createManualDonation({ receivedOn: '2026-04-07', amount: '10.00', currency: 'NZD', source: 'manual', actorId: lead.id })
    fake.faults.push('http-503', 'drop')
    const outcome = await fetchEcbExchangeRates({ client: client(), now: NOW })
    expect(outcome.skipped).toBeNull()
    expect(outcome.missing).toEqual(['The ECB publishes no reference rate for NZD: type its rates on this page.'])
    // From a week before the earliest donation (2026-03-29): 03-31, 04-01, 04-02, 04-07 for each
    // currency; the two faults are retried.
    expect(fake.requests.map((r) => r.fault ?? r.status)).toEqual(['http-503', 'drop', 200])
    // 1 EUR = USD per EUR; 1 GBP = (USD per EUR) / (GBP per EUR): 1.0850 / 0.84210 = 1.28844555
    expect(await ratesOf('EUR')).toEqual([
      { validFrom: '2026-03-31', rate: 1.0745, source: 'ecb' },
      { validFrom: '2026-04-01', rate: 1.076, source: 'ecb' },
      { validFrom: '2026-04-02', rate: 1.08, source: 'ecb' },
      { validFrom: '2026-04-07', rate: 1.085, source: 'ecb' },
    ])
    expect((await ratesOf('GBP')).at(-1)).toEqual({ validFrom: '2026-04-07', rate: 1.28844555, source: 'ecb' })
    expect(await ratesOf('NZD')).toEqual([])

    const { start, end } = quarterPeriod('2026-Q2', 'UTC')
    const section = await summariseFundraisingQuarter({ quarter: '2026-Q2', start, end, timeZone: 'UTC' })
    // EUR 100.00 on Easter Sunday at the 04-02 rate 1.08 = 108.00; GBP 50.00 × 1.28844555 = 64.42; NZD left out
    expect(section.totals.gross).toBe(10800 + 6442)
    expect(section.provenance.totals).toMatch(/1 donation without a rate/)

    // A rate typed by hand wins for its date, and a later fetch leaves it alone.
    await setExchangeRate({ currency: 'EUR', validFrom: '2026-04-02', rate: '1.1', actorId: lead.id })
    await db.update(exchangeRates).set({ rate: '9' }).where(eq(exchangeRates.validFrom, '2026-04-07'))
    await db.delete(exchangeRates).where(eq(exchangeRates.currency, 'GBP'))
    await fetchEcbExchangeRates({ client: client(), now: NOW })
    expect(await ratesOf('EUR')).toContainEqual({ validFrom: '2026-04-02', rate: 1.1, source: 'manual' })
    const again = await summariseFundraisingQuarter({ quarter: '2026-Q2', start, end, timeZone: 'UTC' })
    expect(again.totals.gross).toBe(11000 + 6442)
    const page = await getRatesPage()
    expect(page.rates.find((r) => r.currency === 'EUR' && r.validFrom === '2026-04-02')?.source).toBe('manual')
  })

  test('STEWARD_FETCH_RATES=false fetches nothing', async () => {
    process.env.STEWARD_FETCH_RATES = 'false'
    resetEnv()
    const lead = await insertUser({ roles: ['fundraising'] })
    await createManualDonation({ receivedOn: '2026-04-07', amount: '10.00', currency: 'EUR', source: 'manual', actorId: lead.id })
    const outcome = await fetchEcbExchangeRates({ client: client(), now: NOW })
    expect(outcome.skipped).toMatch(/STEWARD_FETCH_RATES=false/)
    expect(fake.requests).toHaveLength(0)
    expect(await db.select().from(exchangeRates)).toHaveLength(0)
  })

  test('once up to date, the next day costs the daily file only', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    await createManualDonation({ receivedOn: '2026-04-01', amount: '10.00', currency: 'EUR', source: 'manual', actorId: lead.id })
    await fetchEcbExchangeRates({ client: client(), now: NOW })
    fake.requests.length = 0
    await fetchEcbExchangeRates({ client: client(), now: NOW })
    expect(fake.requests.map((r) => r.file)).toEqual(['eurofxref-daily.xml'])
  })
})
