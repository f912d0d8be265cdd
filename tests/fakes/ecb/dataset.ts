// The rates the ECB stand-in publishes, and the ECB's two file layouts, as public copies of the
// real files show them:
// - eurofxref-daily.xml: indented with tabs, attributes in single quotes, one day.
// - eurofxref-hist-90d.xml and eurofxref-hist.xml: the envelope on one line, then one line per day,
//   newest first, attributes in double quotes.
// Rates are kept as the ECB writes them ("0.86340": trailing zeros stay). No application module is
// imported here.

export interface EcbDay {
  /** YYYY-MM-DD, a TARGET working day */
  date: string
  /** in the ECB's order (USD, JPY, BGN, CZK, DKK, GBP, HUF, PLN, RON, SEK, CHF, ISK, NOK, TRY, AUD, …) */
  rates: Array<[currency: string, rate: string]>
}

const ENVELOPE_OPEN =
  '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'

export function formatDailyXml(day: EcbDay) {
  const rates = day.rates.map(([currency, rate]) => `\t\t\t<Cube currency='${currency}' rate='${rate}'/>\n`).join('')
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `${ENVELOPE_OPEN}\n` +
    '\t<gesmes:subject>Reference rates</gesmes:subject>\n' +
    '\t<gesmes:Sender>\n' +
    '\t\t<gesmes:name>European Central Bank</gesmes:name>\n' +
    '\t</gesmes:Sender>\n' +
    '\t<Cube>\n' +
    `\t\t<Cube time='${day.date}'>\n` +
    rates +
    '\t\t</Cube>\n' +
    '\t</Cube>\n' +
    '</gesmes:Envelope>'
  )
}

/** `days` newest first. */
export function formatHistXml(days: EcbDay[]) {
  const lines = days.map(
    (day) => `<Cube time="${day.date}">${day.rates.map(([c, r]) => `<Cube currency="${c}" rate="${r}"/>`).join('')}</Cube>\n`,
  )
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `${ENVELOPE_OPEN}<gesmes:subject>Reference rates</gesmes:subject><gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender><Cube>\n` +
    lines.join('') +
    '</Cube></gesmes:Envelope>'
  )
}

/** Easter Sunday (Anonymous Gregorian algorithm), YYYY-MM-DD. */
export function easterSunday(year: number) {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** A day the ECB publishes rates: Monday to Friday, not a TARGET closing day. */
export function isTargetWorkingDay(date: string) {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  const md = date.slice(5)
  if (md === '01-01' || md === '05-01' || md === '12-25' || md === '12-26') return false
  const easter = easterSunday(Number(date.slice(0, 4)))
  return date !== addDays(easter, -2) && date !== addDays(easter, 1)
}

/**
 * The small set behind tests/fixtures/ecb: Easter 2026 (Good Friday 3 April and Easter Monday
 * 6 April closed), New Year 2026, a currency that stops (RUB, last published 2022-03-01) and the
 * first day of the euro. Rates are illustrative, written the way the ECB writes them.
 */
export function ecbFixtureDays(): EcbDay[] {
  const recent = (usd: string, jpy: string, gbp: string, chf: string): EcbDay['rates'] => [
    ['USD', usd],
    ['JPY', jpy],
    ['GBP', gbp],
    ['CHF', chf],
  ]
  return [
    { date: '2026-04-07', rates: recent('1.0850', '162.31', '0.84210', '0.9412') },
    { date: '2026-04-02', rates: recent('1.0800', '161.90', '0.84000', '0.9400') },
    { date: '2026-04-01', rates: recent('1.0760', '161.05', '0.83890', '0.9385') },
    { date: '2026-03-31', rates: recent('1.0745', '160.88', '0.83950', '0.9390') },
    { date: '2026-01-02', rates: recent('1.1720', '183.50', '0.87110', '0.9302') },
    { date: '2025-12-31', rates: recent('1.1750', '184.09', '0.87250', '0.9310') },
    {
      date: '2022-03-01',
      rates: [
        ['USD', '1.1162'],
        ['JPY', '128.65'],
        ['GBP', '0.83520'],
        ['CHF', '1.0226'],
        ['RUB', '117.2893'],
      ],
    },
    {
      date: '1999-01-04',
      rates: [
        ['USD', '1.1789'],
        ['JPY', '133.73'],
        ['GBP', '0.71110'],
        ['CHF', '1.6168'],
      ],
    },
  ]
}

/** Working days from `from` to `to` with seeded random-walk rates, newest first. */
export function generateEcbDays(options: { from: string; to: string; seed?: number; currencies?: Array<[string, number, number]> }) {
  let seed = options.seed ?? 7
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    return seed / 2_147_483_648
  }
  const currencies = options.currencies ?? [
    ['USD', 1.1, 4],
    ['JPY', 150, 2],
    ['GBP', 0.85, 5],
    ['CHF', 0.95, 4],
  ]
  const level = currencies.map(([, start]) => start)
  const days: EcbDay[] = []
  for (let date = options.from; date <= options.to; date = addDays(date, 1)) {
    if (!isTargetWorkingDay(date)) continue
    days.push({
      date,
      rates: currencies.map(([currency, , decimals], i) => {
        level[i] *= 1 + (random() - 0.5) / 100
        return [currency, level[i].toFixed(decimals)]
      }),
    })
  }
  return days.reverse()
}
