// SQL pieces over the donations table: which donations count, the exchange rate in force on a
// donation's date, sums converted into the reporting currency, months in the project's time zone.
// The aggregates (overview, quarterly report, This week) and the ledger pages build on them.
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { donations, exchangeRates } from '#db/schema/index.ts'
import { currencyExponent } from '#app/utils/money.ts'

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
