// Stripe payments export: "Created date (UTC)" as 2025-03-01 12:34:56 (older exports:
// "Created (UTC)" as 03/01/2025 12:34). A donation is a Paid payment; the refunded part is taken
// off the amount, a fully refunded payment is recorded as refunded.
import { collectRows, currencyOf, dateTime, money, optionalMoney, readCsv, RowError } from './csv.ts'
import { ImportFileError, type ParsedDonation, type ParseResult } from './types.ts'

export function isStripeHeader(header: string[]) {
  return header.includes('id') && (header.includes('Created date (UTC)') || header.includes('Created (UTC)')) && header.includes('Amount')
}

export function parseStripe(text: string): ParseResult {
  const { header, rows } = readCsv(text)
  const dateColumn = header.includes('Created date (UTC)') ? 'Created date (UTC)' : 'Created (UTC)'
  const missing = ['id', 'Amount', 'Currency', 'Status'].filter((c) => !header.includes(c))
  if (!header.includes(dateColumn)) missing.unshift('Created date (UTC)')
  if (missing.length)
    throw new ImportFileError(`This does not look like a Stripe payments export: missing ${missing.map((m) => `"${m}"`).join(', ')}.`)
  const { out, skipped, errors } = collectRows<ParsedDonation>(rows, (row) => {
    const status = row.get('Status')
    if (!/^(paid|succeeded|refunded)$/i.test(status)) return `not paid (${status || 'no status'})`
    const externalId = row.get('id')
    if (!externalId) throw new RowError('the id is empty')
    const currency = currencyOf(row.get('Currency'))
    const charged = money(row.get('Amount'), currency, 'Amount')
    if (charged <= 0) throw new RowError('the amount must be positive')
    const refundedPart = Math.abs(optionalMoney(row.get('Amount Refunded'), currency, 'Amount Refunded'))
    const fullyRefunded = refundedPart >= charged || /^refunded$/i.test(status)
    const amount = fullyRefunded ? charged : charged - refundedPart
    const fees = Math.abs(optionalMoney(row.get('Fee'), currency, 'Fee'))
    const description = row.get('Description')
    return {
      line: row.line,
      source: 'stripe',
      externalId,
      amount,
      currency,
      fees,
      net: amount - fees,
      receivedAt: dateTime(
        row.get(dateColumn),
        ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'MM/dd/yyyy HH:mm', 'M/d/yyyy H:mm', 'MM/dd/yyyy HH:mm:ss', 'iso'],
        'UTC',
        dateColumn,
      ),
      recurring: Boolean(row.get('Invoice ID')) || /subscription/i.test(description),
      refunded: fullyRefunded,
      donor: {
        key: row.get('Customer ID') || row.get('Customer Email').toLowerCase() || null,
        name: row.get('Customer Name') || row.get('Card Name') || null,
        email: row.get('Customer Email') || null,
      },
      description: description || null,
    }
  })
  return { format: 'stripe', source: 'stripe', rows: rows.length, donations: out, skipped, errors, refundedExternalIds: [] }
}
