import { and, eq, isNull, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, donations, donorIdentities, donors, importBatches } from '#db/schema/index.ts'
import { updateOrganisationSettings, getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { donationFixture, importDonationFixtures } from '#tests/factories/fundraising.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { ImportFileError } from '#app/integrations/donation-imports/index.ts'
import {
  confirmImport,
  confirmUpload,
  getDonationImportPage,
  getImportMapping,
  previewImport,
  revertImport,
  saveImportMapping,
  uploadDonationFile,
} from './imports.server.ts'
import { exportDonationsCsv } from './donation-export.server.ts'
import { createManualDonation, listDonations, voidDonation } from './donations.server.ts'
import { mergeDonors, updateDonor } from './donors.server.ts'
import { setExchangeRate } from './exchange-rates.server.ts'
import { summariseFundraisingYear } from './overview.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

const expected = JSON.parse(Buffer.from(donationFixture('expected-totals.json')).toString('utf8')) as Record<
  string,
  { gross: number; fees: number; net: number; donations: number; donors: number }
>
const oc = () => donationFixture('opencollective-transactions.csv')

describe('import flow', () => {
  test('preview writes nothing; confirm writes all; re-importing adds nothing twice', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const preview = await previewImport({ bytes: oc(), fileName: 'oc.csv' })
    expect(preview).toMatchObject({ format: 'opencollective', rows: 24, duplicates: [], errors: [], sameFile: null })
    expect(preview.toAdd).toHaveLength(12)
    expect(preview.skipped).toHaveLength(12)
    expect(await db.select().from(donations)).toHaveLength(0)

    const first = await confirmImport({ bytes: oc(), fileName: 'oc.csv', actorId: lead.id })
    expect(first).toMatchObject({ rows: 24, inserted: 12, duplicates: 0, skipped: 12, errors: 0 })
    const again = await previewImport({ bytes: oc(), fileName: 'oc.csv' })
    expect(again.toAdd).toHaveLength(0)
    expect(again.duplicates).toHaveLength(12)
    expect(again.sameFile?.id).toBe(first.batchId)
    const second = await confirmImport({ bytes: oc(), fileName: 'oc.csv', actorId: lead.id })
    expect(second).toMatchObject({ inserted: 0, duplicates: 12 })
    expect(await db.select().from(donations)).toHaveLength(12)

    // An overlapping file: the first half again plus nothing new.
    const lines = Buffer.from(oc()).toString('utf8').split('\n')
    const overlap = await confirmImport({ bytes: Buffer.from(lines.slice(0, 9).join('\n')), fileName: 'part.csv', actorId: lead.id })
    expect(overlap).toMatchObject({ inserted: 0, duplicates: 4 })

    const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, first.batchId))
    expect(batch).toMatchObject({
      fileName: 'oc.csv',
      format: 'opencollective',
      rows: 24,
      inserted: 12,
      duplicates: 0,
      skipped: 12,
      importedById: lead.id,
    })
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/)
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'import_batch'))
    expect(audits).toHaveLength(3)
  })

  test('a file with rows in error is refused whole', async () => {
    const bad = Buffer.from(
      Buffer.from(oc()).toString('utf8').replace('"2025-09-28T05:37:56","cd447e35"', '"2025-13-28T05:37:56","cd447e35"'),
    )
    const preview = await previewImport({ bytes: bad, fileName: 'bad.csv' })
    expect(preview.errors).toEqual([{ line: 12, reason: expect.stringMatching(/not a valid date/) }])
    await expect(confirmImport({ bytes: bad, fileName: 'bad.csv', actorId: null })).rejects.toThrow(/line 12.*nothing was imported/)
    await expect(confirmImport({ bytes: new Uint8Array(), fileName: 'empty.csv', actorId: null })).rejects.toThrow(ImportFileError)
    expect(await db.select().from(donations)).toHaveLength(0)
    expect(await db.select().from(importBatches)).toHaveLength(0)
  })

  test('reverting voids the batch, keeps the rows, and a later re-import brings them back', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const { batchId } = await confirmImport({ bytes: oc(), fileName: 'oc.csv', actorId: lead.id })
    expect(await revertImport({ batchId, actorId: lead.id })).toEqual({ voided: 12, refundsUnmarked: 0, historyRemoved: 0, rewound: false })
    await expect(revertImport({ batchId, actorId: lead.id })).rejects.toThrow(/already reverted/)
    expect(await db.select().from(donations)).toHaveLength(12)
    expect(await db.select().from(donations).where(isNull(donations.voidedAt))).toHaveLength(0)
    const again = await confirmImport({ bytes: oc(), fileName: 'oc.csv', actorId: lead.id })
    expect(again.inserted).toBe(12)
    expect(
      await db
        .select()
        .from(donations)
        .where(and(isNull(donations.voidedAt), eq(donations.importBatchId, again.batchId))),
    ).toHaveLength(12)
  })

  test('a 10,000-row file goes in as a bulk load: whole, once, with its 5,000 donors, and reverts whole', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    // A Stripe export: charge i of 5, 10, 25, 50 or 100 USD (i mod 5), from customer i × 7919 mod 5,000
    // (7919 is prime to 5,000, so every one of the 5,000 customers appears, twice each).
    const lines = ['id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email,Customer ID,Customer Name,Description']
    for (let i = 0; i < 10_000; i++) {
      const customer = (i * 7919) % 5000
      const amount = [5, 10, 25, 50, 100][i % 5]
      lines.push(
        `ch_bulk_${i},2026-03-01 12:00:00,${amount}.00,0.00,usd,0.30,Paid,c${customer}@example.org,cus_${customer},Customer ${customer},Donation`,
      )
    }
    const file = { bytes: Buffer.from(lines.join('\n') + '\n'), fileName: 'bulk.csv' }
    const first = await confirmImport({ ...file, actorId: lead.id })
    expect(first).toMatchObject({ rows: 10_000, inserted: 10_000, duplicates: 0 })
    // 2,000 rounds of 5 + 10 + 25 + 50 + 100 = 190 USD: 380,000 USD = 38,000,000 cents; 5,000 donors.
    const totals = async () =>
      (
        await db
          .select({
            n: sql<number>`count(*)::int`,
            cents: sql<number>`coalesce(sum(${donations.amount}), 0)::bigint::int`,
            donors: sql<number>`count(distinct ${donations.donorId})::int`,
          })
          .from(donations)
          .where(isNull(donations.voidedAt))
      )[0]
    expect(await totals()).toEqual({ n: 10_000, cents: 38_000_000, donors: 5_000 })
    expect(await db.$count(donors)).toBe(5_000)
    expect(await confirmImport({ ...file, actorId: lead.id })).toMatchObject({ inserted: 0, duplicates: 10_000 })
    expect(await revertImport({ batchId: first.batchId, actorId: lead.id })).toMatchObject({ voided: 10_000 })
    expect(await totals()).toEqual({ n: 0, cents: 0, donors: 0 })
    // Voided, never deleted.
    expect(await db.$count(donations)).toBe(10_000)
  })

  test('a refund in a later export marks the earlier donation refunded; reverting that export takes the mark off', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    await confirmImport({ bytes: oc(), fileName: 'oc.csv', actorId: null })
    const refund = [
      '"datetime","shortId","shortGroup","description","type","kind","isRefund","isRefunded","shortRefundId","displayAmount","amount","paymentProcessorFee","netAmount","balance","currency","accountSlug","accountName","oppositeAccountSlug","oppositeAccountName"',
      '"2026-01-05T10:00:00","aa000001","bb000001","Refund of contribution","DEBIT","CONTRIBUTION","REFUND","","587fd280","-$50.00 USD",-50,0,-50,0,"USD","steward-demo","Steward Demo","donor007","Tam Arden"',
    ].join('\n')
    const outcome = await confirmImport({ bytes: Buffer.from(refund), fileName: 'refund.csv', actorId: null })
    expect(outcome).toMatchObject({ inserted: 0, skipped: 1, refundsMarked: 1 })
    const [row] = await db.select().from(donations).where(eq(donations.externalId, '587fd280'))
    expect(row.refunded).toBe(true)
    expect(await revertImport({ batchId: outcome.batchId, actorId: lead.id })).toEqual({
      voided: 0,
      refundsUnmarked: 1,
      historyRemoved: 0,
      rewound: false,
    })
    const [after] = await db.select().from(donations).where(eq(donations.externalId, '587fd280'))
    expect(after).toMatchObject({ refunded: false, voidedAt: null })
  })
})

const SPONSORS_HEADER =
  'Sponsor Handle,Sponsor Profile Name,Sponsor Public Email,Sponsorship Started On,Is Public?,Is Yearly?,Transaction ID,Tier Name,Tier Monthly Amount,Processed Amount,Is Prorated?,Status,Transaction Date,Metadata,Country,Region,VAT'
const sponsorsCsv = (rows: [handle: string, name: string, email: string, id: string, dollars: number][]) =>
  Buffer.from(
    [
      SPONSORS_HEADER,
      ...rows.map(
        ([handle, name, email, id, dollars]) =>
          `${handle},${name},${email},2025-01-01 00:00:00 +0000,true,false,${id},$${dollars} a month,$${dollars}.00,$${dollars}.00,false,settled,2025-01-05 10:00:00 +0000,,DEU,,`,
      ),
    ].join('\n') + '\n',
  )

describe('donors of a GitHub Sponsors export', () => {
  test('found by their handle (through a merge), by e-mail, or created once however many rows they have', async () => {
    // Before the file: Erin's handle belongs to a donor merged into Frank; Dana gave by hand with dana@example.org.
    const [frank, erin, dana] = await db
      .insert(donors)
      .values([{ name: 'Frank' }, { name: 'Erin' }, { name: 'Dana', email: 'Dana@Example.org' }])
      .returning()
    await db.update(donors).set({ mergedIntoId: frank.id }).where(eq(donors.id, erin.id))
    await db.insert(donorIdentities).values({ donorId: erin.id, source: 'github_sponsors', externalKey: 'erin' })
    const file = sponsorsCsv([
      ['alice', 'Alice', 'alice@example.org', 'ch_1', 10],
      ['alice', 'Alice', 'alice@example.org', 'ch_2', 10],
      ['bob', 'Bob', '', 'ch_3', 5],
      ['carol', 'Carol', 'dana@example.org', 'ch_4', 25],
      ['erin', 'Erin', '', 'ch_5', 1],
    ])
    const outcome = await confirmImport({ bytes: file, fileName: 'sponsors.csv', actorId: null })
    expect(outcome).toMatchObject({ inserted: 5, duplicates: 0 })
    const rows = await db.select().from(donations)
    // 10 + 10 + 5 + 25 + 1 = 51 dollars
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(5100)
    const donorOf = (id: string) => rows.find((r) => r.externalId === id)!.donorId
    expect(donorOf('ch_1')).toBe(donorOf('ch_2'))
    expect(donorOf('ch_4')).toBe(dana.id) // the same address, whatever its case
    expect(donorOf('ch_5')).toBe(frank.id) // Erin's handle, Erin merged into Frank
    // two new donors (Alice, Bob) beside the three there were
    const all = await db.select().from(donors)
    expect(all.map((d) => d.name).sort()).toEqual(['Alice', 'Bob', 'Dana', 'Erin', 'Frank'])
    expect(all.find((d) => d.name === 'Alice')).toMatchObject({ email: 'alice@example.org' })
    const identities = await db.select().from(donorIdentities).where(eq(donorIdentities.source, 'github_sponsors'))
    expect(identities.map((i) => i.externalKey).sort()).toEqual(['alice', 'bob', 'carol', 'erin'])
    expect(identities.find((i) => i.externalKey === 'carol')!.donorId).toBe(dana.id)

    // The same sponsors in a later file: no new donor.
    await confirmImport({
      bytes: sponsorsCsv([
        ['alice', 'Alice', '', 'ch_6', 10],
        ['bob', 'Bob', '', 'ch_7', 5],
      ]),
      fileName: 'later.csv',
      actorId: null,
    })
    expect(await db.select().from(donors)).toHaveLength(5)
  })

  test('a re-imported file is compared again when an import was reverted since: what that revert voided comes back', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const a = sponsorsCsv([
      ['alice', 'Alice', '', 'ch_1', 10],
      ['bob', 'Bob', '', 'ch_2', 5],
    ])
    const f = sponsorsCsv([
      ['alice', 'Alice', '', 'ch_1', 10],
      ['bob', 'Bob', '', 'ch_2', 5],
      ['carol', 'Carol', '', 'ch_3', 25],
      ['alice', 'Alice', '', 'ch_4', 10],
    ])
    const first = await confirmImport({ bytes: a, fileName: 'a.csv', actorId: null })
    expect(await confirmImport({ bytes: f, fileName: 'f.csv', actorId: null })).toMatchObject({ inserted: 2, duplicates: 2 })
    // Re-importing f unchanged: everything is already there.
    const same = await previewImport({ bytes: f, fileName: 'f.csv' })
    expect(same).toMatchObject({ sameFile: expect.objectContaining({ id: expect.any(String) }) })
    expect(same.toAdd).toHaveLength(0)
    expect(same.duplicates).toHaveLength(4)
    expect(await confirmImport({ bytes: f, fileName: 'f.csv', actorId: null })).toMatchObject({ inserted: 0, duplicates: 4 })

    // Reverting a.csv voids ch_1 and ch_2, which f.csv found in the ledger: re-importing f brings them back.
    await revertImport({ batchId: first.batchId, actorId: lead.id })
    const live = async () => (await db.select().from(donations).where(isNull(donations.voidedAt))).reduce((sum, r) => sum + r.amount, 0)
    expect(await live()).toBe(3500) // carol 25 + alice 10
    const preview = await previewImport({ bytes: f, fileName: 'f.csv' })
    expect(preview.toAdd.map((d) => d.externalId).sort()).toEqual(['ch_1', 'ch_2'])
    expect(await confirmImport({ bytes: f, fileName: 'f.csv', actorId: null })).toMatchObject({ inserted: 2, duplicates: 2 })
    expect(await live()).toBe(5000) // 10 + 5 + 25 + 10
    expect(await db.select().from(donations)).toHaveLength(4)
  })
})

test('a generic CSV mapping is saved for reuse and imports a NumFOCUS statement idempotently', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  await saveImportMapping({
    name: 'NumFOCUS statement',
    mapping: {
      source: 'numfocus',
      date: 'Date',
      dateFormat: 'MM/dd/yyyy',
      amount: 'Amount',
      currency: 'USD',
      donorName: 'Donor',
      fees: 'Admin fee',
    },
    actorId: lead.id,
  })
  const saved = await getImportMapping('NumFOCUS statement')
  expect(saved?.mapping).toMatchObject({ source: 'numfocus', dateFormat: 'MM/dd/yyyy' })
  const statement = Buffer.from('Date,Donor,Amount,Admin fee\n03/15/2025,Acme Corp,"5,000.00",500.00\n03/20/2025,Anonymous,100.00,10.00\n')
  const first = await confirmImport({
    bytes: statement,
    fileName: 'numfocus-2025-03.csv',
    format: 'generic',
    mapping: saved!.mapping,
    actorId: lead.id,
  })
  expect(first).toMatchObject({ inserted: 2, duplicates: 0 })
  const again = await confirmImport({
    bytes: statement,
    fileName: 'numfocus-2025-03.csv',
    format: 'generic',
    mapping: saved!.mapping,
    actorId: lead.id,
  })
  expect(again).toMatchObject({ inserted: 0, duplicates: 2 })
  const rows = await db.select().from(donations).where(eq(donations.source, 'numfocus'))
  expect(rows.map((r) => [r.amount, r.fees, r.net]).sort()).toEqual([
    [10000, 1000, 9000],
    [500000, 50000, 450000],
  ])
})

describe('the web page: upload, preview, confirm', () => {
  const statement = 'Date,Donor,Amount\n15/03/2025,Acme Corp,"5.000,00"\n20/03/2025,Anonymous,"100,00"\n'
  const file = (text: string, name = 'statement.csv') => new File([text], name, { type: 'text/csv' })

  test('a described mapping is saved under its name; only the uploader sees the preview; confirming imports once', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const other = await insertUser({ roles: ['fundraising'] })
    const uploadId = await uploadDonationFile({
      file: file(statement),
      format: 'generic',
      mapping: { source: 'numfocus', date: 'Date', dateFormat: 'dd/MM/yyyy', amount: 'Amount', currency: 'usd', decimalComma: true },
      mappingName: 'Fiscal host',
      actorId: lead.id,
    })
    expect((await getImportMapping('Fiscal host'))?.mapping).toMatchObject({ currency: 'USD', decimalComma: true })

    const page = await getDonationImportPage({ actorId: lead.id, uploadId, importedId: null })
    expect(page?.preview).toMatchObject({ fileName: 'statement.csv', format: 'generic', source: 'numfocus', rows: 2, toAddCount: 2 })
    expect(page?.preview?.totals).toEqual([{ currency: 'USD', gross: 510_000, fees: 0, net: 510_000, count: 2, grossUnknown: 0 }])
    expect(page?.mappings.map((m) => m.name)).toEqual(['Fiscal host'])
    expect(await getDonationImportPage({ actorId: other.id, uploadId, importedId: null })).toBeNull()

    const outcome = await confirmUpload({ uploadId, actorId: lead.id })
    expect(outcome).toMatchObject({ inserted: 2, duplicates: 0 })
    const after = await getDonationImportPage({ actorId: lead.id, uploadId: null, importedId: outcome.batchId })
    expect(after?.imported).toMatchObject({ id: outcome.batchId, fileName: 'statement.csv', inserted: 2 })
    // the upload is forgotten once confirmed
    await expect(confirmUpload({ uploadId, actorId: lead.id })).rejects.toThrow('This upload has expired: upload the file again.')
    expect(await db.select().from(donations)).toHaveLength(2)
  })

  test('a saved mapping is used by its id; a file the importer cannot read is explained and forgotten', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const saved = await saveImportMapping({
      name: 'NumFOCUS statement',
      mapping: { source: 'numfocus', date: 'Date', dateFormat: 'dd/MM/yyyy', amount: 'Amount', currency: 'USD', decimalComma: true },
      actorId: lead.id,
    })
    const uploadId = await uploadDonationFile({ file: file(statement), format: 'generic', mappingId: saved.id, actorId: lead.id })
    const page = await getDonationImportPage({ actorId: lead.id, uploadId, importedId: null })
    expect(page?.preview?.toAddCount).toBe(2)

    const unreadable = await uploadDonationFile({ file: file('just some words\n', 'notes.txt'), actorId: lead.id })
    const refused = await getDonationImportPage({ actorId: lead.id, uploadId: unreadable, importedId: null })
    expect(refused).toMatchObject({ preview: null, fileError: expect.stringMatching(/^Unknown format/) })
    expect(await getDonationImportPage({ actorId: lead.id, uploadId: unreadable, importedId: null })).toBeNull()
  })
})

describe('donors', () => {
  test('the same handle on one platform is one donor; merging across platforms moves donations', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    await importDonationFixtures(lead.id)
    const identities = await db.select().from(donorIdentities).where(eq(donorIdentities.externalKey, 'donor007'))
    expect(identities.map((i) => i.source).sort()).toEqual(['github_sponsors', 'opencollective'])
    const [a, b] = identities
    expect(a.donorId).not.toBe(b.donorId)
    expect(await mergeDonors({ fromId: b.donorId, intoId: a.donorId, actorId: lead.id })).toEqual({ moved: expect.any(Number) })
    const [merged] = await db.select().from(donors).where(eq(donors.id, b.donorId))
    expect(merged.mergedIntoId).toBe(a.donorId)
    expect(await db.select().from(donations).where(eq(donations.donorId, b.donorId))).toHaveLength(0)
    // a later import of the merged identity lands on the surviving donor
    await confirmImport({
      bytes: Buffer.from(
        'Sponsor Handle,Sponsor Profile Name,Transaction ID,Tier Name,Processed Amount,Status,Transaction Date\ndonor007,Tam Arden,ch_new,$5 a month,$5.00,settled,2026-01-02 10:00:00 +0000\n',
      ),
      fileName: 'gh.csv',
      actorId: lead.id,
    })
    const [fresh] = await db.select().from(donations).where(eq(donations.externalId, 'ch_new'))
    expect(fresh.donorId).toBe(a.donorId)
    await updateDonor({ donorId: a.donorId, kind: 'person', name: 'Tam Arden', consentToPublicThanks: true, actorId: lead.id })
    const [kept] = await db.select().from(donors).where(eq(donors.id, a.donorId))
    expect(kept.consentToPublicThanks).toBe(true)
    expect((await db.select().from(auditEvents).where(eq(auditEvents.entity, 'donor'))).map((e) => e.action).sort()).toEqual([
      'merge',
      'update',
    ])
  })

  test('manual entry matches donors by e-mail; a correction voids, never deletes; the export neutralises formulas', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    await importDonationFixtures(lead.id)
    const manual = await createManualDonation({
      receivedOn: '2025-05-01',
      amount: '120.00',
      fees: '0',
      currency: 'EUR',
      source: 'manual',
      donorName: '=HYPERLINK("x")',
      donorEmail: 'donor004@example.org',
      actorId: lead.id,
    })
    const [paypalDonor] = await db.select().from(donations).where(eq(donations.externalId, '744B63E0EF'))
    expect(manual.donorId).toBe(paypalDonor.donorId)
    await createManualDonation({
      receivedOn: '2025-05-02',
      amount: '10',
      currency: 'USD',
      source: 'manual',
      donorName: '@SUM(A1)',
      actorId: lead.id,
    })
    await voidDonation({ donationId: manual.id, reason: 'entered twice', actorId: lead.id })
    const listed = await listDonations({ includeVoided: true, source: 'manual' })
    expect(listed.total).toBe(2)
    const csv = await exportDonationsCsv({ source: 'manual' })
    expect(csv).toContain(`"'@SUM(A1)"`)
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2)
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m)
  })
})

describe('money views', () => {
  test('the quarter summary reproduces expected-totals.json (UTC quarters, USD)', async () => {
    await importDonationFixtures(null)
    const settings = await getOrganisationSettings()
    expect(settings.reportingCurrency).toBe('USD')
    for (const quarter of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] as const) {
      const { start, end } = quarterPeriod(quarter, 'UTC')
      const section = await summariseFundraisingQuarter({ quarter, start, end, timeZone: 'UTC' })
      const want = Object.entries(expected).filter(([k]) => k.split('|')[1] === quarter)
      expect(section.bySource).toEqual(
        // every fixture file carries its gross: no donation recorded at net (grossUnknown 0)
        want
          .map(([k, v]) => ({ source: k.split('|')[0], currency: 'USD', ...v, grossUnknown: 0 }))
          .sort((a, b) => a.source.localeCompare(b.source)),
      )
      const sum = (f: 'gross' | 'fees' | 'net' | 'donations') => want.reduce((s, [, v]) => s + v[f], 0)
      expect(section.totals).toMatchObject({ gross: sum('gross'), fees: sum('fees'), net: sum('net'), donations: sum('donations') })
      expect(section.monthly).toHaveLength(3)
      expect(JSON.stringify(section)).not.toMatch(/Tam Arden|donor00|example\.org/)
    }
  })

  test('conversion uses the rate in force on the donation date and says which; missing rates are flagged', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const admin = await insertUser({ roles: ['admin'] })
    await updateOrganisationSettings({ values: { ...(await getOrganisationSettings()), reportingCurrency: 'USD' }, actorId: admin.id })
    await createManualDonation({ receivedOn: '2025-02-10', amount: '100.00', currency: 'EUR', source: 'manual', actorId: lead.id })
    await createManualDonation({ receivedOn: '2025-03-10', amount: '100.00', currency: 'EUR', source: 'manual', actorId: lead.id })
    await createManualDonation({ receivedOn: '2025-03-11', amount: '100.00', currency: 'GBP', source: 'manual', actorId: lead.id })
    await setExchangeRate({ currency: 'EUR', validFrom: '2025-01-01', rate: '1.05', actorId: lead.id })
    await setExchangeRate({ currency: 'EUR', validFrom: '2025-03-01', rate: '1.0850', actorId: lead.id })
    const { start, end } = quarterPeriod('2025-Q1', 'UTC')
    const section = await summariseFundraisingQuarter({ quarter: '2025-Q1', start, end, timeZone: 'UTC' })
    expect(section.totals.gross).toBe(10500 + 10850)
    expect(section.totals.donations).toBe(2)
    expect(section.exchangeRatesUsed).toEqual([
      { currency: 'EUR', validFrom: '2025-01-01', rate: 1.05 },
      { currency: 'EUR', validFrom: '2025-03-01', rate: 1.085 },
    ])
    expect(section.provenance.totals).toMatch(/1 donation without a rate/)
    const overview = await summariseFundraisingYear({ year: 2025, timeZone: 'UTC', reportingCurrency: 'USD', now: new Date('2025-12-31') })
    expect(overview.unconverted).toEqual([{ currency: 'GBP', count: 1 }])
    expect(overview.money.find((m) => m.month === '2025-03')).toMatchObject({ gross: 10850 })
  })

  test('overview: a donor is new in the month of their first live donation ever, and only then', async () => {
    const [ann, ben, cat, dan] = await db
      .insert(donors)
      .values(['Ann', 'Ben', 'Cat', 'Dan'].map((name) => ({ name })))
      .returning()
    let n = 0
    const give = (donorId: string | null, at: string, extra: { voidedAt?: Date; refunded?: boolean } = {}) => ({
      amount: 1000,
      currency: 'USD',
      net: 1000,
      receivedAt: new Date(at),
      receivedOn: at.slice(0, 10),
      source: 'manual' as const,
      externalId: `m${(n += 1)}`,
      donorId,
      ...extra,
    })
    await db.insert(donations).values([
      give(ann.id, '2024-11-05T10:00:00Z'), // Ann gave before 2025: returning all year
      give(ann.id, '2025-03-10T10:00:00Z'),
      give(ben.id, '2025-02-01T00:00:00Z'), // Ben: new in February, returning in May
      give(ben.id, '2025-05-20T10:00:00Z'),
      give(cat.id, '2024-12-31T23:00:00Z', { voidedAt: new Date('2025-01-02') }), // voided: Cat is new in April
      give(cat.id, '2025-04-02T10:00:00Z'),
      give(dan.id, '2024-06-01T10:00:00Z', { refunded: true }), // refunded: Dan is new in May
      give(dan.id, '2025-05-03T10:00:00Z'),
      give(dan.id, '2025-05-04T10:00:00Z'),
      give(null, '2025-05-05T10:00:00Z'), // no donor: no donor counted
    ])
    const overview = await summariseFundraisingYear({ year: 2025, timeZone: 'UTC', reportingCurrency: 'USD', now: new Date('2025-12-31') })
    const month = (m: string) => overview.donorsMonthly.find((x) => x.month === `2025-${m}`)
    expect(month('02')).toMatchObject({ newDonors: 1, returningDonors: 0 }) // Ben
    expect(month('03')).toMatchObject({ newDonors: 0, returningDonors: 1 }) // Ann
    expect(month('04')).toMatchObject({ newDonors: 1, returningDonors: 0 }) // Cat
    expect(month('05')).toMatchObject({ newDonors: 1, returningDonors: 1 }) // Dan new (twice in the month, once counted), Ben returning
    // four donors gave in 2025, three of them for the first time (Ben, Cat, Dan)
    // live donations in 2025: Ann 1 + Ben 2 + Cat 1 + Dan 2 + 1 without a donor = 7 (the voided and the refunded one are in 2024)
    expect(overview.totals).toMatchObject({ donors: 4, newDonors: 3, donations: 7 })
    expect(overview.bySource).toEqual([
      { source: 'manual', currency: 'USD', gross: 7000, fees: 0, net: 7000, donations: 7, donors: 4, grossUnknown: 0 },
    ])
  })

  test('overview: new vs returning, retention, top-5 share', async () => {
    await importDonationFixtures(null)
    const overview = await summariseFundraisingYear({
      year: 2025,
      timeZone: 'UTC',
      reportingCurrency: 'USD',
      now: new Date('2026-06-30T00:00:00Z'),
    })
    const all = Object.values(expected)
    expect(overview.totals.gross).toBe(all.reduce((s, v) => s + v.gross, 0))
    expect(overview.money.at(-1)?.cumulativeGross).toBe(overview.totals.gross)
    const future = await summariseFundraisingYear({
      year: 2025,
      timeZone: 'UTC',
      reportingCurrency: 'USD',
      now: new Date('2025-10-15T00:00:00Z'),
    })
    expect(future.money.map((m) => m.cumulativeGross === null)).toEqual([...Array(10).fill(false), true, true])
    const newTotal = overview.donorsMonthly.reduce((s, m) => s + (m.newDonors as number), 0)
    expect(newTotal).toBe(overview.totals.donors)
    expect(overview.top.share).toBeGreaterThan(0)
    expect(overview.top.share).toBeLessThanOrEqual(1)
    // donors of 2025-H1 (12–24 months before 2026-06-30 means 2024-06-30..2025-06-30) who gave again after
    expect(overview.retention.previous).toBeGreaterThan(0)
    expect(overview.retention.rate).toBeGreaterThan(0)
  })
})
