// The donations list as a spreadsheet file: the same filters as the page, every row, donor names
// included (fundraising and admin only).
import { asc, eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { donations, donors } from '#db/schema/index.ts'
import { currencyExponent } from '#app/utils/money.ts'
import { toCsv } from './csv-export.ts'
import { donationColumns, donationsWhere } from './donations.server.ts'
import type { DonationFilters } from './schemas.ts'

/** The filtered donations as CSV (formula-looking cells neutralised). Fundraising and admin only. */
export async function exportDonationsCsv(filters: DonationFilters) {
  const rows = await db
    .select(donationColumns)
    .from(donations)
    .leftJoin(donors, eq(donors.id, donations.donorId))
    .where(donationsWhere(filters))
    .orderBy(asc(donations.receivedAt))
  const major = (amount: number, currency: string) => amount / 10 ** currencyExponent(currency)
  return toCsv(
    [
      'received_at',
      'source',
      'external_id',
      'currency',
      'amount',
      'fees',
      'net',
      'recurring',
      'refunded',
      'voided',
      'donor',
      'donor_email',
      'description',
    ],
    rows.map((r) => [
      r.receivedAt.toISOString(),
      r.source,
      r.externalId,
      r.currency,
      major(r.amount, r.currency),
      major(r.fees, r.currency),
      major(r.net, r.currency),
      r.recurring,
      r.refunded,
      Boolean(r.voidedAt),
      r.donorName,
      r.donorEmail,
      r.description,
    ]),
  )
}
