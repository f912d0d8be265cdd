import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ecbFixtureDays } from '#tests/fakes/ecb/dataset.ts'
import { type FakeEcb, startFakeEcb } from '#tests/fakes/ecb/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { EcbClient, type EcbClientOptions, EcbError, type EcbWait } from './client.server.ts'
import { crossRate } from './rates.ts'

let fake: FakeEcb
// Tuesday 7 April 2026, after the day's publication
const clock = fakeClock(Date.parse('2026-04-07T17:00:00Z'))

beforeAll(async () => {
  fake = await startFakeEcb({ days: ecbFixtureDays(), now: clock.now, hangMs: 500 })
})
afterAll(() => fake.stop())
afterEach(() => {
  fake.requests.length = 0
  fake.faults.length = 0
})

function client(options: Partial<EcbClientOptions> = {}) {
  const waits: EcbWait[] = []
  const c = new EcbClient({
    baseUrl: fake.baseUrl,
    now: clock.now,
    sleep: async () => {},
    timeoutMs: 300,
    onWait: (w) => waits.push(w),
    ...options,
  })
  return { c, waits }
}

describe('reading ECB rates from the stand-in', () => {
  it('reads only the daily file for today', async () => {
    const { c } = client()
    const rates = await c.fetchRates({ from: '2026-04-07' })
    expect(fake.requests.map((r) => r.file)).toEqual(['eurofxref-daily.xml'])
    expect(rates.map((r) => r.currency)).toEqual(['USD', 'JPY', 'GBP', 'CHF'])
  })

  it('reads the 90-day file for a recent gap, and the lookback covers Easter', async () => {
    const { c } = client()
    const rates = await c.fetchRates({ from: '2026-04-03', to: '2026-04-06' })
    expect(fake.requests.map((r) => r.file)).toEqual(['eurofxref-hist-90d.xml'])
    // days 2026-03-27 … 2026-04-06 published: 31 March, 1 and 2 April
    expect([...new Set(rates.map((r) => r.date))]).toEqual(['2026-04-02', '2026-04-01', '2026-03-31'])
    // 1 USD in CHF on Easter Monday: 0.9400 / 1.0800 = 0.87037…
    expect(crossRate(rates, 'USD', 'CHF', '2026-04-06').rate).toBeCloseTo(0.87037, 5)
  })

  it('reads the whole history only when older days are needed', async () => {
    const { c } = client()
    const rates = await c.fetchRates({ from: '2026-01-01', to: '2026-01-02' })
    expect(fake.requests.map((r) => r.file)).toEqual(['eurofxref-hist.xml'])
    expect([...new Set(rates.map((r) => r.date))]).toEqual(['2026-01-02', '2025-12-31'])
  })

  for (const fault of ['http-500', 'http-503', 'drop', 'hang', 'truncated'] as const) {
    it(`retries after ${fault}, backing off`, async () => {
      fake.faults.push(fault, fault)
      const { c, waits } = client()
      const rates = await c.fetchFile('eurofxref-hist.xml')
      expect(rates).toHaveLength(33)
      expect(c.requests).toBe(3)
      expect(waits.map((w) => w.ms)).toEqual([2_000, 4_000])
    })
  }

  it('gives up after its attempts, in one line', async () => {
    fake.faults.push('http-503', 'drop', 'http-500')
    const error = await client({ maxAttempts: 3 })
      .c.fetchFile('eurofxref-daily.xml')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EcbError)
    expect((error as Error).message).toBe("Could not read the ECB's eurofxref-daily.xml after 3 attempts: the ECB answered HTTP 500.")
  })

  it('does not retry a file that is not there', async () => {
    const { c } = client({ baseUrl: fake.baseUrl.replace('/stats/eurofxref/', '/elsewhere/') })
    const error = await c.fetchFile('eurofxref-daily.xml').catch((e: unknown) => e)
    expect((error as Error).message).toBe('The ECB answered HTTP 404 for eurofxref-daily.xml: check ECB_RATES_URL.')
    expect(c.requests).toBe(1)
  })
})
