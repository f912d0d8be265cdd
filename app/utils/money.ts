// Money: integer minor units plus an ISO 4217 code. Parsing and conversion never go through
// floating point: decimal text is split into digits, rates are exact decimals (BigInt).

const exponentCache = new Map<string, number>()

/** Digits after the decimal point in the currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase()
  const cached = exponentCache.get(code)
  if (cached !== undefined) return cached
  let exponent = 2
  try {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    exponent = 2
  }
  exponentCache.set(code, exponent)
  return exponent
}

export function isCurrencyCode(value: string) {
  if (!/^[A-Z]{3}$/.test(value)) return false
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: value })
    return true
  } catch {
    return false
  }
}

export class MoneyParseError extends Error {
  override name = 'MoneyParseError'
}

/**
 * Parses an amount as exports write it — `50`, `-1.75`, `$4.52`, `-$5.00 USD`, `1,234.56`,
 * `(3.00)` — into integer minor units. More decimals than the currency has is an error, not a
 * rounding: an export never carries fractions of a cent.
 */
export function parseMoney(text: string, currency: string, options: { decimalComma?: boolean } = {}): number {
  const exponent = currencyExponent(currency)
  let s = text.trim()
  if (s === '') throw new MoneyParseError('the amount is empty')
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1).trim()
  }
  // Drop a trailing or leading currency code and symbols.
  s = s.replace(/^[A-Za-z]{3}\s+/, '').replace(/\s+[A-Za-z]{3}$/, '')
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative
    s = s.slice(1)
  } else if (s.startsWith('+')) s = s.slice(1)
  s = s.replace(/^[$€£¥₹]|^(US\$|CA\$|A\$)/, '').trim()
  if (s.startsWith('-')) {
    negative = !negative
    s = s.slice(1)
  }
  if (options.decimalComma) s = s.replace(/[.\s]/g, '').replace(',', '.')
  else s = s.replace(/,(?=\d{3}(\D|$))/g, '')
  const match = /^(\d+)(?:\.(\d*))?$/.exec(s)
  if (!match) throw new MoneyParseError(`"${text}" is not an amount`)
  const whole = match[1]
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > exponent) throw new MoneyParseError(`"${text}" has more decimals than ${currency.toUpperCase()} allows`)
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0')
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyParseError(`"${text}" is too large`)
  const value = Number(minor)
  return negative && value !== 0 ? -value : value
}

/** Minor units → plain decimal text (1234 USD → "12.34", -5 → "-0.05"). */
export function minorToDecimal(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new MoneyParseError(`${amount} is not an integer amount`)
  const exponent = currencyExponent(currency)
  const negative = amount < 0
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0')
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
  return negative ? `-${text}` : text
}

/** For display: "$1,234.56", "€12.00". */
export function formatMoney(amount: number, currency: string) {
  const exponent = currencyExponent(currency)
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(amount / 10 ** exponent)
  } catch {
    return `${minorToDecimal(amount, currency)} ${currency}`
  }
}

/** Whole units for charts' axes and headline numbers. */
export function formatMoneyShort(amount: number, currency: string) {
  const exponent = currencyExponent(currency)
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      notation: Math.abs(amount) >= 10 ** (exponent + 5) ? 'compact' : 'standard',
    }).format(amount / 10 ** exponent)
  } catch {
    return `${Math.round(amount / 10 ** exponent)} ${currency}`
  }
}

/** A decimal rate as text ("1.0850") → numerator and power of ten, exactly. */
function parseRate(rate: string): { numerator: bigint; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim())
  if (!match) throw new MoneyParseError(`"${rate}" is not a rate`)
  const fraction = match[2] ?? ''
  return { numerator: BigInt(match[1] + fraction), scale: fraction.length }
}

export function isValidRate(rate: string) {
  try {
    return parseRate(rate).numerator > 0n
  } catch {
    return false
  }
}

/**
 * Converts minor units of `from` into minor units of `to` at `rate` (1 from = rate to),
 * rounding half away from zero once, at the end.
 */
export function convertMinor(amount: number, from: string, to: string, rate: string): number {
  if (from.toUpperCase() === to.toUpperCase()) return amount
  const { numerator, scale } = parseRate(rate)
  const shift = currencyExponent(to) - currencyExponent(from)
  let num = BigInt(amount) * numerator
  let den = 10n ** BigInt(scale)
  if (shift > 0) num *= 10n ** BigInt(shift)
  else den *= 10n ** BigInt(-shift)
  const negative = num < 0n
  const abs = negative ? -num : num
  const q = (abs * 2n + den) / (2n * den)
  return Number(negative ? -q : q)
}
