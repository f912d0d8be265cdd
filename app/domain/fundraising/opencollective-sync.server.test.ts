import { and, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, donations, donors, fundingConnections, importBatches } from '#db/schema/index.ts'
import { OpenCollectiveClient } from '#app/integrations/opencollective/client.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { donationFixture, importDonationFixtures } from '#tests/factories/fundraising.ts'
import { openCollectiveFromFixture } from '#tests/factories/funding.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { FakeOpenCollectiveDataset, type FakeTransaction } from '#tests/fakes/opencollective/dataset.ts'
import { type FakeOpenCollective, startFakeOpenCollective } from '#tests/fakes/opencollective/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import {
  connectFundingAccount,
  listFundingConnections,
  previewFundingConnection,
  syncFunding,
  syncFundingConnection,
  type FundingClients,
} from './connections.server.ts'
import { countDuplicates, describeDuplicates } from './import-duplicates.ts'
import { confirmImport, previewImport, revertImport } from './imports.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

const SLUG = 'pybamm'
let fake: FakeOpenCollective
let clock: ReturnType<typeof fakeClock>

beforeAll(async () => {
  clock = fakeClock()
  fake = await startFakeOpenCollective({ dataset: new FakeOpenCollectiveDataset(), now: clock.now, hangMs: 300 })
  await fetch(fake.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  })
})
afterAll(() => fake.stop())
beforeEach(() => {
  fake.faults.length = 0
  fake.requests.length = 0
  fake.rateLimit = true
  fake.resetRateLimits()
  clock.advance(3_600_000)
})

function use(data: FakeOpenCollectiveDataset) {
  ;(fake as { dataset: unknown }).dataset = data
  fake.invalidate()
}

const clients = (): FundingClients => ({
  opencollective: (token) =>
    new OpenCollectiveClient({ url: fake.url, token, now: clock.now, sleep: clock.sleep, timeoutMs: 2_000, backoffMs: 10 }),
})

/**
 * The collective (amounts in cents, USD):
 *   2025-01-05 Tam   5000  fees 175 + 500       one-time  → refunded 2025-03-01
 *   2025-01-05 Acme 10000  fees 320 + 1000      monthly
 *   2025-01-05 anon  2500  fees 103 + 250       incognito
 *   2025-02-10 Acme 20000  added funds, host fee 2000
 *   2025-03-01 refund of Tam's first
 *   2025-03-01 Tam   1000  fees 59 + 100
 */
function ledger() {
  const data = new FakeOpenCollectiveDataset(11)
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
  data.contribute(SLUG, { at: '2025-02-10T12:00:00.000Z', donor: acme, amount: 20000, hostFee: 2000, kind: 'ADDED_FUNDS' })
  data.refund(first, '2025-03-01T08:00:00.000Z')
  data.contribute(SLUG, { at: '2025-03-01T08:00:00.000Z', donor: tam, amount: 1000, processorFee: 59, hostFee: 100 })
  return data
}

async function ledgerTotals() {
  const rows = await db
    .select()
    .from(donations)
    .where(and(isNull(donations.voidedAt), eq(donations.source, 'opencollective')))
  const live = rows.filter((r) => !r.refunded)
  return {
    rows: rows.length,
    refunded: rows.length - live.length,
    gross: live.reduce((s, r) => s + r.amount, 0),
    fees: live.reduce((s, r) => s + r.fees, 0),
    net: live.reduce((s, r) => s + r.net, 0),
  }
}

describe('connecting an Open Collective collective', () => {
  test('a token is stored encrypted, never listed, audited without its value', async () => {
    process.env.STEWARD_SECRET_KEY ??= Buffer.alloc(32, 7).toString('base64')
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({
      kind: 'opencollective',
      account: 'https://opencollective.com/PyBaMM',
      token: 'oc-secret-token',
      actorId: lead.id,
    })
    expect(connection).toMatchObject({ account: 'pybamm', status: 'pending' })
    expect(JSON.stringify(connection.credential)).not.toContain('oc-secret-token')
    const listed = await listFundingConnections()
    expect(listed).toEqual([expect.objectContaining({ account: 'pybamm', credential: 'token stored encrypted' })])
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'funding_connection'))
    expect(JSON.stringify(audits)).not.toContain('oc-secret-token')
    await expect(connectFundingAccount({ kind: 'opencollective', account: 'pybamm', actorId: lead.id })).rejects.toThrow(
      /already connected/,
    )
    await expect(connectFundingAccount({ kind: 'opencollective', account: 'not a slug!', actorId: lead.id })).rejects.toThrow(/slug/)
    await expect(
      connectFundingAccount({ kind: 'opencollective', account: 'x', tokenEnvVar: 'SESSION_SECRET', actorId: lead.id }),
    ).rejects.toThrow(/Steward's own/)
  })
})

describe('syncing Open Collective', () => {
  test('the preview writes nothing; the first sync waits for it; then gross, fees, net, refunds and incognito donors', async () => {
    use(ledger())
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    const preview = await previewFundingConnection({ connectionId: connection.id, clients: clients() })
    // 5 contributions/added funds, 1 refund transaction, USD only, 2025-01-05 … 2025-03-01
    expect(preview.summary).toBe('5 donations, 1 refund, 1 currency, 2025-01-05 … 2025-03-01; 0 already in the ledger (from an export)')
    expect(await db.select().from(donations)).toHaveLength(0)
    await expect(syncFunding({ actorId: null, clients: clients() })).resolves.toEqual([]) // pending: the job leaves it alone
    await expect(syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })).rejects.toThrow(/preview/)

    const report = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    // Tam's first is refunded before we read it: it arrives marked so (isRefunded), and the refund met on
    // the same page is said as a refund (it marks nothing more: its original came marked), not as skipped.
    expect(report).toMatchObject({
      ok: true,
      error: null,
      summary: { read: 6, inserted: 5, reconciled: 0, refunds: 1, refundsMarked: 0, skipped: 0 },
    })
    // live: Acme 10000 + anon 2500 + Acme 20000 + Tam 1000 = 33500 (Tam's 5000 refunded)
    // fees: (320+1000) + (103+250) + 2000 + (59+100) = 3832; net 33500 − 3832 = 29668
    expect(await ledgerTotals()).toEqual({ rows: 5, refunded: 1, gross: 33500, fees: 3832, net: 29668 })
    const anonymous = await db
      .select()
      .from(donations)
      .where(and(eq(donations.amount, 2500)))
    expect(anonymous[0].donorId).toBeNull()
    expect(anonymous[0].feeDetails).toEqual({ paymentProcessor: 103, host: 250, platform: 0, tax: 0 })
    expect((await db.select().from(donors)).map((d) => d.name).sort()).toEqual(['Acme Batteries', 'Tam Arden'])
    const [batch] = await db.select().from(importBatches)
    expect(batch).toMatchObject({ connectionId: connection.id, rows: 6, inserted: 5, skipped: 1, source: 'opencollective' })
    const [stored] = await db.select().from(fundingConnections)
    expect(stored).toMatchObject({ status: 'active', lastResult: 'ok', lastError: null })

    // An unchanged collective costs one request and writes no batch.
    fake.requests.length = 0
    const again = await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(again.requests).toBe(1)
    expect(fake.requests).toHaveLength(1)
    expect(await db.select().from(importBatches)).toHaveLength(1)

    // Reverting the sync voids its donations (kept), like a file import.
    await revertImport({ batchId: batch.id, actorId: lead.id })
    expect((await ledgerTotals()).rows).toBe(0)
  })

  test('429, 5xx and dropped or hanging connections are waited out; the result is the same', async () => {
    use(ledger())
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: null })
    fake.faults.push('rate-limit', 'http-502', 'drop', 'hang', 'cut-body', 'http-503')
    const report = await syncFundingConnection({
      connectionId: connection.id,
      actorId: null,
      confirm: true,
      clients: clients(),
      pageSize: 2,
    })
    expect(report.ok).toBe(true)
    expect(fake.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual([
      'rate-limit',
      'http-502',
      'drop',
      'hang',
      'cut-body',
      'http-503',
    ])
    expect(await ledgerTotals()).toEqual({ rows: 5, refunded: 1, gross: 33500, fees: 3832, net: 29668 })
  })

  test('a failure is kept on the connection in plain words', async () => {
    use(ledger())
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'nobody-here', actorId: null })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report).toMatchObject({ ok: false, error: 'There is no collective named "nobody-here" on Open Collective.' })
    const [row] = await listFundingConnections()
    expect(row).toMatchObject({ lastResult: 'failed', lastError: report.error })
  })

  test('reverting a sync rewinds the connection: the next sync reads its transactions again, the totals come back exactly', async () => {
    use(ledger())
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    // as in the first test: 33500 gross, 3832 fees, 29668 net, Tam's 5000 refunded
    const full = { rows: 5, refunded: 1, gross: 33500, fees: 3832, net: 29668 }
    expect(await ledgerTotals()).toEqual(full)
    const [batch] = await db.select().from(importBatches)
    expect(batch.cursorBefore).toBeNull()
    const firstRows = await db.select().from(donations).orderBy(donations.receivedAt, donations.amount)

    const reverted = await revertImport({ batchId: batch.id, actorId: lead.id })
    expect(reverted).toMatchObject({ voided: 5, rewound: true })
    expect(await ledgerTotals()).toEqual({ rows: 0, refunded: 0, gross: 0, fees: 0, net: 0 })
    const [rewound] = await db.select().from(fundingConnections)
    expect(rewound.cursor).toBeNull()

    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    // the five voided donations come back with the new batch (revived, not added twice), in one statement
    expect(report).toMatchObject({ ok: true, summary: { read: 6, inserted: 5, refunds: 1, skipped: 0 } })
    expect(await ledgerTotals()).toEqual(full)
    expect(await db.select().from(donations)).toHaveLength(5)
    // each revived row as the first sync wrote it, now in the new batch and live again
    const revived = await db.select().from(donations).orderBy(donations.receivedAt, donations.amount)
    const [newBatch] = await db
      .select()
      .from(importBatches)
      .where(eq(importBatches.id, report.summary.batchId as string))
    expect(newBatch.revertedAt).toBeNull()
    expect(revived.map((d) => [d.id, d.amount, d.fees, d.net, d.refunded, d.donorId, d.feeDetails, d.description])).toEqual(
      firstRows.map((d) => [d.id, d.amount, d.fees, d.net, d.refunded, d.donorId, d.feeDetails, d.description]),
    )
    expect(revived.every((d) => d.importBatchId === newBatch.id && d.voidedAt === null && d.voidReason === null)).toBe(true)
    expect(revived.map((d) => d.receivedAt.toISOString())).toEqual(firstRows.map((d) => d.receivedAt.toISOString()))
    // and an unchanged collective is one request again
    fake.requests.length = 0
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(fake.requests).toHaveLength(1)
    expect(await ledgerTotals()).toEqual(full)
  })

  test('reverting an older sync, then a newer one, leaves the connection at the older start; one sync restores both', async () => {
    use(ledger())
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    // pages of 2: a first run of one page (2 donations), then the rest (3 donations + the refund, skipped)
    await syncFundingConnection({
      connectionId: connection.id,
      actorId: null,
      confirm: true,
      clients: clients(),
      pageSize: 2,
      stopAfterPages: 1,
    })
    clock.advance(60_000)
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients(), pageSize: 2 })
    const batches = await db.select().from(importBatches).orderBy(importBatches.importedAt)
    expect(batches.map((b) => b.inserted)).toEqual([2, 3])
    expect(batches[1].cursorBefore).toMatchObject({ watermark: expect.any(String) })

    await revertImport({ batchId: batches[0].id, actorId: lead.id })
    expect((await db.select().from(fundingConnections))[0].cursor).toBeNull()
    // The newer batch started later than the connection now stands: reverting it keeps the older start.
    const second = await revertImport({ batchId: batches[1].id, actorId: lead.id })
    expect(second.rewound).toBe(false)
    expect((await db.select().from(fundingConnections))[0].cursor).toBeNull()
    expect((await ledgerTotals()).rows).toBe(0)

    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients(), pageSize: 2 })
    expect(await ledgerTotals()).toEqual({ rows: 5, refunded: 1, gross: 33500, fees: 3832, net: 29668 })
  })

  test('killed after a page, the next sync resumes without a gap or a duplicate', async () => {
    use(ledger())
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: null })
    await syncFundingConnection({
      connectionId: connection.id,
      actorId: null,
      confirm: true,
      clients: clients(),
      pageSize: 2,
      stopAfterPages: 1,
    })
    expect((await ledgerTotals()).rows).toBe(2)
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients(), pageSize: 2, stopAfterPages: 1 })
    expect((await ledgerTotals()).rows).toBe(4)
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients(), pageSize: 2 })
    expect(await ledgerTotals()).toEqual({ rows: 5, refunded: 1, gross: 33500, fees: 3832, net: 29668 })
  })
})

describe('a refund read in a later sync than its original', () => {
  test('marks the earlier donation refunded; reverting that sync takes the mark off, the totals come back exactly', async () => {
    const data = new FakeOpenCollectiveDataset(11)
    data.collective(SLUG, { name: 'PyBaMM', currency: 'USD' })
    const tam = data.person('tam-arden', 'Tam Arden', 'tam@example.org')
    const acme = data.organisation('acme', 'Acme Batteries')
    const first = data.contribute(SLUG, { at: '2025-01-05T10:00:00.000Z', donor: tam, amount: 5000, processorFee: 175, hostFee: 500 })
    data.contribute(SLUG, { at: '2025-02-10T12:00:00.000Z', donor: acme, amount: 20000, hostFee: 2000, kind: 'ADDED_FUNDS' })
    use(data)
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    // Tam 5000 (fees 175 + 500 = 675, net 4325) + Acme 20000 (fees 2000, net 18000)
    const before = { rows: 2, refunded: 0, gross: 25000, fees: 2675, net: 22325 }
    expect(await ledgerTotals()).toEqual(before)

    // Tam's first is refunded after the first sync: the next one reads only the refund.
    data.refund(first, '2025-03-01T08:00:00.000Z')
    fake.invalidate()
    clock.advance(60_000)
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, clients: clients() })
    expect(report).toMatchObject({ ok: true, summary: { inserted: 0, refundsMarked: 1 } })
    // only Acme's 20000 counts: fees 2000, net 18000
    const refunded = { rows: 2, refunded: 1, gross: 20000, fees: 2000, net: 18000 }
    expect(await ledgerTotals()).toEqual(refunded)
    const batches = await db.select().from(importBatches).orderBy(importBatches.importedAt)
    expect(batches).toHaveLength(2)
    const [tamsFirst] = await db.select().from(donations).where(eq(donations.amount, 5000))
    // the mark is recorded on the batch that set it, not on the batch that holds the donation
    expect(batches[0].refundMarkedIds).toEqual([])
    expect(batches[1].refundMarkedIds).toEqual([tamsFirst.id])

    const reverted = await revertImport({ batchId: batches[1].id, actorId: lead.id })
    expect(reverted).toMatchObject({ voided: 0, refundsUnmarked: 1, rewound: true })
    expect(await ledgerTotals()).toEqual(before)
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, batches[1].id), eq(auditEvents.action, 'revert')))
    expect(audit.after).toMatchObject({ donationsVoided: 0, refundsUnmarked: 1 })

    // the connection was rewound to where that sync started: the next one reads the refund again
    clock.advance(60_000)
    await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(await ledgerTotals()).toEqual(refunded)
  })
})

describe('the same transaction from a CSV export and from the API is one donation', () => {
  const expected = JSON.parse(Buffer.from(donationFixture('expected-totals.json')).toString('utf8')) as Record<
    string,
    { gross: number; fees: number; net: number; donations: number; donors: number }
  >

  async function checkExpectedTotals() {
    for (const quarter of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] as const) {
      const { start, end } = quarterPeriod(quarter, 'UTC')
      const section = await summariseFundraisingQuarter({ quarter, start, end, timeZone: 'UTC' })
      const want = Object.entries(expected).filter(([k]) => k.split('|')[1] === quarter)
      expect(section.bySource).toEqual(
        // the fixtures and the API carry every gross: no donation recorded at net (grossUnknown 0)
        want
          .map(([k, v]) => ({ source: k.split('|')[0], currency: 'USD', ...v, grossUnknown: 0 }))
          .sort((a, b) => a.source.localeCompare(b.source)),
      )
    }
  }

  test('CSV first, then the API: the preview counts the reconciled, the sync adds nothing, totals stay exact', async () => {
    use(openCollectiveFromFixture())
    await importDonationFixtures(null)
    await checkExpectedTotals()
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    const preview = await previewFundingConnection({ connectionId: connection.id, clients: clients() })
    expect(preview).toMatchObject({ donations: 12, reconciled: 12 })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report.summary).toMatchObject({ inserted: 0, reconciled: 12 })
    await checkExpectedTotals()
    // and the CSV again: still nothing twice
    const again = await confirmImport({ bytes: donationFixture('opencollective-transactions.csv'), fileName: 'oc.csv', actorId: null })
    expect(again).toMatchObject({ inserted: 0, duplicates: 12 })
    await checkExpectedTotals()
  })

  test('the API first, then the CSV: the file finds every transaction under its short id', async () => {
    use(openCollectiveFromFixture())
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report.summary).toMatchObject({ inserted: 12, reconciled: 0 })
    await importDonationFixtures(null)
    expect((await ledgerTotals()).rows).toBe(12)
    await checkExpectedTotals()
    const resync = await syncFundingConnection({ connectionId: connection.id, actorId: null, clients: clients() })
    expect(resync.requests).toBe(1)
    await checkExpectedTotals()
  })

  test('the API first, then the CSV without shared ids: the file meets the synced donations on day, amount, currency and donor', async () => {
    const data = openCollectiveFromFixture()
    // ids the export does not share (another uuid prefix, so another short id)
    for (const t of data.transactions) t.id = `ffff${t.id.slice(4)}`
    use(data)
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report.summary).toMatchObject({ inserted: 12, reconciled: 0 })
    const synced = await ledgerTotals()
    expect(synced.rows).toBe(12)

    // the preview counts all 12 of the file's contributions as already in the ledger, none to add
    const bytes = donationFixture('opencollective-transactions.csv')
    const preview = await previewImport({ bytes, fileName: 'oc.csv' })
    expect(preview.toAdd).toHaveLength(0)
    expect(preview.duplicates).toHaveLength(12)
    expect(preview.duplicates.every((d) => d.why.includes('same day, amount, currency and donor'))).toBe(true)

    await importDonationFixtures(null)
    // no duplicate: the same 12 donations, the same money
    expect(await ledgerTotals()).toEqual(synced)
    await checkExpectedTotals()
    // the file's ids now name the synced donations: a re-import finds them by id
    const again = await confirmImport({ bytes, fileName: 'oc-again.csv', actorId: null })
    expect(again).toMatchObject({ inserted: 0, duplicates: 12 })
    expect(await ledgerTotals()).toEqual(synced)
  })

  test('the API first, then the CSV, some ids shared: the preview says how each row was matched, with counts', async () => {
    const data = openCollectiveFromFixture()
    // three contributions the export knows under ids the API does not share; the other nine keep theirs
    const contributions = data.transactions.filter((t) => t.kind === 'CONTRIBUTION' && t.type === 'CREDIT')
    expect(contributions).toHaveLength(12)
    for (const t of contributions.slice(0, 3)) t.id = `ffff${t.id.slice(4)}`
    use(data)
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })

    const preview = await previewImport({ bytes: donationFixture('opencollective-transactions.csv'), fileName: 'oc.csv' })
    expect(preview.toAdd).toHaveLength(0)
    // 12 contributions = 9 under their short id + 3 met on the details
    const counts = countDuplicates(preview.duplicates)
    expect(counts).toEqual({ id: 9, details: 3, file: 0 })
    expect(describeDuplicates(counts)).toBe('9 already imported (same transaction id) · 3 matched on date, amount, currency and donor')
  })

  test('the API first, then the CSV: a short id whose amount differs is another transaction', async () => {
    const data = openCollectiveFromFixture()
    // one contribution the API reports at another amount than the export (its short id still shared)
    const changed = data.transactions.find((t) => t.kind === 'CONTRIBUTION' && t.type === 'CREDIT')!
    changed.amount += 1
    changed.amountInHostCurrency += 1
    changed.netAmountInCollectiveCurrency += 1
    use(data)
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    const bytes = donationFixture('opencollective-transactions.csv')
    const preview = await previewImport({ bytes, fileName: 'oc.csv' })
    // 11 found under their short id; the changed one matches neither by id (money) nor by the details (amount)
    expect(preview.duplicates).toHaveLength(11)
    expect(preview.toAdd.map((d) => d.externalId)).toEqual([changed.id.slice(0, 8)])
  })

  test('without shared ids, day, amount, currency and donor match', async () => {
    const data = openCollectiveFromFixture()
    // ids the export does not share (another uuid prefix, other legacy ids)
    for (const t of data.transactions) t.id = `ffff${t.id.slice(4)}`
    use(data)
    await importDonationFixtures(null)
    const connection = await connectFundingAccount({ kind: 'opencollective', account: 'steward-demo', actorId: null })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: null, confirm: true, clients: clients() })
    expect(report.summary).toMatchObject({ inserted: 0, reconciled: 12 })
    await checkExpectedTotals()
  })
})

describe('a contribution refunded between a CSV export and the API', () => {
  /**
   * Open Collective's labelled export (2024+ "Platform Default" labels, with "Gross Amount" and the
   * fee columns) of the collective's CONTRIBUTION rows: "Transaction ID" is the API's legacyId.
   */
  function exportCsv(rows: FakeTransaction[], data: FakeOpenCollectiveDataset) {
    const header = [
      'Effective Date & Time',
      'Transaction ID',
      'Group ID',
      'Credit/Debit',
      'Kind',
      'Is Refund',
      'Is Refunded',
      'Refund Transaction ID',
      'Gross Amount',
      'Payment Processor Fee',
      'Host Fee',
      'Amount Single Column',
      'Currency',
      'Opposite Account Handle',
      'Opposite Account Name',
      'Description',
    ]
    const dollars = (cents: number) => (cents / 100).toFixed(2)
    const hostFee = (t: FakeTransaction) =>
      data.transactions.find((f) => f.group === t.group && f.kind === 'HOST_FEE')?.amountInHostCurrency ?? 0
    const lines = rows.map((t) => {
      const fee = t.isRefund ? 0 : hostFee(t)
      const donor = data.accounts.get(t.oppositeSlug)!
      return [
        t.createdAt.replace('.000Z', ''),
        t.legacyId,
        t.group,
        t.type,
        t.kind,
        t.isRefund ? 'true' : 'false',
        !t.isRefund && t.refundTransactionId ? 'true' : 'false',
        t.refundTransactionId ?? '',
        dollars(t.amount),
        dollars(t.paymentProcessorFeeInHostCurrency),
        dollars(fee),
        dollars(t.amount + t.paymentProcessorFeeInHostCurrency + fee),
        t.currency,
        donor.slug,
        donor.name,
        t.description,
      ]
        .map((v) => `"${String(v).replaceAll('"', '""')}"`)
        .join(',')
    })
    return Buffer.from([header.map((h) => `"${h}"`).join(','), ...lines].join('\n'))
  }

  /** Tam 50.00 (fees 1.75 + 5.00) and Acme 100.00 (fees 3.20 + 10.00), both on 2025-01-05. */
  function twoContributions() {
    const data = new FakeOpenCollectiveDataset(23)
    data.collective(SLUG, { name: 'PyBaMM', currency: 'USD' })
    const tam = data.person('tam-arden', 'Tam Arden')
    const acme = data.organisation('acme', 'Acme Batteries')
    const tams = data.contribute(SLUG, { at: '2025-01-05T10:00:00.000Z', donor: tam, amount: 5000, processorFee: 175, hostFee: 500 })
    const acmes = data.contribute(SLUG, { at: '2025-01-05T11:00:00.000Z', donor: acme, amount: 10000, processorFee: 320, hostFee: 1000 })
    return { data, tams, acmes }
  }
  // both counted: gross 5000 + 10000; fees 675 + 1320; net 4325 + 8680
  const both = { rows: 2, refunded: 0, gross: 15000, fees: 1995, net: 13005 }
  // Tam's refunded, only Acme's counts
  const acmeOnly = { rows: 2, refunded: 1, gross: 10000, fees: 1320, net: 8680 }

  test('CSV first, then a sync that brings the refund: one donation, marked refunded; reverting the sync takes the mark off, the CSV donation stays', async () => {
    const { data, tams, acmes } = twoContributions()
    const lead = await insertUser({ roles: ['fundraising'] })
    // exported before the refund
    const imported = await confirmImport({ bytes: exportCsv([tams, acmes], data), fileName: 'oc-january.csv', actorId: lead.id })
    expect(imported).toMatchObject({ inserted: 2, duplicates: 0, refundsMarked: 0 })
    expect(await ledgerTotals()).toEqual(both)

    data.refund(tams, '2025-02-01T09:00:00.000Z')
    use(data)
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    // read: Tam's (refunded), Acme's, the refund; both contributions found under their legacy ids
    expect(report.summary).toMatchObject({ read: 3, inserted: 0, reconciled: 2, refundsMarked: 1 })
    expect(await ledgerTotals()).toEqual(acmeOnly)
    const [tamsRow] = await db.select().from(donations).where(eq(donations.amount, 5000))
    expect(tamsRow).toMatchObject({ externalId: String(tams.legacyId), refunded: true, voidedAt: null })
    const [sync] = await db.select().from(importBatches).where(eq(importBatches.connectionId, connection.id))
    expect(sync.refundMarkedIds).toEqual([tamsRow.id])

    expect(await revertImport({ batchId: sync.id, actorId: lead.id })).toMatchObject({ voided: 0, refundsUnmarked: 1 })
    expect(await ledgerTotals()).toEqual(both)
    const [after] = await db.select().from(donations).where(eq(donations.id, tamsRow.id))
    expect(after).toMatchObject({ refunded: false, voidedAt: null, importBatchId: imported.batchId })

    // the sync again (rewound by the revert): the mark comes back, still one donation
    await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, clients: clients() })
    expect(await ledgerTotals()).toEqual(acmeOnly)
  })

  test('the API first, then a CSV that carries the refund: one donation, marked refunded; reverting the file takes the mark off, the synced donation stays', async () => {
    const { data, tams, acmes } = twoContributions()
    use(data)
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    const report = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    expect(report.summary).toMatchObject({ inserted: 2, refundsMarked: 0 })
    expect(await ledgerTotals()).toEqual(both)

    const refund = data.refund(tams, '2025-02-01T09:00:00.000Z')
    fake.invalidate()
    // exported after the refund: Tam's row says refunded, and the refund's own row names it
    const imported = await confirmImport({ bytes: exportCsv([tams, acmes, refund], data), fileName: 'oc-q1.csv', actorId: lead.id })
    expect(imported).toMatchObject({ inserted: 0, duplicates: 2, refundsMarked: 1 })
    expect(await ledgerTotals()).toEqual(acmeOnly)
    const [tamsRow] = await db.select().from(donations).where(eq(donations.amount, 5000))
    expect(tamsRow).toMatchObject({ externalId: tams.id, refunded: true })

    expect(await revertImport({ batchId: imported.batchId, actorId: lead.id })).toMatchObject({ voided: 0, refundsUnmarked: 1 })
    expect(await ledgerTotals()).toEqual(both)

    // the next sync reads the refund itself: marked again, once
    clock.advance(60_000)
    const next = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, clients: clients() })
    expect(next.summary).toMatchObject({ inserted: 0, refundsMarked: 1 })
    expect(await ledgerTotals()).toEqual(acmeOnly)
  })
})

describe('Open Collective kinds that are neither a donation nor its fee', () => {
  test("a host's cover of a refund's processor fee and a lost dispute's fee change no total, asked for or not", async () => {
    const data = new FakeOpenCollectiveDataset(31)
    data.collective(SLUG, { name: 'PyBaMM', currency: 'USD' })
    const donor = (slug: string, name: string) => data.person(slug, name)
    const fees = (processorFee: number, hostFee: number) => ({ processorFee, hostFee, separateProcessorFee: true })
    const tam = data.contribute(SLUG, { at: '2025-01-05T10:00:00.000Z', donor: donor('tam', 'Tam'), amount: 5000, ...fees(175, 500) })
    data.contribute(SLUG, { at: '2025-01-06T10:00:00.000Z', donor: donor('bob', 'Bob'), amount: 10000, ...fees(320, 1000) })
    const carol = data.contribute(SLUG, { at: '2025-01-07T10:00:00.000Z', donor: donor('carol', 'Carol'), amount: 2000, ...fees(88, 200) })
    // Tam's refunded, the host covering the 1.75 the processor kept; Carol's disputed and lost, 15.00 dispute fee
    data.refund(tam, '2025-02-01T09:00:00.000Z', 'REFUND', { coverProcessorFee: true })
    data.refund(carol, '2025-02-02T09:00:00.000Z', 'DISPUTE')
    data.disputeFee(carol, '2025-02-02T09:00:00.000Z', 1500)
    expect(data.transactions.filter((t) => t.kind === 'PAYMENT_PROCESSOR_COVER').map((t) => [t.type, t.amount, t.isRefund])).toEqual([
      ['CREDIT', 175, true],
    ])
    use(data)
    const lead = await insertUser({ roles: ['fundraising'] })
    const connection = await connectFundingAccount({ kind: 'opencollective', account: SLUG, actorId: lead.id })
    // three donations, two refunded: only Bob's counts — gross 100.00, fees 3.20 + 10.00, net 86.80
    const expected = { rows: 3, refunded: 2, gross: 10000, fees: 1320, net: 8680 }

    // As published: the query asks for CONTRIBUTION and ADDED_FUNDS, the answer holds those only:
    // the three contributions and the two refunds (met on the page with their originals).
    const first = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, confirm: true, clients: clients() })
    expect(first.summary).toMatchObject({ read: 5, inserted: 3, refunds: 2, skipped: 0 })
    expect(await ledgerTotals()).toEqual(expected)

    // A mirror that ignores the filter sends every row of the ledger besides: 3 host fees, 3
    // processor fees, 2 host fees given back, the cover and the dispute fee — 10 rows, all skipped.
    const [batch] = await db.select().from(importBatches).where(eq(importBatches.connectionId, connection.id))
    await revertImport({ batchId: batch.id, actorId: lead.id })
    expect((await ledgerTotals()).rows).toBe(0)
    fake.kindFilter = false
    try {
      clock.advance(60_000)
      const again = await syncFundingConnection({ connectionId: connection.id, actorId: lead.id, clients: clients() })
      expect(again).toMatchObject({ ok: true, summary: { read: 5 + 10, inserted: 3, refunds: 2, skipped: 10 } })
      expect(await ledgerTotals()).toEqual(expected)
    } finally {
      fake.kindFilter = true
    }
  })
})
