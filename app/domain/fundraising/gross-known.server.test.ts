// A net-only Open Collective export (no "Gross Amount", no fee columns): the rows without a
// separate processor fee row keep their net as amount, stored as gross unknown, and every gross
// total says how many such donations it includes (issue 15).
import { asc, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { donations } from '#db/schema/index.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { createManualDonation, voidDonation } from './donations.server.ts'
import { confirmImport, previewImport } from './imports.server.ts'
import { summariseFundraisingYear } from './overview.server.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

const HEAD = [
  'Effective Date & Time',
  'Transaction ID',
  'Description',
  'Credit/Debit',
  'Kind',
  'Group ID',
  'Currency',
  'Opposite Account Handle',
  'Opposite Account Name',
  'Amount Single Column',
]
/**
 * 2001 Ann  48.25 on 5 March, a host fee row of 5.00, no processor fee row: gross unknown
 * 2003 Bob 100.00 on 10 April with a processor fee row of 3.20: gross known (100.00)
 * 2005 Cat  20.00 on 20 April, no fee rows at all: gross unknown
 */
const NET_ONLY = [
  HEAD.map((h) => `"${h}"`).join(','),
  '"2025-03-05T10:00:00Z","2001","Contribution from Ann","CREDIT","CONTRIBUTION","g1","USD","ann","Ann","48.25"',
  '"2025-03-05T10:00:00Z","2002","Host fee","DEBIT","HOST_FEE","g1","USD","host","Host","-5.00"',
  '"2025-04-10T10:00:00Z","2003","Contribution from Bob","CREDIT","CONTRIBUTION","g2","USD","bob","Bob","100.00"',
  '"2025-04-10T10:00:00Z","2004","Processor fee","DEBIT","PAYMENT_PROCESSOR_FEE","g2","USD","stripe","Stripe","-3.20"',
  '"2025-04-20T10:00:00Z","2005","Contribution from Cat","CREDIT","CONTRIBUTION","g3","USD","cat","Cat","20.00"',
].join('\r\n')
const file = () => ({ bytes: new TextEncoder().encode(NET_ONLY), fileName: 'oc-net-only.csv' })

test('a net-only Open Collective file stores gross unknown, and every gross total counts those donations', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })

  const preview = await previewImport(file())
  expect(preview.errors).toEqual([])
  expect(preview.toAdd.map((d) => [d.externalId, d.amount, d.fees, d.net, d.grossKnown !== false])).toEqual([
    // recorded at the file's 48.25, fees the host fee row's 5.00, net 43.25
    ['2001', 4825, 500, 4325, false],
    // 100.00 + 0 own fees; fees the separate processor fee row 3.20; net 96.80
    ['2003', 10000, 320, 9680, true],
    ['2005', 2000, 0, 2000, false],
  ])
  // gross 48.25 + 100.00 + 20.00 = 168.25; fees 5.00 + 3.20 = 8.20; net 168.25 − 8.20 = 160.05; 2 of 3 at net
  expect(preview.totals).toEqual([{ currency: 'USD', gross: 16825, fees: 820, net: 16005, count: 3, grossUnknown: 2 }])

  await confirmImport({ ...file(), actorId: lead.id })
  const stored = await db
    .select({ externalId: donations.externalId, amount: donations.amount, grossKnown: donations.grossKnown })
    .from(donations)
    .orderBy(asc(donations.externalId))
  expect(stored).toEqual([
    { externalId: '2001', amount: 4825, grossKnown: false },
    { externalId: '2003', amount: 10000, grossKnown: true },
    { externalId: '2005', amount: 2000, grossKnown: false },
  ])
  // a donation typed in by hand has its gross
  await createManualDonation({ receivedOn: '2025-05-01', amount: '10.00', currency: 'USD', source: 'manual', actorId: lead.id })

  const year = () =>
    summariseFundraisingYear({ year: 2025, timeZone: 'UTC', reportingCurrency: 'USD', now: new Date('2025-12-31T00:00:00Z') })
  const o = await year()
  // gross 168.25 + 10.00 = 178.25 from 4 donations, of which 2 recorded at net
  expect(o.totals).toMatchObject({ gross: 17825, donations: 4, grossUnknown: 2 })
  expect(o.bySource.map((r) => [r.source, r.gross, r.donations, r.grossUnknown])).toEqual([
    ['manual', 1000, 1, 0],
    ['opencollective', 16825, 3, 2],
  ])

  // Q2 (April–June): Bob 100.00 + Cat 20.00 + the manual 10.00 = 130.00; only Cat's at net
  const { start, end } = quarterPeriod('2025-Q2', 'UTC')
  const q2 = await summariseFundraisingQuarter({ quarter: '2025-Q2', start, end, timeZone: 'UTC' })
  expect(q2.totals).toMatchObject({ gross: 13000, donations: 3 })
  expect(q2.grossUnknown).toBe(1)
  expect(q2.provenance.totals).toContain('Gross includes 1 donation recorded at net (gross unknown')

  // voiding Cat's leaves Ann's the only one at net: the stored year summary is not served stale
  const [cat] = await db.select({ id: donations.id }).from(donations).where(eq(donations.externalId, '2005'))
  await voidDonation({ donationId: cat.id, reason: 'test', actorId: lead.id })
  expect((await year()).totals).toMatchObject({ gross: 15825, donations: 3, grossUnknown: 1 })
})
