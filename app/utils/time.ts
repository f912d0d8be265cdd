import { DateTime } from 'luxon'

/** A quarter like "2026-Q3". */
export type QuarterId = `${number}-Q${1 | 2 | 3 | 4}`

export interface Period {
  /** inclusive, in the project's time zone */
  start: DateTime
  /** exclusive */
  end: DateTime
}

const QUARTER_RE = /^(\d{4})-Q([1-4])$/

export function isQuarterId(value: string): value is QuarterId {
  return QUARTER_RE.test(value)
}

/** The quarter's bounds in the time zone: [first day 00:00, first day of the next quarter 00:00). */
export function quarterPeriod(quarter: QuarterId | string, timeZone: string): Period {
  const match = QUARTER_RE.exec(quarter)
  if (!match) throw new Error(`Not a quarter: ${quarter} (expected e.g. 2026-Q3)`)
  const start = DateTime.fromObject({ year: Number(match[1]), month: (Number(match[2]) - 1) * 3 + 1, day: 1 }, { zone: timeZone })
  return { start, end: start.plus({ months: 3 }) }
}

export function quarterOf(instant: Date | DateTime, timeZone: string): QuarterId {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant, { zone: timeZone }) : instant.setZone(timeZone)
  return `${dt.year}-Q${Math.ceil(dt.month / 3)}` as QuarterId
}

export function shiftQuarter(quarter: QuarterId | string, by: number): QuarterId {
  const match = QUARTER_RE.exec(quarter)
  if (!match) throw new Error(`Not a quarter: ${quarter}`)
  const index = Number(match[1]) * 4 + (Number(match[2]) - 1) + by
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}` as QuarterId
}

/** The quarters from `from` to `to`, both included. */
export function quartersBetween(from: QuarterId, to: QuarterId): QuarterId[] {
  const out: QuarterId[] = []
  for (let q = from; out.length < 400; q = shiftQuarter(q, 1)) {
    out.push(q)
    if (q === to) return out
  }
  throw new Error(`${from} is after ${to}`)
}

/** A calendar date a person picked ("2026-03-31"), as the start of that day in the project's zone. */
export function startOfLocalDay(isoDate: string, timeZone: string): DateTime {
  const dt = DateTime.fromISO(isoDate, { zone: timeZone })
  if (!dt.isValid) throw new Error(`Not a date: ${isoDate}`)
  return dt.startOf('day')
}

/** Month keys ("2026-03") covering a period, for chart series with no gaps. */
export function monthsOf(period: Period): string[] {
  const out: string[] = []
  for (let m = period.start.startOf('month'); m < period.end; m = m.plus({ months: 1 })) out.push(m.toFormat('yyyy-MM'))
  return out
}
