// Stripe payments export: "Created date (UTC)" as 2025-03-01 12:34:56 (older exports:
// "Created (UTC)" as 03/01/2025 12:34). A donation is a Paid payment; the refunded part is taken
// off the amount, a fully refunded payment is recorded as refunded.
//
// Currencies: "Amount", "Amount Refunded" and "Currency" are in the charge's (presentment) currency;
// "Converted Amount", "Converted Amount Refunded" and "Fee" are in the account's balance currency,
// named by "Converted Currency" — Stripe converts a charge into the balance currency and takes its
// fee there (the charge's balance transaction: amount, fee and net in the balance currency). A
// charge in another currency is therefore recorded in the balance currency: what the project
// received, with the fee it paid, never a fee in the wrong currency.
import { collectRows, currencyOf, dateTime, money, optionalMoney, readCsv, RowError, type CsvRow } from './csv.ts'
import { minorToDecimal } from '#app/utils/money.ts'
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
    const chargeCurrency = currencyOf(row.get('Currency'))
    const charged = money(row.get('Amount'), chargeCurrency, 'Amount')
    if (charged <= 0) throw new RowError('the amount must be positive')
    const chargeRefunded = Math.abs(optionalMoney(row.get('Amount Refunded'), chargeCurrency, 'Amount Refunded'))
    const fullyRefunded = chargeRefunded >= charged || /^refunded$/i.test(status)
    const converted = inBalanceCurrency(row, chargeCurrency, charged, chargeRefunded)
    const currency = converted?.currency ?? chargeCurrency
    const gross = converted?.amount ?? charged
    const refundedPart = converted?.refunded ?? chargeRefunded
    const amount = fullyRefunded ? gross : gross - refundedPart
    const fees = Math.abs(optionalMoney(row.get('Fee'), currency, 'Fee'))
    const original = converted ? `charged ${minorToDecimal(charged, chargeCurrency)} ${chargeCurrency}` : ''
    const description = [row.get('Description'), original].filter(Boolean).join('; ')
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

/**
 * The charge in the account's balance currency, when the export says it was converted. The refunded
 * part comes from "Converted Amount Refunded" when the export has it, else in proportion to the charge.
 */
function inBalanceCurrency(row: CsvRow, chargeCurrency: string, charged: number, chargeRefunded: number) {
  const balanceCurrency = row.get('Converted Currency')
  if (!balanceCurrency || currencyOf(balanceCurrency) === chargeCurrency) return null
  const currency = currencyOf(balanceCurrency)
  const amount = money(row.get('Converted Amount'), currency, 'Converted Amount')
  if (amount <= 0) throw new RowError('the converted amount must be positive')
  const refunded = row.get('Converted Amount Refunded')
    ? Math.abs(money(row.get('Converted Amount Refunded'), currency, 'Converted Amount Refunded'))
    : Math.round((amount * chargeRefunded) / charged)
  return { currency, amount, refunded }
}
