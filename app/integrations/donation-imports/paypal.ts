// PayPal activity download (41 columns by default, every cell quoted, US dates). A donation is
// a Completed row with Balance Impact = Credit; the fee is negative.
import { collectRows, currencyOf, dateTime, money, optionalMoney, readCsv, requireColumns, RowError } from './csv.ts'
import type { ParsedDonation, ParseResult } from './types.ts'

export function isPayPalHeader(header: string[]) {
  return header.includes('Balance Impact') && header.includes('Gross') && header.includes('Transaction ID')
}

// PayPal writes zone abbreviations; the common ones, as fixed offsets.
const ZONES: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  PST: 'UTC-8',
  PDT: 'UTC-7',
  MST: 'UTC-7',
  MDT: 'UTC-6',
  CST: 'UTC-6',
  CDT: 'UTC-5',
  EST: 'UTC-5',
  EDT: 'UTC-4',
  BST: 'UTC+1',
  CET: 'UTC+1',
  CEST: 'UTC+2',
  IST: 'UTC+5:30',
  JST: 'UTC+9',
  AEST: 'UTC+10',
  AEDT: 'UTC+11',
}

function zoneOf(text: string) {
  const t = text.trim()
  if (t === '') return 'UTC'
  const known = ZONES[t.toUpperCase()]
  if (known) return known
  if (/^[A-Za-z]+\/[A-Za-z_]+/.test(t)) return t
  throw new RowError(`unknown time zone "${t}"`)
}

export function parsePayPal(text: string): ParseResult {
  const { header, rows } = readCsv(text)
  requireColumns(
    header,
    ['Date', 'Time', 'Type', 'Status', 'Currency', 'Gross', 'Fee', 'Transaction ID', 'Balance Impact'],
    'PayPal activity',
  )
  const { out, skipped, errors } = collectRows<ParsedDonation>(rows, (row) => {
    const impact = row.get('Balance Impact')
    if (impact.toLowerCase() !== 'credit') return `not money in (${impact || 'no balance impact'}: ${row.get('Type')})`
    if (row.get('Status').toLowerCase() !== 'completed') return `not completed (${row.get('Status')})`
    const externalId = row.get('Transaction ID')
    if (!externalId) throw new RowError('the transaction id is empty')
    const currency = currencyOf(row.get('Currency'))
    const amount = money(row.get('Gross'), currency, 'Gross')
    if (amount <= 0) throw new RowError('a credit must have a positive gross amount')
    const fees = Math.abs(optionalMoney(row.get('Fee'), currency, 'Fee'))
    const zone = zoneOf(row.get('TimeZone'))
    const receivedAt = dateTime(
      `${row.get('Date')} ${row.get('Time')}`,
      ['MM/dd/yyyy HH:mm:ss', 'M/d/yyyy H:mm:ss', 'MM/dd/yyyy'],
      zone,
      'date',
    )
    const type = row.get('Type')
    return {
      line: row.line,
      source: 'paypal',
      externalId,
      amount,
      currency,
      fees,
      net: amount - fees,
      receivedAt,
      recurring: /subscription|recurring/i.test(type),
      refunded: false,
      donor: {
        key: row.get('From Email Address').toLowerCase() || null,
        name: row.get('Name') || null,
        email: row.get('From Email Address') || null,
      },
      description: [type, row.get('Item Title'), row.get('Note')].filter(Boolean).join(' — ') || null,
    }
  })
  return { format: 'paypal', source: 'paypal', rows: rows.length, donations: out, skipped, errors, refundedExternalIds: [] }
}
