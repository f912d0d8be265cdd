// The ECB's euro reference rates: reading its XML files and deriving a rate between any two
// currencies for a day.
//
// The three files (https://www.ecb.europa.eu/stats/eurofxref/…) share one format: a gesmes
// envelope whose <Cube> holds one <Cube time="YYYY-MM-DD"> per publication day, newest first, each
// with <Cube currency="USD" rate="1.0846"/> — units of the currency per 1 EUR. eurofxref-daily.xml has
// the latest day only, eurofxref-hist-90d.xml the last 90 days, eurofxref-hist.xml everything since
// 1999-01-04. Rates exist only for TARGET working days (no weekends, no 1 January, Good Friday,
// Easter Monday, 1 May, 25–26 December), and currencies come and go (HRK until 2022-12-30, RUB
// suspended from 2022-03-02), so a day's rate is the last one published on or before it.
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export interface EcbRate {
  /** publication day, YYYY-MM-DD */
  date: string
  currency: string
  /** units of `currency` for 1 EUR */
  ratePerEur: number
}

export type EcbFile = 'eurofxref-daily.xml' | 'eurofxref-hist-90d.xml' | 'eurofxref-hist.xml'

/** How far back a day may borrow the last rate: Easter is the longest TARGET closure (Thursday → Tuesday). */
export const ECB_LOOKBACK_DAYS = 7

export class EcbFormatError extends Error {
  override name = 'EcbFormatError'
}

export class NoRateError extends Error {
  override name = 'NoRateError'
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const CURRENCY = /^[A-Z]{3}$/
const RATE = /^\d+(\.\d+)?$/

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  isArray: (name) => name === 'Cube',
})

interface CubeNode {
  time?: string
  currency?: string
  rate?: string
  Cube?: CubeNode[]
}

/** Every rate in one of the ECB's files. Refuses anything that is not exactly that format. */
export function parseEcbXml(xml: string): EcbRate[] {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new EcbFormatError(`The ECB file is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`)
  const document = parser.parse(xml) as { Envelope?: { subject?: string; Cube?: CubeNode[] } }
  const envelope = document.Envelope
  if (!envelope || envelope.subject !== 'Reference rates' || envelope.Cube?.length !== 1) {
    throw new EcbFormatError('This is not an ECB reference-rate file (no gesmes envelope with "Reference rates").')
  }
  const rates: EcbRate[] = []
  for (const day of envelope.Cube[0].Cube ?? []) {
    if (!day.time || !DATE.test(day.time)) throw new EcbFormatError(`A day in the ECB file has no valid time ("${day.time ?? ''}").`)
    for (const cube of day.Cube ?? []) {
      if (!cube.currency || !CURRENCY.test(cube.currency) || !cube.rate || !RATE.test(cube.rate) || Number(cube.rate) <= 0) {
        throw new EcbFormatError(`The ECB file has an unreadable rate on ${day.time}: ${cube.currency ?? '?'} = ${cube.rate ?? '?'}.`)
      }
      rates.push({ date: day.time, currency: cube.currency, ratePerEur: Number(cube.rate) })
    }
  }
  return rates
}

/** YYYY-MM-DD `days` before (negative: after) a date. */
export function shiftDate(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The smallest file holding every rate from `from` (and the days it may borrow from) until today:
 * the daily file when only today's is wanted, the 90-day file for recent gaps, the whole history
 * (a few megabytes) only for older dates.
 */
export function chooseEcbFile(from: string, today: string): EcbFile {
  if (from >= today) return 'eurofxref-daily.xml'
  // 89, not 90: the 90-day window is counted back from the file's latest day, which may be yesterday.
  return shiftDate(from, ECB_LOOKBACK_DAYS) >= shiftDate(today, 89) ? 'eurofxref-hist-90d.xml' : 'eurofxref-hist.xml'
}

type Index = Map<string, Array<[date: string, rate: number]>>
const indexes = new WeakMap<readonly EcbRate[], Index>()

function indexOf(rates: readonly EcbRate[]): Index {
  let index = indexes.get(rates)
  if (!index) {
    index = new Map()
    for (const r of rates) {
      const list = index.get(r.currency)
      if (list) list.push([r.date, r.ratePerEur])
      else index.set(r.currency, [[r.date, r.ratePerEur]])
    }
    for (const list of index.values()) list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    indexes.set(rates, index)
  }
  return index
}

export interface RateOnDay {
  ratePerEur: number
  /** the publication day the rate comes from (on or before the day asked for) */
  date: string
}

/** The euro rate of `currency` in force on `date`: the last published on or before it, at most `maxAgeDays` old. */
export function eurRateOn(rates: readonly EcbRate[], currency: string, date: string, maxAgeDays = ECB_LOOKBACK_DAYS): RateOnDay {
  if (currency === 'EUR') return { ratePerEur: 1, date }
  const list = indexOf(rates).get(currency)
  if (!list) throw new NoRateError(`The ECB publishes no reference rate for ${currency}.`)
  let lo = 0
  let hi = list.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (list[mid][0] <= date) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  if (found < 0) throw new NoRateError(`There is no ECB rate for ${currency} on or before ${date} (the first is from ${list[0][0]}).`)
  const [published, ratePerEur] = list[found]
  if (published < shiftDate(date, maxAgeDays)) {
    throw new NoRateError(`The last ECB rate for ${currency} before ${date} is from ${published}, more than ${maxAgeDays} days earlier.`)
  }
  return { ratePerEur, date: published }
}

export interface CrossRate {
  /** units of `to` for 1 unit of `from` */
  rate: number
  /** the publication days used for each side */
  fromRateDate: string
  toRateDate: string
}

/** 1 `from` in `to` on `date`, via the euro: (to per EUR) / (from per EUR). */
export function crossRate(rates: readonly EcbRate[], from: string, to: string, date: string, maxAgeDays = ECB_LOOKBACK_DAYS): CrossRate {
  if (!DATE.test(date)) throw new NoRateError(`"${date}" is not a date (YYYY-MM-DD).`)
  const a = eurRateOn(rates, from, date, maxAgeDays)
  const b = eurRateOn(rates, to, date, maxAgeDays)
  return { rate: from === to ? 1 : b.ratePerEur / a.ratePerEur, fromRateDate: a.date, toRateDate: b.date }
}
