// A generic CSV with a column mapping (fiscal-sponsor statements such as NumFOCUS's). Without an
// id column, a row's id is a hash of its content: re-importing the same statement adds nothing.
import { createHash } from 'node:crypto'
import { collectRows, currencyOf, dateTime, money, optionalMoney, readCsv, requireColumns, RowError, truthy } from './csv.ts'
import type { GenericMapping, ParsedDonation, ParseResult } from './types.ts'

export function parseGeneric(text: string, mapping: GenericMapping): ParseResult {
  const { header, rows } = readCsv(text)
  const used = [
    mapping.date,
    mapping.amount,
    mapping.currencyColumn,
    mapping.fees,
    mapping.externalId,
    mapping.donorName,
    mapping.donorEmail,
    mapping.recurring,
    mapping.description,
  ].filter((c): c is string => Boolean(c))
  requireColumns(header, used, 'file for this mapping')
  const seen = new Map<string, number>()
  const formats = mapping.dateFormat === 'iso' ? ['iso', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd'] : [mapping.dateFormat]
  const { out, skipped, errors } = collectRows<ParsedDonation>(rows, (row) => {
    const rawAmount = row.get(mapping.amount)
    if (rawAmount === '' && row.get(mapping.date) === '') return 'empty row'
    const currency = mapping.currencyColumn ? currencyOf(row.get(mapping.currencyColumn)) : currencyOf(mapping.currency ?? '')
    const amount = money(rawAmount, currency, mapping.amount, { decimalComma: mapping.decimalComma })
    if (amount <= 0) return 'not money in (zero or negative amount)'
    const fees = mapping.fees
      ? Math.abs(optionalMoney(row.get(mapping.fees), currency, mapping.fees, { decimalComma: mapping.decimalComma }))
      : 0
    const receivedAt = dateTime(row.get(mapping.date), formats, 'UTC', mapping.date)
    const name = mapping.donorName ? row.get(mapping.donorName) : ''
    const email = mapping.donorEmail ? row.get(mapping.donorEmail) : ''
    let externalId = mapping.externalId ? row.get(mapping.externalId) : ''
    if (mapping.externalId && !externalId) throw new RowError(`the ${mapping.externalId} column is empty`)
    if (!externalId) {
      const content = [receivedAt.toISOString(), amount, currency, fees, name, email].join('|')
      const n = (seen.get(content) ?? 0) + 1
      seen.set(content, n)
      externalId = `row-${createHash('sha256').update(`${content}|${n}`).digest('hex').slice(0, 24)}`
    }
    return {
      line: row.line,
      source: mapping.source,
      externalId,
      amount,
      currency,
      fees,
      net: amount - fees,
      receivedAt,
      recurring: mapping.recurring ? truthy(row.get(mapping.recurring)) : false,
      refunded: false,
      donor: { key: email.toLowerCase() || name || null, name: name || null, email: email || null },
      description: mapping.description ? row.get(mapping.description) || null : null,
    }
  })
  return { format: 'generic', source: mapping.source, rows: rows.length, donations: out, skipped, errors, refundedExternalIds: [] }
}
