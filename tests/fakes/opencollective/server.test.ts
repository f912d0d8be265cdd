import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeOpenCollectiveDataset, generateOpenCollectiveDataset } from './dataset.ts'
import { type FakeOpenCollective, startFakeOpenCollective } from './server.ts'

// The stand-in itself answers like Open Collective: these check its semantics directly.
let fake: FakeOpenCollective
const data = new FakeOpenCollectiveDataset(3)

beforeAll(async () => {
  data.collective('oc', { currency: 'USD' })
  data.collective('oc-event', { currency: 'USD', parentSlug: 'oc' })
  const ana = data.person('ana', 'Ana')
  const first = data.contribute('oc', { at: '2025-01-01T00:00:00.000Z', donor: ana, amount: 1000, processorFee: 59, hostFee: 100 })
  data.contribute('oc', { at: '2025-01-02T00:00:00.000Z', donor: ana, amount: 2000, processorFee: 88, hostFee: 200, toSlug: 'oc-event' })
  data.refund(first, '2025-01-03T00:00:00.000Z')
  fake = await startFakeOpenCollective({ dataset: data, rateLimit: false })
})
afterAll(() => fake.stop())

async function ask(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(fake.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return {
    status: response.status,
    headers: response.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
    body: (await response.json()) as { data?: any; errors?: any[]; error?: any },
  }
}

const LEDGER = `query L($children: Boolean!, $kind: [TransactionKind], $dateFrom: DateTime, $limit: Int!, $offset: Int!) {
  transactions(account: [{ slug: "oc" }], includeChildrenTransactions: $children, kind: $kind, dateFrom: $dateFrom, limit: $limit, offset: $offset, orderBy: { field: CREATED_AT, direction: ASC }) {
    totalCount offset limit kinds
    nodes { legacyId type kind isRefund isRefunded createdAt amount { valueInCents } hostFee(fetchHostFee: true) { valueInCents currency }
      netAmount(fetchHostFee: true) { valueInCents } refundTransaction { legacyId isRefund } }
  }
}`

describe('the Open Collective stand-in', () => {
  it("serves the collective's side of the ledger, fee transactions included, in creation order", async () => {
    const { body } = await ask(LEDGER, { children: false, limit: 100, offset: 0 })
    expect(body.data.transactions.nodes.map((n: { kind: string; type: string }) => `${n.type} ${n.kind}`)).toEqual([
      'CREDIT CONTRIBUTION',
      'DEBIT HOST_FEE',
      'CREDIT HOST_FEE',
      'DEBIT CONTRIBUTION',
    ])
    expect(body.data.transactions.kinds.sort()).toEqual(['CONTRIBUTION', 'HOST_FEE'])
  })

  it('links a refund and its original both ways', async () => {
    const { body } = await ask(LEDGER, { children: false, kind: ['CONTRIBUTION'], limit: 100, offset: 0 })
    const [original, refund] = body.data.transactions.nodes
    expect(original).toMatchObject({ isRefund: false, isRefunded: true, refundTransaction: { legacyId: refund.legacyId, isRefund: true } })
    expect(refund).toMatchObject({ type: 'DEBIT', isRefund: true, isRefunded: false, amount: { valueInCents: -1000 } })
    // the contribution's host fee comes from its HOST_FEE transaction: 1000 − 59 − 100 = 841
    expect(original.hostFee).toEqual({ valueInCents: -100, currency: 'USD' })
    expect(original.netAmount.valueInCents).toBe(1000 - 59 - 100)
  })

  it('keeps dateFrom inclusive and counts everything matched, whatever the page', async () => {
    const { body } = await ask(LEDGER, {
      children: true,
      kind: ['CONTRIBUTION'],
      dateFrom: '2025-01-02T00:00:00.000Z',
      limit: 1,
      offset: 1,
    })
    expect(body.data.transactions).toMatchObject({ totalCount: 2, offset: 1, limit: 1 })
    expect(body.data.transactions.nodes.map((n: { createdAt: string }) => n.createdAt)).toEqual(['2025-01-03T00:00:00.000Z'])
  })

  it('refuses more than 10,000 at once and a query the schema does not know', async () => {
    const tooMany = await ask(LEDGER, { children: false, limit: 10_001, offset: 0 })
    expect(tooMany.status).toBe(200)
    expect(tooMany.body).toMatchObject({
      data: null,
      errors: [{ message: 'Cannot fetch more than 10,000 transactions at the same time, please adjust the limit' }],
    })
    const unknown = await ask('{ transactions { nodes { iban } } }')
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
  })

  it('counts anonymous requests per minute and answers the eleventh with 429 and Retry-After', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z')
    const limited = await startFakeOpenCollective({ dataset: data, now: () => now })
    try {
      const call = () =>
        fetch(limited.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ transactions(limit: 0) { totalCount } }"}',
        })
      for (let i = 0; i < 10; i += 1) expect((await call()).status).toBe(200)
      now += 1_500
      const refused = await call()
      expect(refused.status).toBe(429)
      expect(await refused.json()).toEqual({ error: { message: 'Rate limit exceeded. Create a Personal Token to get higher limits.' } })
      // the window opened at 00:00:00 ends at 00:01:00: 58.5 s from 00:00:01.5
      expect(refused.headers.get('retry-after')).toBe('58.5')
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0')
      expect(refused.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-01-01T00:01:00.000Z') / 1000))
    } finally {
      await limited.stop()
    }
  })

  // The benchmark's 50,000 take ~15 s to build on these machines; the recipe is the same at 5,000.
  it('builds the same seeded ledger every time, with refunds, incognito donors and three currencies', () => {
    const a = generateOpenCollectiveDataset({ transactions: 5_000 })
    const rows = a.transactions.filter((t) => t.accountSlug === 'steward-demo' && (t.kind === 'CONTRIBUTION' || t.kind === 'ADDED_FUNDS'))
    expect(rows).toHaveLength(5_000)
    expect(rows.filter((t) => t.isRefund).length).toBeGreaterThan(50)
    expect(rows.filter((t) => t.orderId && a.orders.get(t.orderId)?.frequency === 'MONTHLY').length).toBeGreaterThan(1000)
    expect([...a.accounts.values()].some((x) => x.isIncognito)).toBe(true)
    expect(new Set(a.transactions.map((t) => t.currency))).toEqual(new Set(['USD', 'EUR', 'JPY']))
    const b = generateOpenCollectiveDataset({ transactions: 5_000 })
    expect(b.transactions.at(-3)).toEqual(a.transactions.at(-3))
  })
})
