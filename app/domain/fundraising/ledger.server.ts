// The donation ledger: listing (fundraising and admin only — it holds donor names), manual
// entry and correction, donors and their merging, exchange rates, and the SQL pieces that convert
// amounts into the reporting currency at the rate in force on each donation's date.
import { randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, gte, ilike, isNull, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  DONATION_SOURCES,
  DONOR_KINDS,
  donations,
  donorIdentities,
  donors,
  exchangeRates,
  importBatches,
  type DonationSource,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { currencyExponent, isCurrencyCode, isValidRate, MoneyParseError, parseMoney } from './money.ts'
import { toCsv } from './csv-export.ts'

// ---------------------------------------------------------------- conversion in SQL

const UNUSUAL_EXPONENTS = [
  'JPY',
  'KRW',
  'ISK',
  'CLP',
  'VND',
  'UGX',
  'PYG',
  'XAF',
  'XOF',
  'BIF',
  'DJF',
  'GNF',
  'KMF',
  'RWF',
  'VUV',
  'XPF',
  'BHD',
  'KWD',
  'OMR',
  'JOD',
  'TND',
  'IQD',
  'LYD',
]

/** The minor-unit exponent of a currency column, as SQL (the same table as money.ts). */
function exponentSql(column: SQL | typeof donations.currency) {
  const cases = UNUSUAL_EXPONENTS.filter((c) => currencyExponent(c) !== 2).map((c) => `when '${c}' then ${currencyExponent(c)}`)
  return sql`(case ${column} ${sql.raw(cases.join(' '))} else 2 end)`
}

/** The rate in force on the donation's date (latest valid_from on or before it), or null. */
export const rateInForce = sql<
  string | null
>`(select ${exchangeRates.rate} from ${exchangeRates} where ${exchangeRates.currency} = ${donations.currency} and ${exchangeRates.validFrom} <= ${donations.receivedOn} order by ${exchangeRates.validFrom} desc limit 1)`

/**
 * The rate in force on each donation's date, as a lateral subquery: join it once and use its
 * columns, so the lookup runs once per donation (PostgreSQL even memoises it per currency and
 * day) instead of once per expression that converts. Donations in the reporting currency get none.
 */
export function rateInForceLateral(reporting: string) {
  return db
    .select({
      validFrom: sql<string>`${exchangeRates.validFrom}::text`.as('rate_valid_from'),
      rate: sql<string>`${exchangeRates.rate}`.as('rate'),
    })
    .from(exchangeRates)
    .where(
      and(
        eq(exchangeRates.currency, donations.currency),
        sql`${exchangeRates.validFrom} <= ${donations.receivedOn}`,
        sql`${donations.currency} <> ${reporting}`,
      ),
    )
    .orderBy(desc(exchangeRates.validFrom))
    .limit(1)
    .as('rate_in_force')
}

/**
 * The sum of an amount column in the reporting currency, with `rate` from rateInForceLateral:
 * amounts already in it are summed as integers (cheap); every other donation is multiplied by its
 * rate and rounded on its own (numeric round: half away from zero), never the sum; donations
 * without a rate add nothing.
 */
export function convertedSumSql(column: typeof donations.amount | typeof donations.fees, reporting: string, rate: SQL.Aliased<string>) {
  return sql`(coalesce(sum(${column}) filter (where ${donations.currency} = ${reporting}), 0) + coalesce(sum(round(${column}::numeric * ${rate} * power(10::numeric, ${currencyExponent(reporting)} - ${exponentSql(donations.currency)}))) filter (where ${donations.currency} <> ${reporting}), 0))`
}

/** Whether a donation can be converted, with `rate` from rateInForceLateral. */
export const convertibleSql = (reporting: string, rate: SQL.Aliased<string>) =>
  sql`(${donations.currency} = ${reporting} or ${rate} is not null)`

/** Donations that count: not voided, not refunded. */
export const liveDonation = and(isNull(donations.voidedAt), eq(donations.refunded, false))!

/** A time zone name as an SQL literal (validated: it goes into GROUP BY expressions). */
export function tzLiteral(timeZone: string) {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new Error(`Not a time zone: ${timeZone}`)
  return sql.raw(`'${timeZone}'`)
}

/** The start of the donation's month in the time zone (a local timestamp): grouping by it costs less than by the 'YYYY-MM' text. */
export const monthStartSql = (timeZone: string) =>
  sql<string>`date_trunc('month', ${donations.receivedAt} at time zone ${tzLiteral(timeZone)})`

/** A monthStartSql value as 'YYYY-MM'. */
export const monthLabelSql = (monthStart: SQL | SQL.Aliased) => sql<string>`to_char(${monthStart}, 'YYYY-MM')`

// ---------------------------------------------------------------- listing

export interface DonationFilters {
  from?: string | null
  to?: string | null
  source?: DonationSource | null
  currency?: string | null
  donor?: string | null
  donorId?: string | null
  includeVoided?: boolean
  batchId?: string | null
}

export const DonationFiltersSchema = z.object({
  from: z.iso.date().nullish().catch(null),
  to: z.iso.date().nullish().catch(null),
  source: z.enum(DONATION_SOURCES).nullish().catch(null),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .nullish()
    .catch(null),
  donor: z.string().trim().max(200).nullish().catch(null),
  donorId: z.uuid().nullish().catch(null),
  includeVoided: z.coerce.boolean().optional().catch(false),
  batchId: z.uuid().nullish().catch(null),
})

export function filtersFromSearch(params: URLSearchParams): DonationFilters {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''))
  return DonationFiltersSchema.parse(raw)
}

function whereOf(f: DonationFilters) {
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

const donationColumns = {
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
  const where = whereOf(filters)
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

/** The filtered donations as CSV (formula-looking cells neutralised). Fundraising and admin only. */
export async function exportDonationsCsv(filters: DonationFilters) {
  const rows = await db
    .select(donationColumns)
    .from(donations)
    .leftJoin(donors, eq(donors.id, donations.donorId))
    .where(whereOf(filters))
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

// ---------------------------------------------------------------- manual entry and correction

export const ManualDonationSchema = z
  .object({
    receivedOn: z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }),
    amount: z.string({ message: 'Enter the amount' }).trim().min(1, 'Enter the amount'),
    fees: z.string().trim().optional(),
    currency: z
      .string({ message: 'Enter a currency code' })
      .trim()
      .toUpperCase()
      .refine(isCurrencyCode, 'Use a three-letter ISO 4217 code, like USD or EUR'),
    source: z.enum(DONATION_SOURCES).default('manual'),
    donorName: z.string().trim().max(200).optional(),
    donorEmail: z.email({ message: 'Enter a valid email' }).trim().optional(),
    recurring: z.boolean().optional(),
    description: z.string().trim().max(500).optional(),
  })
  .superRefine((value, ctx) => {
    for (const field of ['amount', 'fees'] as const) {
      const text = value[field]
      if (!text) continue
      try {
        const minor = parseMoney(text, value.currency)
        if (minor < 0 || (field === 'amount' && minor === 0))
          ctx.addIssue({ code: 'custom', path: [field], message: 'Enter a positive amount' })
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [field], message: error instanceof MoneyParseError ? error.message : 'Not an amount' })
      }
    }
  })

export type ManualDonationInput = z.infer<typeof ManualDonationSchema>

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

// ---------------------------------------------------------------- donors

export async function listDonors(query?: string | null) {
  const totals = db
    .select({
      donorId: donations.donorId,
      gifts: sql<number>`count(*)::int`.as('gifts'),
      lastAt: sql<Date>`max(${donations.receivedAt})`.as('last_at'),
    })
    .from(donations)
    .where(liveDonation)
    .groupBy(donations.donorId)
    .as('totals')
  const identities = db
    .select({ donorId: donorIdentities.donorId, sources: sql<string>`string_agg(distinct ${donorIdentities.source}, ', ')`.as('sources') })
    .from(donorIdentities)
    .groupBy(donorIdentities.donorId)
    .as('identities')
  return db
    .select({
      id: donors.id,
      kind: donors.kind,
      name: donors.name,
      email: donors.email,
      otherContact: donors.otherContact,
      consentToPublicThanks: donors.consentToPublicThanks,
      gifts: sql<number>`coalesce(${totals.gifts}, 0)`.mapWith(Number),
      lastAt: totals.lastAt,
      sources: identities.sources,
    })
    .from(donors)
    .leftJoin(totals, eq(totals.donorId, donors.id))
    .leftJoin(identities, eq(identities.donorId, donors.id))
    .where(and(isNull(donors.mergedIntoId), query ? or(ilike(donors.name, `%${query}%`), ilike(donors.email, `%${query}%`)) : undefined))
    .orderBy(asc(donors.name))
    .limit(500)
}

/** Donors not merged away who share a name: probably the same person on two platforms. */
export async function listDonorMergeSuggestions() {
  return db
    .select({ name: sql<string>`min(${donors.name})`, ids: sql<string[]>`array_agg(${donors.id}::text order by ${donors.createdAt})` })
    .from(donors)
    .where(isNull(donors.mergedIntoId))
    .groupBy(sql`lower(${donors.name})`)
    .having(sql`count(*) > 1`)
    .orderBy(sql`min(${donors.name})`)
}

export const DonorSchema = z.object({
  kind: z.enum(DONOR_KINDS),
  name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(200),
  email: z.email({ message: 'Enter a valid email' }).trim().optional(),
  otherContact: z.string().trim().max(500).optional(),
  consentToPublicThanks: z.boolean().optional(),
})

export async function updateDonor(input: z.infer<typeof DonorSchema> & { donorId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(donors).where(eq(donors.id, input.donorId))
    if (!before) throw new DomainError('No such donor')
    const after = {
      kind: input.kind,
      name: input.name,
      email: input.email ?? null,
      otherContact: input.otherContact ?? null,
      consentToPublicThanks: input.consentToPublicThanks ?? false,
    }
    await tx
      .update(donors)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(donors.id, input.donorId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donor',
      entityId: input.donorId,
      action: 'update',
      before: { kind: before.kind, name: before.name, email: before.email, consentToPublicThanks: before.consentToPublicThanks },
      after,
    })
  })
}

/** Merges `fromId` into `intoId`: donations and platform identities move; the merged donor is kept, pointing to the other. */
export async function mergeDonors(input: { fromId: string; intoId: string; actorId: string }) {
  if (input.fromId === input.intoId) throw new DomainError('Choose two different donors')
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(donors)
      .where(or(eq(donors.id, input.fromId), eq(donors.id, input.intoId)))
    const from = rows.find((r) => r.id === input.fromId)
    const into = rows.find((r) => r.id === input.intoId)
    if (!from || !into) throw new DomainError('No such donor')
    if (from.mergedIntoId || into.mergedIntoId) throw new DomainError('One of these donors was already merged')
    const moved = await tx.update(donations).set({ donorId: into.id }).where(eq(donations.donorId, from.id)).returning({ id: donations.id })
    await tx.update(donorIdentities).set({ donorId: into.id }).where(eq(donorIdentities.donorId, from.id))
    await tx
      .update(donors)
      .set({
        mergedIntoId: into.id,
        updatedAt: new Date(),
      })
      .where(eq(donors.id, from.id))
    // Contact details the surviving donor lacks are kept.
    await tx
      .update(donors)
      .set({
        email: into.email ?? from.email,
        otherContact: into.otherContact ?? from.otherContact,
        consentToPublicThanks: into.consentToPublicThanks || from.consentToPublicThanks,
        updatedAt: new Date(),
      })
      .where(eq(donors.id, into.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donor',
      entityId: from.id,
      action: 'merge',
      before: { name: from.name },
      after: { mergedIntoId: into.id, donationsMoved: moved.length },
    })
    return { moved: moved.length }
  })
}

// ---------------------------------------------------------------- exchange rates

export const ExchangeRateSchema = z.object({
  currency: z
    .string({ message: 'Enter a currency code' })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, 'Use a three-letter ISO 4217 code, like EUR'),
  validFrom: z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }),
  rate: z
    .string({ message: 'Enter the rate' })
    .trim()
    .refine(isValidRate, 'Enter a positive decimal number such as 1.0850')
    .refine((r) => (r.split('.')[1]?.length ?? 0) <= 8, 'At most 8 decimals'),
})

export async function listExchangeRates() {
  return db.select().from(exchangeRates).orderBy(asc(exchangeRates.currency), desc(exchangeRates.validFrom))
}

/** Sets the rate of a currency from a date (replacing one set for the same date). */
export async function setExchangeRate(input: z.infer<typeof ExchangeRateSchema> & { actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [before] = await t
      .select()
      .from(exchangeRates)
      .where(and(eq(exchangeRates.currency, input.currency), eq(exchangeRates.validFrom, input.validFrom)))
    const [row] = await t
      .insert(exchangeRates)
      .values({ currency: input.currency, validFrom: input.validFrom, rate: input.rate, createdById: input.actorId })
      .onConflictDoUpdate({ target: [exchangeRates.currency, exchangeRates.validFrom], set: { rate: input.rate } })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'exchange_rate',
      entityId: row.id,
      action: before ? 'update' : 'create',
      before: before ? { rate: before.rate } : null,
      after: { currency: row.currency, validFrom: row.validFrom, rate: row.rate },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export async function deleteExchangeRate(input: { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(exchangeRates).where(eq(exchangeRates.id, input.id)).returning()
    if (!row) throw new DomainError('No such rate')
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'exchange_rate',
      entityId: row.id,
      action: 'delete',
      before: { currency: row.currency, validFrom: row.validFrom, rate: row.rate },
    })
  })
}

/** Currencies of live donations that have no rate on their date (they cannot be converted). */
export async function listMissingRates(reporting: string) {
  return db
    .select({
      currency: donations.currency,
      donations: sql<number>`count(*)::int`,
      earliest: sql<string>`min(${donations.receivedOn})::text`,
    })
    .from(donations)
    .where(and(liveDonation, sql`${donations.currency} <> ${reporting}`, sql`${rateInForce} is null`))
    .groupBy(donations.currency)
}

export async function countLiveDonations() {
  const [{ total }] = await db.select({ total: count() }).from(donations).where(liveDonation)
  return total
}

export async function getBatch(id: string) {
  const [row] = await db.select().from(importBatches).where(eq(importBatches.id, id))
  return row
}
