// The donation ledger, one donation at a time: the list with donor names (fundraising and admin
// only), entry by hand, and correction by voiding (the donation stays, counting for nothing).
import { randomUUID } from 'node:crypto'
import { and, count, desc, eq, gte, ilike, isNull, or, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { donations, donors } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { parseMoney } from '#app/utils/money.ts'
import { ManualDonationSchema, type DonationFilters, type ManualDonationInput } from './schemas.ts'

/** The SQL condition of the list's filters (shared with the CSV export). */
export function donationsWhere(f: DonationFilters) {
  const conditions: SQL[] = []
  if (!f.includeVoided) conditions.push(isNull(donations.voidedAt))
  if (f.from) conditions.push(gte(donations.receivedOn, f.from))
  if (f.to) conditions.push(sql`${donations.receivedOn} <= ${f.to}`)
  if (f.source) conditions.push(eq(donations.source, f.source))
  if (f.currency) conditions.push(eq(donations.currency, f.currency))
  if (f.donorId) conditions.push(eq(donations.donorId, f.donorId))
  if (f.batchId) conditions.push(eq(donations.importBatchId, f.batchId))
  if (f.donor) conditions.push(or(ilike(donors.name, `%${f.donor}%`), ilike(donors.email, `%${f.donor}%`))!)
  return conditions.length ? and(...conditions) : undefined
}

/** The columns of the list and the export. */
export const donationColumns = {
  id: donations.id,
  receivedAt: donations.receivedAt,
  receivedOn: donations.receivedOn,
  amount: donations.amount,
  currency: donations.currency,
  fees: donations.fees,
  net: donations.net,
  source: donations.source,
  externalId: donations.externalId,
  recurring: donations.recurring,
  refunded: donations.refunded,
  voidedAt: donations.voidedAt,
  voidReason: donations.voidReason,
  description: donations.description,
  donorId: donations.donorId,
  donorName: donors.name,
  donorEmail: donors.email,
  importBatchId: donations.importBatchId,
}

/** Individual donations with donor names: call only for fundraising and admin. */
export async function listDonations(filters: DonationFilters, page = 1, pageSize = 50) {
  const where = donationsWhere(filters)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(donationColumns)
      .from(donations)
      .leftJoin(donors, eq(donors.id, donations.donorId))
      .where(where)
      .orderBy(desc(donations.receivedAt), desc(donations.id))
      .limit(pageSize)
      .offset((Math.max(1, page) - 1) * pageSize),
    db.select({ total: count() }).from(donations).leftJoin(donors, eq(donors.id, donations.donorId)).where(where),
  ])
  return { rows, total, page, pageSize }
}

/** Everything /fundraising/donations shows: one page of the filtered list, with the settings it formats by. */
export async function getDonationsPage(input: { filters: DonationFilters; page: number }) {
  const [list, settings] = await Promise.all([listDonations(input.filters, input.page), getOrganisationSettings()])
  return { ...list, filters: input.filters, reportingCurrency: settings.reportingCurrency, timeZone: settings.timeZone }
}

// ---------------------------------------------------------------- entry and correction

async function findOrCreateDonor(tx: DbOrTx, input: { name?: string; email?: string }) {
  if (!input.name && !input.email) return null
  if (input.email) {
    const [existing] = await tx
      .select({ id: donors.id, mergedIntoId: donors.mergedIntoId })
      .from(donors)
      .where(sql`lower(${donors.email}) = ${input.email.toLowerCase()}`)
      .limit(1)
    if (existing) return existing.mergedIntoId ?? existing.id
  } else if (input.name) {
    const [existing] = await tx
      .select({ id: donors.id, mergedIntoId: donors.mergedIntoId })
      .from(donors)
      .where(eq(donors.name, input.name))
      .limit(1)
    if (existing) return existing.mergedIntoId ?? existing.id
  }
  const [created] = await tx
    .insert(donors)
    .values({ name: input.name || input.email!, email: input.email ?? null })
    .returning({ id: donors.id })
  return created.id
}

export async function createManualDonation(input: ManualDonationInput & { actorId: string }) {
  const value = ManualDonationSchema.parse(input)
  return db.transaction(async (tx) => {
    const amount = parseMoney(value.amount, value.currency)
    const fees = value.fees ? parseMoney(value.fees, value.currency) : 0
    if (fees > amount) throw new DomainError('The fees cannot be more than the amount', 'fees')
    const donorId = await findOrCreateDonor(tx, { name: value.donorName, email: value.donorEmail })
    const [row] = await tx
      .insert(donations)
      .values({
        amount,
        fees,
        net: amount - fees,
        currency: value.currency,
        receivedAt: new Date(`${value.receivedOn}T12:00:00Z`),
        receivedOn: value.receivedOn,
        source: value.source,
        externalId: `manual-${randomUUID()}`,
        recurring: value.recurring ?? false,
        donorId,
        description: value.description ?? null,
        createdById: input.actorId,
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donation',
      entityId: row.id,
      action: 'create',
      after: { amount, fees, currency: row.currency, receivedOn: row.receivedOn, source: row.source, donorId },
    })
    return row
  })
}

/** A correction: the donation stays in the ledger, voided, with the reason. */
export async function voidDonation(input: { donationId: string; reason: string; actorId: string }) {
  if (!input.reason.trim()) throw new DomainError('Say why the donation is voided', 'reason')
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(donations).where(eq(donations.id, input.donationId)).for('update')
    if (!before) throw new DomainError('No such donation')
    if (before.voidedAt) throw new DomainError('This donation is already voided')
    const now = new Date()
    await tx
      .update(donations)
      .set({ voidedAt: now, voidedById: input.actorId, voidReason: input.reason.trim() })
      .where(eq(donations.id, input.donationId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donation',
      entityId: input.donationId,
      action: 'void',
      before: { voidedAt: null },
      after: { voidedAt: now, reason: input.reason.trim() },
    })
  })
}

type DonationsPage = Awaited<ReturnType<typeof getDonationsPage>>
export type DonationRow = DonationsPage['rows'][number]
