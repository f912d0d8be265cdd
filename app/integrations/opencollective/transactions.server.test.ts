import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { FakeOpenCollectiveDataset, type FakeTransaction } from '#tests/fakes/opencollective/dataset.ts'
import { type FakeOpenCollective, startFakeOpenCollective } from '#tests/fakes/opencollective/server.ts'
import { OpenCollectiveClient, type OpenCollectiveClientOptions, OpenCollectiveError, type OpenCollectiveWait } from './client.server.ts'
import type { OpenCollectiveDonation } from './normalize.ts'
import type { OpenCollectiveResumePoint } from './resume.ts'
import { readOpenCollectiveDonations } from './transactions.server.ts'

const SLUG = 'pybamm'

/**
 * Seven rows on the collective's ledger (fees in cents; host fees and the 2024+ processor fee are
 * their own transactions in the group, as Open Collective writes them):
 *   #1 2025-01-05 10:00 Tam     5000  processor 175 host 500  one-time      (refunded by #6)
 *   #2 2025-01-05 10:00 Acme   10000  processor 320 host 1000 monthly       (same instant as #1)
 *   #3 2025-01-05 10:00 anon    2500  processor 103 host 250  one-time      (same instant, incognito)
 *   #4 2025-02-01 09:00 Tam     5000  processor 175 (separate) host 500 monthly
 *   #5 2025-02-10 12:00 Acme   20000  added funds, host 2000
 *   #6 2025-03-01 08:00 refund of #1: −5000, host fee 500 given back, processor fee kept
 *   #7 2025-03-01 08:00 Tam     1000  processor 59 host 100  one-time       (same instant as #6)
 */
function smallLedger() {
  const data = new FakeOpenCollectiveDataset(7)
  data.collective(SLUG, { name: 'PyBaMM', currency: 'USD' })
  const tam = data.person('tam-arden', 'Tam Arden', 'tam@example.org')
  const acme = data.organisation('acme', 'Acme Batteries')
  const anon = data.incognito()
  const first = data.contribute(SLUG, { at: '2025-01-05T10:00:00.000Z', donor: tam, amount: 5000, processorFee: 175, hostFee: 500 })
  data.contribute(SLUG, {
    at: '2025-01-05T10:00:00.000Z',
    donor: acme,
    amount: 10000,
    processorFee: 320,
    hostFee: 1000,
    frequency: 'MONTHLY',
  })
  data.contribute(SLUG, { at: '2025-01-05T10:00:00.000Z', donor: anon, amount: 2500, processorFee: 103, hostFee: 250 })
  data.contribute(SLUG, {
    at: '2025-02-01T09:00:00.000Z',
    donor: tam,
    amount: 5000,
    processorFee: 175,
    hostFee: 500,
    frequency: 'MONTHLY',
    separateProcessorFee: true,
  })
  data.contribute(SLUG, { at: '2025-02-10T12:00:00.000Z', donor: acme, amount: 20000, hostFee: 2000, kind: 'ADDED_FUNDS' })
  data.refund(first, '2025-03-01T08:00:00.000Z')
  data.contribute(SLUG, { at: '2025-03-01T08:00:00.000Z', donor: tam, amount: 1000, processorFee: 59, hostFee: 100 })
  return data
}

let fake: FakeOpenCollective
let clock: ReturnType<typeof fakeClock>
let data: FakeOpenCollectiveDataset

beforeAll(async () => {
  clock = fakeClock()
  fake = await startFakeOpenCollective({
    dataset: new FakeOpenCollectiveDataset(),
    now: clock.now,
    tokens: ['secret-token'],
    hangMs: 4_000,
  })
  // The clients below give up after 2 s: answer one query first so the stand-in's cold start
  // (building its schema, compiling the resolvers) is not taken for a hang on a busy machine.
  await fetch(fake.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  })
  fake.requests.length = 0
  fake.resetRateLimits()
})
afterAll(() => fake.stop())
beforeEach(() => {
  data = smallLedger()
  ;(fake as { dataset: unknown }).dataset = data
  fake.invalidate()
})
afterEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  fake.rateLimit = true
  fake.resetRateLimits()
  clock.sleeps.length = 0
  clock.advance(3_600_000)
})

function client(options: Partial<OpenCollectiveClientOptions> = {}) {
  const waits: OpenCollectiveWait[] = []
  const c = new OpenCollectiveClient({
    url: fake.url,
    now: clock.now,
    sleep: clock.sleep,
    timeoutMs: 2_000,
    onWait: (n) => waits.push(n),
    ...options,
  })
  return { c, waits }
}

/** The fake's contributions and added funds, in the order Open Collective serves them. */
const contributionRows = () =>
  data.transactions
    .filter((t: FakeTransaction) => t.accountSlug === SLUG && (t.kind === 'CONTRIBUTION' || t.kind === 'ADDED_FUNDS'))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.legacyId - b.legacyId)

async function readAll(
  c: OpenCollectiveClient,
  options: { resume?: OpenCollectiveResumePoint; pageSize?: number; stopAfter?: number } = {},
) {
  const donations: OpenCollectiveDonation[] = []
  let resume = options.resume
  let pages = 0
  for await (const page of readOpenCollectiveDonations(c, { slug: SLUG, resume, pageSize: options.pageSize })) {
    donations.push(...page.donations)
    resume = page.resume // stored with the page, in one database transaction, by the caller
    pages += 1
    if (options.stopAfter === pages) break
  }
  return { donations, resume: resume!, pages }
}

describe('reading a collective from the Open Collective stand-in', () => {
  it('pages through every contribution once, ties at one instant included', async () => {
    const { c } = client()
    const { donations, pages } = await readAll(c, { pageSize: 2 })
    // 7 rows in pages of 2: 2 + 2 + 2 + 1, the short page ends the read
    expect(pages).toBe(4)
    expect(c.requests).toBe(4)
    expect(donations.map((d) => d.legacyId)).toEqual(contributionRows().map((t) => t.legacyId))
    expect(fake.requests.map((r) => [r.variables.dateFrom ?? null, r.variables.offset])).toEqual([
      [null, 0],
      ['2025-01-05T10:00:00.000Z', 2],
      ['2025-02-01T09:00:00.000Z', 1],
      ['2025-03-01T08:00:00.000Z', 1],
    ])
  })

  it('adds fees, refunds and incognito donors up as worked by hand', async () => {
    const { c } = client()
    const { donations } = await readAll(c)
    const sum = (f: (d: OpenCollectiveDonation) => number) => donations.reduce((total, d) => total + f(d), 0)
    // gross 5000 + 10000 + 2500 + 5000 + 20000 − 5000 + 1000 = 38500
    expect(sum((d) => d.amount)).toBe(38_500)
    // fees 675 + 1320 + 353 + 675 + 2000 − 500 (host fee given back) + 159 = 4682
    expect(sum((d) => d.fees)).toBe(4_682)
    // net 38500 − 4682 = 33818
    expect(sum((d) => d.net)).toBe(33_818)
    // processor fees 175 + 320 + 103 + 175 (its own transaction) + 0 + 0 (kept on refund) + 59 = 832
    expect(sum((d) => d.feeBreakdown.paymentProcessor)).toBe(832)
    const [first, , anon, separate, added, refund, last] = donations
    expect(first).toMatchObject({ isRefunded: true, refundTransaction: { legacyId: refund.legacyId } })
    expect(refund).toMatchObject({
      type: 'DEBIT',
      isRefund: true,
      amount: -5000,
      net: -4500,
      refundTransaction: { legacyId: first.legacyId },
    })
    expect(anon.donor).toMatchObject({ anonymous: true, name: null, email: null })
    expect(separate).toMatchObject({ fees: 675, net: 4325, recurring: true, feeBreakdown: { paymentProcessor: 175, host: 500 } })
    expect(added).toMatchObject({ kind: 'ADDED_FUNDS', fees: 2000, net: 18_000, recurring: false })
    expect(last.donor).toMatchObject({ key: 'tam-arden', name: 'Tam Arden', email: null })
    // 3 of the 7 donors' rows are Tam, Acme twice, one incognito: no e-mail ever read
    expect(donations.every((d) => d.donor.email === null)).toBe(true)
  })

  for (const stopAfter of [1, 2, 3]) {
    it(`resumes after a kill after page ${stopAfter} without gaps or duplicates`, async () => {
      const first = await readAll(client().c, { pageSize: 2, stopAfter })
      const rest = await readAll(client().c, { pageSize: 2, resume: first.resume })
      const ids = [...first.donations, ...rest.donations].map((d) => d.legacyId)
      expect(ids).toEqual(contributionRows().map((t) => t.legacyId))
    })
  }

  it('an unchanged collective costs exactly one request', async () => {
    const { resume } = await readAll(client().c)
    fake.requests.length = 0
    const { c } = client()
    const again = await readAll(c, { resume })
    expect(again.donations).toEqual([])
    expect(c.requests).toBe(1)
    expect(fake.requests).toHaveLength(1)
    expect(again.resume).toEqual(resume)
  })

  it('brings what arrived since, even at the watermark instant, on the next read', async () => {
    const { resume } = await readAll(client().c)
    expect(resume).toEqual({ watermark: '2025-03-01T08:00:00.000Z', offset: 2 })
    const tam = data.accounts.get('tam-arden')!
    data.contribute(SLUG, { at: '2025-03-01T08:00:00.000Z', donor: tam, amount: 700, processorFee: 50, hostFee: 70 })
    data.contribute(SLUG, { at: '2025-04-01T00:00:00.000Z', donor: tam, amount: 900, processorFee: 56, hostFee: 90 })
    fake.invalidate()
    const { c } = client()
    const next = await readAll(c, { resume })
    expect(next.donations.map((d) => d.amount)).toEqual([700, 900])
    expect(c.requests).toBe(1)
  })

  it('without a token, waits for the minute to pass rather than hit the 10-a-minute limit', async () => {
    for (let i = 0; i < 25; i += 1) {
      data.contribute(SLUG, {
        at: new Date(Date.parse('2025-05-01T00:00:00.000Z') + i * 60_000).toISOString(),
        donor: data.accounts.get('acme')!,
        amount: 100,
      })
    }
    fake.invalidate()
    const { c, waits } = client()
    const { donations } = await readAll(c, { pageSize: 2 })
    // 32 rows in pages of 2: 16 full pages and an empty one = 17 requests
    expect(donations).toHaveLength(32)
    expect(c.requests).toBe(17)
    expect(fake.requests.every((r) => r.status === 200 && !r.authenticated)).toBe(true)
    // After the 10th request nothing is left: the window opened by the first one ends 60 s later
    // (announced in whole seconds) and we wait one more, 61 s; the 7 requests after fit the new window
    expect(waits.map((w) => [w.reason, w.ms])).toEqual([['budget-spent', 61_000]])
  })

  it('with a personal token, gets 100 requests a minute', async () => {
    for (let i = 0; i < 25; i += 1)
      data.contribute(SLUG, { at: `2025-06-01T00:00:${String(i).padStart(2, '0')}.000Z`, donor: data.accounts.get('acme')!, amount: 100 })
    fake.invalidate()
    const { c, waits } = client({ token: 'secret-token' })
    await readAll(c, { pageSize: 2 })
    expect(c.requests).toBe(17)
    expect(waits).toEqual([])
    expect(fake.requests.every((r) => r.authenticated)).toBe(true)
    expect(c.rateLimit).toMatchObject({ limit: 100, remaining: 83 })
  })

  it('waits out a 429 for its fractional Retry-After', async () => {
    // Someone else on the same address spent the window 2.25 s ago.
    const other = client().c
    for (let i = 0; i < 10; i += 1) await other.query('query StewardTransactions { transactions(limit: 1) { totalCount } }')
    clock.advance(2_250)
    fake.requests.length = 0
    const { c, waits } = client()
    await readAll(c)
    // Retry-After = (window end − now) / 1000 = (60 − 2.25) s = 57.75 s, plus the second that
    // carries us past the window's end: 58.75 s
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200])
    expect(waits.map((w) => [w.reason, w.ms])).toEqual([['rate-limit', 58_750]])
  })

  it('waits out a 429 even without rate-limit headers to go on', async () => {
    fake.faults.push('rate-limit')
    const { c, waits } = client()
    await readAll(c)
    // Retry-After: 12.5 → 12.5 s + 1 s
    expect(waits.map((w) => [w.reason, w.ms])).toEqual([['rate-limit', 13_500]])
  })

  for (const fault of ['http-500', 'http-502', 'http-503', 'drop', 'hang', 'cut-body'] as const) {
    it(`retries after ${fault}, backing off`, async () => {
      fake.faults.push(fault, fault)
      const { c, waits } = client()
      const { donations } = await readAll(c)
      expect(donations).toHaveLength(7)
      expect(c.requests).toBe(3)
      expect(waits.map((w) => [w.reason, w.ms])).toEqual([
        ['retry', 1_000],
        ['retry', 2_000],
      ])
    })
  }

  it('gives up after its attempts, in one line', async () => {
    fake.faults.push('http-502', 'drop', 'http-500')
    const error = await readAll(client({ maxAttempts: 3 }).c).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenCollectiveError)
    expect((error as Error).message).toBe('Could not reach Open Collective after 3 attempts: Open Collective answered HTTP 500.')
  })

  it('refuses an unknown collective in one line, after one request', async () => {
    const { c } = client()
    const error = await readOpenCollectiveDonations(c, { slug: 'No-Such-Collective' })
      .next()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenCollectiveError)
    expect((error as OpenCollectiveError).kind).toBe('not-found')
    expect((error as Error).message).toBe('There is no collective named "no-such-collective" on Open Collective.')
    expect(c.requests).toBe(1)
  })

  it('refuses an unknown token without repeating it', async () => {
    const error = await readAll(client({ token: 'leaked-secret' }).c).catch((e: unknown) => e)
    expect((error as OpenCollectiveError).kind).toBe('auth')
    expect((error as Error).message).not.toContain('leaked-secret')
    expect((error as Error).message).toMatch(/^Open Collective refused the personal token \(HTTP 401\)/)
  })
})
