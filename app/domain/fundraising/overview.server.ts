// Aggregates for /fundraising and the quarterly report: sums in SQL, converted to the reporting
// currency at the rate in force on each donation's date. No donor names leave this module, so
// every role may see its results.
import { DateTime } from 'luxon'
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { donations, exchangeRates, DONATION_SOURCES, type DonationSource } from '#db/schema/index.ts'
import { convertedSql, liveDonation, monthSql, rateInForce, tzLiteral } from './ledger.server.ts'

export interface Range {
  start: Date
  end: Date
}

const inRange = (range: Range) => and(liveDonation, gte(donations.receivedAt, range.start), lt(donations.receivedAt, range.end))!
/** A Date inside raw SQL: postgres.js does not serialise Date parameters there. */
const timestamp = (date: Date) => sql`${date.toISOString()}::timestamptz`
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v))

export interface GroupedSums {
  month: string
  source: DonationSource
  recurring: boolean
  gross: number
  fees: number
  donations: number
  /** donations with no exchange rate on their date: left out of the sums */
  unconverted: number
}

/** Gross and fees in the reporting currency per month, source and recurring flag. */
export async function groupedSums(range: Range, reporting: string, timeZone: string): Promise<GroupedSums[]> {
  const month = monthSql(timeZone)
  const gross = convertedSql(donations.amount, reporting)
  const fees = convertedSql(donations.fees, reporting)
  const rows = await db
    .select({
      month,
      source: donations.source,
      recurring: donations.recurring,
      gross: sql<string>`coalesce(sum(${gross}), 0)`,
      fees: sql<string>`coalesce(sum(${fees}) filter (where ${gross} is not null), 0)`,
      donations: sql<number>`count(*) filter (where ${gross} is not null)::int`,
      unconverted: sql<number>`count(*) filter (where ${gross} is null)::int`,
    })
    .from(donations)
    .where(inRange(range))
    .groupBy(month, donations.source, donations.recurring)
  return rows.map((r) => ({ ...r, gross: num(r.gross), fees: num(r.fees), donations: num(r.donations), unconverted: num(r.unconverted) }))
}

/** Per source and original currency, unconverted. */
export async function totalsBySourceAndCurrency(range: Range) {
  const rows = await db
    .select({
      source: donations.source,
      currency: donations.currency,
      gross: sql<string>`sum(${donations.amount})`,
      fees: sql<string>`sum(${donations.fees})`,
      net: sql<string>`sum(${donations.net})`,
      donations: sql<number>`count(*)::int`,
      donors: sql<number>`count(distinct ${donations.donorId})::int`,
    })
    .from(donations)
    .where(inRange(range))
    .groupBy(donations.source, donations.currency)
    .orderBy(donations.source, donations.currency)
  return rows.map((r) => ({ source: r.source, currency: r.currency, gross: num(r.gross), fees: num(r.fees), net: num(r.net), donations: num(r.donations), donors: num(r.donors) }))
}

/** Distinct donors in the range, and how many of them gave for the first time ever. */
export async function donorCounts(range: Range, timeZone: string) {
  const firsts = db
    .select({ donorId: donations.donorId, firstAt: sql<Date>`min(${donations.receivedAt})`.as('first_at') })
    .from(donations)
    .where(and(liveDonation, isNotNull(donations.donorId)))
    .groupBy(donations.donorId)
    .as('firsts')
  const month = monthSql(timeZone)
  const monthly = await db
    .select({
      month,
      newDonors: sql<number>`count(distinct ${donations.donorId}) filter (where ${firsts.firstAt} >= date_trunc('month', ${donations.receivedAt} at time zone ${tzLiteral(timeZone)}) at time zone ${tzLiteral(timeZone)})::int`,
      donors: sql<number>`count(distinct ${donations.donorId})::int`,
    })
    .from(donations)
    .innerJoin(firsts, eq(firsts.donorId, donations.donorId))
    .where(inRange(range))
    .groupBy(month)
  const [whole] = await db
    .select({
      donors: sql<number>`count(distinct ${donations.donorId})::int`,
      newDonors: sql<number>`count(distinct ${donations.donorId}) filter (where ${firsts.firstAt} >= ${timestamp(range.start)})::int`,
    })
    .from(donations)
    .innerJoin(firsts, eq(firsts.donorId, donations.donorId))
    .where(inRange(range))
  return {
    donors: num(whole?.donors),
    newDonors: num(whole?.newDonors),
    monthly: monthly.map((m) => ({ month: m.month, newDonors: num(m.newDonors), returningDonors: num(m.donors) - num(m.newDonors) })),
  }
}

/**
 * Donor retention (DESIGN.md, Bloomerang-style): of the donors who gave in the 12 months before
 * the last 12, the share who gave again in the last 12. Null when nobody gave in the earlier year.
 */
export async function donorRetention(asOf: Date) {
  const end = DateTime.fromJSDate(asOf, { zone: 'UTC' })
  const middle = end.minus({ months: 12 }).toJSDate()
  const start = end.minus({ months: 24 }).toJSDate()
  const perDonor = db
    .select({
      donorId: donations.donorId,
      before: sql<boolean>`bool_or(${donations.receivedAt} < ${timestamp(middle)})`.as('gave_before'),
      after: sql<boolean>`bool_or(${donations.receivedAt} >= ${timestamp(middle)})`.as('gave_after'),
    })
    .from(donations)
    .where(and(liveDonation, isNotNull(donations.donorId), gte(donations.receivedAt, start), lt(donations.receivedAt, asOf)))
    .groupBy(donations.donorId)
    .as('per_donor')
  const [row] = await db
    .select({
      previous: sql<number>`count(*) filter (where ${perDonor.before})::int`,
      retained: sql<number>`count(*) filter (where ${perDonor.before} and ${perDonor.after})::int`,
    })
    .from(perDonor)
  const previous = num(row?.previous)
  const retained = num(row?.retained)
  return { previous, retained, rate: previous === 0 ? null : retained / previous }
}

/** Share of converted gross from the five largest donors in the range. */
export async function topDonorShare(range: Range, reporting: string, top = 5) {
  const gross = convertedSql(donations.amount, reporting)
  const perDonor = db
    .select({ donorId: donations.donorId, gross: sql<string>`sum(${gross})`.as('donor_gross') })
    .from(donations)
    .where(and(inRange(range), isNotNull(donations.donorId)))
    .groupBy(donations.donorId)
    .as('per_donor')
  const [row] = await db
    .select({
      total: sql<string>`coalesce(sum(${perDonor.gross}), 0)`,
      top: sql<string>`coalesce((select sum(g) from (select ${perDonor.gross} as g from ${perDonor} order by 1 desc nulls last limit ${top}) t), 0)`,
    })
    .from(perDonor)
  const total = num(row?.total)
  return { total, top: num(row?.top), share: total === 0 ? null : num(row?.top) / total }
}

/** The rates that converted donations in the range (for saying so beside the totals). */
export async function exchangeRatesUsed(range: Range, reporting: string) {
  const rows = await db
    .selectDistinct({ currency: exchangeRates.currency, validFrom: exchangeRates.validFrom, rate: exchangeRates.rate })
    .from(donations)
    .innerJoin(exchangeRates, and(eq(exchangeRates.currency, donations.currency), sql`${exchangeRates.validFrom} = (select max(r2.valid_from) from ${exchangeRates} r2 where r2.currency = ${donations.currency} and r2.valid_from <= ${donations.receivedOn})`))
    .where(and(inRange(range), sql`${donations.currency} <> ${reporting}`))
    .orderBy(exchangeRates.currency, exchangeRates.validFrom)
  return rows.map((r) => ({ currency: r.currency, validFrom: r.validFrom, rate: Number(r.rate) }))
}

export async function unconvertedDonations(range: Range, reporting: string) {
  const rows = await db
    .select({ currency: donations.currency, count: sql<number>`count(*)::int` })
    .from(donations)
    .where(and(inRange(range), sql`${donations.currency} <> ${reporting}`, sql`${rateInForce} is null`))
    .groupBy(donations.currency)
  return rows.map((r) => ({ currency: r.currency, count: num(r.count) }))
}

export interface MonthRow extends Record<string, string | number | null> {
  month: string
}

/** Everything /fundraising shows for a year: aggregates only, safe for every role. */
export async function fundraisingOverview(input: { year: number; timeZone: string; reportingCurrency: string; now: Date }) {
  const { timeZone, reportingCurrency: reporting } = input
  const startDt = DateTime.fromObject({ year: input.year, month: 1, day: 1 }, { zone: timeZone })
  const range = { start: startDt.toJSDate(), end: startDt.plus({ years: 1 }).toJSDate() }
  const months = Array.from({ length: 12 }, (_, i) => startDt.plus({ months: i }).toFormat('yyyy-MM'))
  const [sums, donorsInfo, retention, top, ratesUsed, unconverted, bySource] = await Promise.all([
    groupedSums(range, reporting, timeZone),
    donorCounts(range, timeZone),
    donorRetention(input.now),
    topDonorShare(range, reporting),
    exchangeRatesUsed(range, reporting),
    unconvertedDonations(range, reporting),
    totalsBySourceAndCurrency(range),
  ])
  const sources = DONATION_SOURCES.filter((s) => sums.some((r) => r.source === s))
  const blank = () => Object.fromEntries(sources.map((s) => [s, 0]))
  const bySourceMonthly: MonthRow[] = months.map((month) => ({ month, ...blank() }))
  const money: MonthRow[] = months.map((month) => ({ month, gross: 0, fees: 0, net: 0, cumulativeNet: 0, cumulativeGross: 0 }))
  const recurring: MonthRow[] = months.map((month) => ({ month, recurring: 0, oneTime: 0 }))
  const totals = { gross: 0, fees: 0, net: 0, donations: 0, unconverted: 0, recurringGross: 0 }
  for (const r of sums) {
    const i = months.indexOf(r.month)
    if (i < 0) continue
    ;(bySourceMonthly[i][r.source] as number) += r.gross
    ;(money[i].gross as number) += r.gross
    ;(money[i].fees as number) += r.fees
    ;(money[i].net as number) += r.gross - r.fees
    ;(recurring[i][r.recurring ? 'recurring' : 'oneTime'] as number) += r.gross
    totals.gross += r.gross
    totals.fees += r.fees
    totals.donations += r.donations
    totals.unconverted += r.unconverted
    if (r.recurring) totals.recurringGross += r.gross
  }
  totals.net = totals.gross - totals.fees
  let cumulativeNet = 0
  let cumulativeGross = 0
  const currentMonth = DateTime.fromJSDate(input.now, { zone: timeZone }).toFormat('yyyy-MM')
  for (const row of money) {
    cumulativeNet += row.net as number
    cumulativeGross += row.gross as number
    // months still to come have no cumulative total yet
    row.cumulativeNet = row.month > currentMonth ? null : cumulativeNet
    row.cumulativeGross = row.month > currentMonth ? null : cumulativeGross
  }
  const donorsMonthly: MonthRow[] = months.map((month) => {
    const m = donorsInfo.monthly.find((x) => x.month === month)
    return { month, newDonors: m?.newDonors ?? 0, returningDonors: m?.returningDonors ?? 0 }
  })
  return {
    year: input.year,
    reportingCurrency: reporting,
    sources,
    totals: { ...totals, donors: donorsInfo.donors, newDonors: donorsInfo.newDonors },
    recurringShare: totals.gross === 0 ? null : totals.recurringGross / totals.gross,
    bySourceMonthly,
    money,
    recurring,
    donorsMonthly,
    retention,
    top,
    ratesUsed,
    unconverted,
    bySource,
  }
}

export type FundraisingOverview = Awaited<ReturnType<typeof fundraisingOverview>>
