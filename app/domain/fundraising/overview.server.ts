// Aggregates for /fundraising and the quarterly report: sums in SQL, converted to the reporting
// currency at the rate in force on each donation's date. No donor names leave this module, so
// every role may see its results.
import { DateTime } from 'luxon'
import { and, gte, isNotNull, lt, sql } from 'drizzle-orm'
import { db, executeRows } from '#db/client.server.ts'
import { donations } from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { convertedSumSql, convertibleSql, liveDonation, monthLabelSql, monthStartSql, rateInForceLateral } from './ledger-sql.server.ts'
import { listNotifications } from './reminders.server.ts'
import { readFundraisingSummary } from './summaries.server.ts'
import { DONATION_SOURCES, type DonationSource } from './vocabulary.ts'

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
  /** of `donations`, those recorded at net because the source gave no gross: `gross` includes their net */
  grossUnknown: number
}

/** Gross and fees in the reporting currency per month, source and recurring flag. */
export async function groupedSums(range: Range, reporting: string, timeZone: string): Promise<GroupedSums[]> {
  const monthStart = monthStartSql(timeZone)
  const rate = rateInForceLateral(reporting)
  const convertible = convertibleSql(reporting, rate.rate)
  const rows = await db
    .select({
      month: monthLabelSql(monthStart),
      source: donations.source,
      recurring: donations.recurring,
      gross: convertedSumSql(donations.amount, reporting, rate.rate),
      fees: convertedSumSql(donations.fees, reporting, rate.rate),
      donations: sql<number>`count(*) filter (where ${convertible})::int`,
      unconverted: sql<number>`count(*) filter (where not ${convertible})::int`,
      grossUnknown: sql<number>`count(*) filter (where ${convertible} and not ${donations.grossKnown})::int`,
    })
    .from(donations)
    .leftJoinLateral(rate, sql`true`)
    .where(inRange(range))
    .groupBy(monthStart, donations.source, donations.recurring)
  return rows.map((r) => ({
    ...r,
    gross: num(r.gross),
    fees: num(r.fees),
    donations: num(r.donations),
    unconverted: num(r.unconverted),
    grossUnknown: num(r.grossUnknown),
  }))
}

/** Per source and original currency, unconverted. */
export async function totalsBySourceAndCurrency(range: Range) {
  // count(distinct) sorts only each group's donor ids (uuids): with 30,000 sponsors, four times
  // faster than grouping per donor first, which sorted the range by source, currency and donor.
  const rows = await db
    .select({
      source: donations.source,
      currency: donations.currency,
      gross: sql<string>`sum(${donations.amount})`,
      fees: sql<string>`sum(${donations.fees})`,
      net: sql<string>`sum(${donations.net})`,
      donations: sql<number>`count(*)::int`,
      donors: sql<number>`count(distinct ${donations.donorId})::int`,
      grossUnknown: sql<number>`count(*) filter (where not ${donations.grossKnown})::int`,
    })
    .from(donations)
    .where(inRange(range))
    .groupBy(donations.source, donations.currency)
    .orderBy(donations.source, donations.currency)
  return rows.map((r) => ({
    source: r.source,
    currency: r.currency,
    gross: num(r.gross),
    fees: num(r.fees),
    net: num(r.net),
    donations: num(r.donations),
    donors: num(r.donors),
    grossUnknown: num(r.grossUnknown),
  }))
}

/**
 * Distinct donors in the range, and how many of them gave for the first time ever (in the range,
 * and per month: a donor is new in the month of their first live donation); plus the share of the
 * converted gross that came from the `top` largest donors of the range.
 */
export async function donorFigures(range: Range, reporting: string, timeZone: string, top = 5) {
  const rate = rateInForceLateral(reporting)
  const monthStart = monthStartSql(timeZone)
  // One pass over the range for each donor's months and converted gross (drizzle's builder leaves
  // columns unqualified inside WITH, hence the raw SQL with explicit names).
  const donorMonths = db
    .select({ donorId: donations.donorId, monthStart, gross: convertedSumSql(donations.amount, reporting, rate.rate) })
    .from(donations)
    .leftJoinLateral(rate, sql`true`)
    .where(and(inRange(range), isNotNull(donations.donorId)))
    .groupBy(donations.donorId, monthStart)
  // A donor is new in the range when they gave nothing (live) before it: one hashed set of the
  // earlier donors instead of looking up each donor's first donation ever (35,000 index probes
  // with 30,000 sponsors, two thirds of the overview's time). A new donor's first donation ever
  // is then their first in the range, so they are new in the month of it and in no other.
  // per_donor is read four times, so PostgreSQL materialises it.
  const rows = await executeRows<{
    month: string
    donors: number
    new_donors: number
    range_donors: number
    range_new_donors: number
    total: string
    top: string
  }>(sql`
    with donor_months (donor_id, month_start, gross) as (${donorMonths}),
    earlier as (
      select distinct e.donor_id from ${donations} e
      where e.donor_id is not null and e.voided_at is null and not e.refunded and e.received_at < ${timestamp(range.start)}
    ),
    per_donor as (
      select p.donor_id, p.gross, p.first_month, x.donor_id is null as is_new
      from (select m.donor_id, sum(m.gross) as gross, min(m.month_start) as first_month from donor_months m group by m.donor_id) p
      left join earlier x on x.donor_id = p.donor_id
    )
    select to_char(m.month_start, 'YYYY-MM') as month,
      count(*)::int as donors,
      count(*) filter (where p.is_new and m.month_start = p.first_month)::int as new_donors,
      (select count(*) from per_donor)::int as range_donors,
      (select count(*) from per_donor where is_new)::int as range_new_donors,
      (select coalesce(sum(gross), 0) from per_donor) as total,
      (select coalesce(sum(gross), 0) from (select gross from per_donor order by gross desc nulls last limit ${top}) t) as top
    from donor_months m join per_donor p on p.donor_id = m.donor_id
    group by m.month_start`)
  const first = rows[0]
  const total = num(first?.total)
  return {
    donors: num(first?.range_donors),
    newDonors: num(first?.range_new_donors),
    monthly: rows.map((m) => ({ month: m.month, newDonors: num(m.new_donors), returningDonors: num(m.donors) - num(m.new_donors) })),
    top: { total, top: num(first?.top), share: total === 0 ? null : num(first?.top) / total },
  }
}

/** The two years donor retention compares, as of a moment: [start, middle) and [middle, end). */
function retentionYears(asOf: Date) {
  const end = DateTime.fromJSDate(asOf, { zone: 'UTC' })
  return { start: end.minus({ months: 24 }).toJSDate(), middle: end.minus({ months: 12 }).toJSDate(), end: asOf }
}

/**
 * Donor retention (DESIGN.md, Bloomerang-style): of the donors who gave in the 12 months before
 * the last 12, the share who gave again in the last 12. Null when nobody gave in the earlier year.
 */
export async function donorRetention(asOf: Date) {
  const { start, middle } = retentionYears(asOf)
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

/**
 * donorRetention(asOf), from its summary when that still holds. The two years move with `asOf`,
 * but the donors in them change only when a live donation with a donor lies between an edge's
 * old and new place (it left the earlier year, moved from the later year to the earlier, or came
 * into the later one): when none does, and nothing was written since (the version), the stored
 * counts are exactly what donorRetention(asOf) would count. Checked by three range probes on the
 * donations' date index in the statement that reads the summary.
 */
async function readDonorRetention(asOf: Date) {
  const years = retentionYears(asOf)
  const edgeMoved = (edge: keyof typeof years) => {
    const stored = sql`(s.data->>${edge})::timestamptz`
    const now = timestamp(years[edge])
    return sql`exists (select 1 from ${donations} d where d.received_at >= least(${stored}, ${now}) and d.received_at < greatest(${stored}, ${now})
      and d.voided_at is null and not d.refunded and d.donor_id is not null)`
  }
  const { retention } = await readFundraisingSummary(
    { figures: 'retention', shape: RETENTION_SHAPE },
    async () => ({
      start: years.start.toISOString(),
      middle: years.middle.toISOString(),
      end: years.end.toISOString(),
      retention: await donorRetention(asOf),
    }),
    { stillCurrent: sql`not (${edgeMoved('start')} or ${edgeMoved('middle')} or ${edgeMoved('end')})`, variant: asOf.toISOString() },
  )
  return retention
}

/** Raised when donorRetention's result changes shape or meaning. */
const RETENTION_SHAPE = 1

/**
 * The rates that converted donations in the range (for saying so beside the totals), and per
 * currency how many donations had no rate on their date.
 */
async function conversionsUsed(range: Range, reporting: string) {
  const rate = rateInForceLateral(reporting)
  const rows = await db
    .select({ currency: donations.currency, validFrom: rate.validFrom, rate: rate.rate, count: sql<number>`count(*)::int` })
    .from(donations)
    .leftJoinLateral(rate, sql`true`)
    .where(and(inRange(range), sql`${donations.currency} <> ${reporting}`))
    .groupBy(donations.currency, rate.validFrom, rate.rate)
    .orderBy(donations.currency, rate.validFrom)
  return {
    ratesUsed: rows.flatMap((r) => (r.validFrom === null ? [] : [{ currency: r.currency, validFrom: r.validFrom, rate: Number(r.rate) }])),
    unconverted: rows.flatMap((r) => (r.validFrom === null ? [{ currency: r.currency, count: num(r.count) }] : [])),
  }
}

export async function exchangeRatesUsed(range: Range, reporting: string) {
  return (await conversionsUsed(range, reporting)).ratesUsed
}

/** Raised when computeYearFigures' result changes shape or meaning: stored summaries of the old one are then never read. */
const YEAR_FIGURES_SHAPE = 2

/** A year's figures that depend on the data alone, not on today's date: what its summary keeps (plain JSON). */
async function computeYearFigures(range: Range, reporting: string, timeZone: string) {
  const [sums, donorsInfo, conversions, bySource] = await Promise.all([
    groupedSums(range, reporting, timeZone),
    donorFigures(range, reporting, timeZone),
    conversionsUsed(range, reporting),
    totalsBySourceAndCurrency(range),
  ])
  return { sums, donorsInfo, conversions, bySource }
}

interface MonthRow extends Record<string, string | number | null> {
  month: string
}

/**
 * The year's money in, by month, source and kind of gift, and its donors: aggregates only, safe
 * for every role. The figures of the year and the donor retention as of `now` come from their
 * summaries (ADR 030), kept current by the fundraising data version.
 */
export async function summariseFundraisingYear(input: { year: number; timeZone: string; reportingCurrency: string; now: Date }) {
  const { timeZone, reportingCurrency: reporting } = input
  const startDt = DateTime.fromObject({ year: input.year, month: 1, day: 1 }, { zone: timeZone })
  const range = { start: startDt.toJSDate(), end: startDt.plus({ years: 1 }).toJSDate() }
  const months = Array.from({ length: 12 }, (_, i) => startDt.plus({ months: i }).toFormat('yyyy-MM'))
  // What depends on the data alone comes from the year's summary (one row while nothing changed);
  // retention looks back from now: its summary holds while no donation crossed its years' edges.
  const [{ sums, donorsInfo, conversions, bySource }, retention] = await Promise.all([
    readFundraisingSummary(
      { figures: 'year', shape: YEAR_FIGURES_SHAPE, start: range.start.toISOString(), end: range.end.toISOString(), timeZone, reporting },
      () => computeYearFigures(range, reporting, timeZone),
    ),
    readDonorRetention(input.now),
  ])
  const { ratesUsed, unconverted } = conversions
  const sources = DONATION_SOURCES.filter((s) => sums.some((r) => r.source === s))
  const blank = () => Object.fromEntries(sources.map((s) => [s, 0]))
  const bySourceMonthly: MonthRow[] = months.map((month) => ({ month, ...blank() }))
  const money: MonthRow[] = months.map((month) => ({ month, gross: 0, fees: 0, net: 0, cumulativeNet: 0, cumulativeGross: 0 }))
  const recurring: MonthRow[] = months.map((month) => ({ month, recurring: 0, oneTime: 0 }))
  const totals = { gross: 0, fees: 0, net: 0, donations: 0, unconverted: 0, recurringGross: 0, grossUnknown: 0 }
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
    totals.grossUnknown += r.grossUnknown
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
    top: donorsInfo.top,
    ratesUsed,
    unconverted,
    bySource,
  }
}

/**
 * Everything /fundraising shows: the year asked for (this year unless it is one from 2000 to next
 * year), the years to choose from, and for those who manage fundraising their unread reminders.
 */
export async function getFundraisingOverviewPage(input: { userId: string; canManage: boolean; year: number | null; now: Date }) {
  const settings = await getOrganisationSettings()
  const thisYear = DateTime.fromJSDate(input.now, { zone: settings.timeZone }).year
  const asked = input.year
  const year = asked !== null && Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear
  const overview = await summariseFundraisingYear({
    year,
    timeZone: settings.timeZone,
    reportingCurrency: settings.reportingCurrency,
    now: input.now,
  })
  const reminders = input.canManage ? await listNotifications(input.userId) : []
  return { overview, year, years: Array.from({ length: 6 }, (_, i) => thisYear - i), canManage: input.canManage, reminders }
}

export type FundraisingOverviewPage = Awaited<ReturnType<typeof getFundraisingOverviewPage>>
