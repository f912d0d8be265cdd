// Exchange rates into the reporting currency: a rate applies from its date until the next rate of
// the same currency. Donations in a currency without a rate on their date are left out of totals.
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { donations, exchangeRates } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { liveDonation, rateInForce } from './ledger-sql.server.ts'
import type { ExchangeRateInput } from './schemas.ts'

export async function listExchangeRates() {
  return db.select().from(exchangeRates).orderBy(asc(exchangeRates.currency), desc(exchangeRates.validFrom))
}

/** Sets the rate of a currency from a date (replacing one set for the same date). */
export async function setExchangeRate(input: ExchangeRateInput & { actorId: string | null }, tx?: DbOrTx) {
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
async function listMissingRates(reporting: string) {
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

/** Everything /fundraising/rates shows: the rates, and the currencies still missing one. */
export async function getRatesPage() {
  const { reportingCurrency } = await getOrganisationSettings()
  const [rates, missing] = await Promise.all([listExchangeRates(), listMissingRates(reportingCurrency)])
  return { rates, missing, reportingCurrency }
}
