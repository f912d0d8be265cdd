// Exchange rates into the reporting currency: a rate applies from its date until the next rate of
// the same currency. Donations in a currency without a rate on their date are left out of totals.
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, executeRows, type DbOrTx } from '#db/client.server.ts'
import { donations, exchangeRates } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { createEcbClient, EcbError, type EcbClient } from '#app/integrations/ecb/client.server.ts'
import { crossRate, ECB_LOOKBACK_DAYS, NoRateError, shiftDate } from '#app/integrations/ecb/rates.ts'
import { getEnv } from '#app/utils/env.server.ts'
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
      .values({ currency: input.currency, validFrom: input.validFrom, rate: input.rate, source: 'manual', createdById: input.actorId })
      // A rate typed by hand wins for its date, over an ECB rate of that day too.
      .onConflictDoUpdate({
        target: [exchangeRates.currency, exchangeRates.validFrom],
        set: { rate: input.rate, source: 'manual', createdById: input.actorId },
      })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'exchange_rate',
      entityId: row.id,
      action: before ? 'update' : 'create',
      before: before ? { rate: before.rate, source: before.source } : null,
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

/** Every rate typed by hand, and the newest ECB rates of each currency (the ECB's add up to thousands). */
async function listRatesForPage(ecbPerCurrency = 10) {
  const ranked = db
    .select({
      id: exchangeRates.id,
      currency: exchangeRates.currency,
      validFrom: exchangeRates.validFrom,
      rate: exchangeRates.rate,
      source: exchangeRates.source,
      rank: sql<number>`row_number() over (partition by ${exchangeRates.currency}, ${exchangeRates.source} order by ${exchangeRates.validFrom} desc)`.as(
        'rank',
      ),
    })
    .from(exchangeRates)
    .as('ranked')
  return db
    .select({ id: ranked.id, currency: ranked.currency, validFrom: ranked.validFrom, rate: ranked.rate, source: ranked.source })
    .from(ranked)
    .where(sql`${ranked.source} = 'manual' or ${ranked.rank} <= ${ecbPerCurrency}`)
    .orderBy(asc(ranked.currency), desc(ranked.validFrom))
}

/** Everything /fundraising/rates shows: the rates, and the currencies still missing one. */
export async function getRatesPage() {
  const { reportingCurrency } = await getOrganisationSettings()
  const [rates, missing] = await Promise.all([listRatesForPage(), listMissingRates(reportingCurrency)])
  return { rates, missing, reportingCurrency, fetching: getEnv().STEWARD_FETCH_RATES }
}

export interface EcbFetchOutcome {
  /** why nothing was fetched, when nothing was */
  skipped: string | null
  currencies: string[]
  /** rates stored or updated (hand-typed ones are never touched) */
  stored: number
  /** currencies the ECB publishes no rate for, in plain words */
  missing: string[]
  requests: number
}

const addDays = (date: string, days: number) => shiftDate(date, -days)

/**
 * Daily: the ECB's reference rates for every currency in the ledger, from the day after the last
 * stored (or from a week before its earliest donation, so a weekend donation has the Friday rate),
 * converted into the reporting currency through the euro and stored with their publication day
 * and source `ecb`. A day keeps the last rate published before it (weekends, holidays). A rate
 * typed by hand for the same currency and day is left as it is. STEWARD_FETCH_RATES=false turns
 * it off. Currencies the ECB does not publish stay without a rate, and say so.
 */
export async function fetchEcbExchangeRates(
  input: { client?: EcbClient; now?: Date; actorId?: string | null } = {},
): Promise<EcbFetchOutcome> {
  if (!getEnv().STEWARD_FETCH_RATES)
    return { skipped: 'STEWARD_FETCH_RATES=false: exchange rates are not fetched', currencies: [], stored: 0, missing: [], requests: 0 }
  const { reportingCurrency } = await getOrganisationSettings()
  const needs = await executeRows<{ currency: string; earliest: string; latest: string | null }>(
    sql`select d.currency, min(d.received_on)::text as earliest,
          (select max(r.valid_from)::text from ${exchangeRates} r where r.currency = d.currency and r.source = 'ecb') as latest
        from ${donations} d
        where d.voided_at is null and d.currency <> ${reportingCurrency}
        group by d.currency order by d.currency`,
  )
  const currencies = needs.map((n) => n.currency)
  if (needs.length === 0) return { skipped: 'no donation needs converting', currencies, stored: 0, missing: [], requests: 0 }
  const now = input.now ?? new Date()
  const today = now.toISOString().slice(0, 10)
  const startOf = (n: (typeof needs)[number]) => (n.latest ? addDays(n.latest, 1) : shiftDate(n.earliest, ECB_LOOKBACK_DAYS))
  const from = needs.map(startOf).sort()[0]
  if (from > today) return { skipped: 'the rates are up to date', currencies, stored: 0, missing: [], requests: 0 }
  const client = input.client ?? createEcbClient({ now: () => now.getTime() })
  const before = client.requests
  let rates
  try {
    rates = await client.fetchRates({ from })
  } catch (error) {
    if (error instanceof EcbError) throw new DomainError(error.message)
    throw error
  }
  const days = [...new Set(rates.map((r) => r.date))].sort()
  const rows: Array<{ currency: string; valid_from: string; rate: string }> = []
  const missing: string[] = []
  for (const need of needs) {
    const start = startOf(need)
    let published = 0
    for (const day of days.filter((d) => d >= start)) {
      try {
        const cross = crossRate(rates, need.currency, reportingCurrency, day, 0)
        rows.push({ currency: need.currency, valid_from: day, rate: cross.rate.toFixed(8) })
        published += 1
      } catch (error) {
        if (!(error instanceof NoRateError)) throw error
      }
    }
    if (published === 0 && need.currency !== 'EUR' && !rates.some((r) => r.currency === need.currency))
      missing.push(`The ECB publishes no reference rate for ${need.currency}: type its rates on this page.`)
  }
  let stored = 0
  await db.transaction(async (tx) => {
    if (rows.length > 0) {
      const result = await executeRows<{ n: number | string }>(
        sql`with saved as (
              insert into ${exchangeRates} (currency, valid_from, rate, source)
              select currency, valid_from, rate, 'ecb' from json_to_recordset(${JSON.stringify(rows)}::json) as x(currency text, valid_from date, rate numeric)
              on conflict (currency, valid_from) do update set rate = excluded.rate where ${exchangeRates.source} = 'ecb'
              returning 1)
            select count(*)::int as n from saved`,
        tx,
      )
      stored = Number(result[0]?.n ?? 0)
    }
    await recordAudit(tx, {
      actorId: input.actorId ?? null,
      entity: 'exchange_rate',
      action: 'fetch',
      after: { source: 'ecb', reportingCurrency, currencies, from, stored, missing },
    })
  })
  return { skipped: null, currencies, stored, missing, requests: client.requests - before }
}
