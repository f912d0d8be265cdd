// How the report's numbers read (values, changes, axis labels), shared by the web page, the
// Markdown and the PDF so they agree.
// Plain text only: every character here also prints in the PDF's standard fonts (WinAnsi).
import type { Change, Headline, Unit } from './document.ts'

export const NO_DATA = '—'

/** Digits after the decimal point in a currency (JPY 0, USD 2, …). */
export function currencyDigits(currency: string) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-')

/** Minor units as "USD 1,234.50". */
export function formatMoney(minor: number, currency: string) {
  const digits = currencyDigits(currency)
  const major = minor / 10 ** digits
  const number = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(major))
  return `${minor < 0 ? '-' : ''}${currency} ${number}`
}

export function formatValue(unit: Unit, value: number | null, currency?: string | null): string {
  if (value === null) return NO_DATA
  switch (unit) {
    case 'count':
      return plain(value.toLocaleString('en'))
    case 'hours':
      return `${plain(value.toLocaleString('en', { maximumFractionDigits: 1 }))} h`
    case 'ratio':
      return `${plain((value * 100).toLocaleString('en', { maximumFractionDigits: 1 }))}%`
    case 'money':
      return formatMoney(value, currency ?? 'USD')
  }
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text.replace(/^-/, '')}` : text)

/** "+3 (+12.5%)", "+4.2 pts" for ratios, "—" when it cannot be computed. */
export function formatChange(headline: Pick<Headline, 'unit' | 'currency'>, change: Change | null): string {
  if (!change) return NO_DATA
  const { absolute, relative } = change
  if (headline.unit === 'ratio')
    return `${signed(absolute, plain((Math.abs(absolute) * 100).toLocaleString('en', { maximumFractionDigits: 1 })))} pts`
  const abs = formatValue(headline.unit, Math.abs(absolute), headline.currency)
  const rel =
    relative === null
      ? ''
      : ` (${signed(relative, `${plain((Math.abs(relative) * 100).toLocaleString('en', { maximumFractionDigits: 1 }))}%`)})`
  return `${signed(absolute, abs)}${rel}`
}

/** Axis labels: short numbers (money in major units). */
export function formatAxis(unit: Unit, value: number, currency?: string | null) {
  const v = unit === 'money' ? value / 10 ** currencyDigits(currency ?? 'USD') : unit === 'ratio' ? value * 100 : value
  const text = plain(new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v))
  return unit === 'ratio' ? `${text}%` : text
}
