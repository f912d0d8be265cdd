// Open Collective transactions export. Two header styles: the 2023 field ids ("datetime",
// "shortId", "shortGroup", …) and the 2024+ "Platform Default" labels ("Effective Date & Time",
// "Transaction ID", "Group ID", …). One contribution is a group of rows: the CREDIT CONTRIBUTION
// (amount, payment processor fee) and the DEBIT HOST_FEE; fees are both together.
//
// Which column holds which amount follows Open Collective's own exporter (opencollective-rest,
// src/server/controllers/account-transactions.ts): field id `amount` / label "Gross Amount" is
// amountInHostCurrency (gross); `netAmount` / "Amount Single Column" is netAmountInHostCurrency
// (net of the fees the export was asked to fetch); "Payment Processor Fee", "Host Fee" and
// "Platform Fee" are those fees, negative. The labelled layout's "Transaction ID" is the API's
// `legacyId`; "Transaction GraphQL ID" is its `id`, and the 2023 `shortId` is that id's first 8 characters.
import { currencyOf, dateTime, money, optionalMoney, readCsv, requireColumns, RowError, truthy, type CsvRow } from './csv.ts'
import type { ParsedDonation, ParseResult, RowNote } from './types.ts'

interface Columns {
  date: string
  id: string
  group: string
  type: string
  kind: string
  isRefund: string
  isRefunded: string
  refundId: string
  /** the gross amount; absent from some labelled exports (then: net plus the fee columns present) */
  amount: string
  /** the net amount, when the file carries one */
  net: string
  processorFee: string
  hostFee: string
  platformFee: string
  currency: string
  donorSlug: string
  donorName: string
  description: string
  isReverse: string
  isReversed: string
  reverseId: string
  frequency: string
}

const LEGACY: Columns = {
  date: 'datetime',
  id: 'shortId',
  group: 'shortGroup',
  type: 'type',
  kind: 'kind',
  isRefund: 'isRefund',
  isRefunded: 'isRefunded',
  refundId: 'shortRefundId',
  amount: 'amount',
  net: 'netAmount',
  processorFee: 'paymentProcessorFee',
  hostFee: 'hostFee',
  platformFee: 'platformFee',
  currency: 'currency',
  donorSlug: 'oppositeAccountSlug',
  donorName: 'oppositeAccountName',
  description: 'description',
  isReverse: 'isReverse',
  isReversed: 'isReversed',
  reverseId: 'reverseTransactionId',
  frequency: 'orderFrequency',
}

const LABELLED: Columns = {
  date: 'Effective Date & Time',
  id: 'Transaction ID',
  group: 'Group ID',
  type: 'Credit/Debit',
  kind: 'Kind',
  isRefund: 'Is Refund',
  isRefunded: 'Is Refunded',
  // "Refund ID" is the refund's GraphQL id; "Refund Transaction ID" its legacy id, like "Transaction ID".
  refundId: 'Refund Transaction ID',
  amount: 'Gross Amount',
  net: 'Amount Single Column',
  processorFee: 'Payment Processor Fee',
  hostFee: 'Host Fee',
  platformFee: 'Platform Fee',
  currency: 'Currency',
  donorSlug: 'Opposite Account Handle',
  donorName: 'Opposite Account Name',
  description: 'Description',
  isReverse: 'Is Reverse',
  isReversed: 'Is Reversed',
  reverseId: 'Reverse Transaction ID',
  frequency: 'Contribution Frequency',
}

export function isOpenCollectiveHeader(header: string[]) {
  return isLegacy(header) || isLabelled(header)
}
const isLegacy = (h: string[]) => h.includes('shortGroup') && h.includes('kind') && h.includes('type')
const isLabelled = (h: string[]) => h.includes('Group ID') && h.includes('Kind') && h.includes('Credit/Debit')

export function parseOpenCollective(text: string): ParseResult {
  const { header, rows } = readCsv(text)
  const c: Columns = isLabelled(header) && !isLegacy(header) ? { ...LABELLED } : LEGACY
  if (c === LEGACY) requireColumns(header, [c.date, c.id, c.group, c.type, c.kind, c.amount, c.currency], 'Open Collective transactions')
  else {
    // Older labelled exports call some columns differently.
    if (!header.includes(c.date) && header.includes('Date & Time')) c.date = 'Date & Time'
    if (!header.includes(c.donorSlug) && header.includes('Opposite Account Slug')) c.donorSlug = 'Opposite Account Slug'
    if (!header.includes(c.frequency) && header.includes('Order Frequency')) c.frequency = 'Order Frequency'
    if (!header.includes(c.refundId) && header.includes('Refund ID')) c.refundId = 'Refund ID'
    requireColumns(header, [c.date, c.id, c.group, c.type, c.kind, c.currency], 'Open Collective transactions')
    if (!header.includes(c.amount) && !header.includes(c.net))
      requireColumns(header, [c.amount], 'Open Collective transactions (or "Amount Single Column")')
  }
  const has = (column: string) => header.includes(column)
  const feeColumns = [c.processorFee, c.hostFee, c.platformFee].filter(has)
  // Without a gross column and without fee columns, only the net amount is known.
  const grossUnknown = !has(c.amount) && feeColumns.length === 0

  const upper = (row: CsvRow, column: string) => row.get(column).toUpperCase()
  // First pass: host fees per group (the DEBIT HOST_FEE rows that are not refunds).
  const hostFees = new Map<string, number>()
  const errors: RowNote[] = []
  for (const row of rows) {
    if (upper(row, c.kind) !== 'HOST_FEE' || upper(row, c.type) !== 'DEBIT' || truthy(row.get(c.isRefund))) continue
    try {
      const column = has(c.amount) ? c.amount : c.net
      const fee = Math.abs(money(row.get(column), currencyOf(row.get(c.currency)), column))
      hostFees.set(row.get(c.group), (hostFees.get(row.get(c.group)) ?? 0) + fee)
    } catch (error) {
      if (error instanceof RowError) errors.push({ line: row.line, reason: error.message })
      else throw error
    }
  }

  const donations: ParsedDonation[] = []
  const skipped: RowNote[] = []
  const refundedExternalIds: string[] = []
  for (const row of rows) {
    const type = upper(row, c.type)
    const kind = upper(row, c.kind)
    const isRefund = truthy(row.get(c.isRefund)) || truthy(row.get(c.isReverse))
    if (kind === 'HOST_FEE') {
      if (errors.some((e) => e.line === row.line)) continue
      skipped.push({ line: row.line, reason: isRefund ? 'host fee refund' : 'host fee (counted in the fees of its contribution)' })
      continue
    }
    if (kind !== 'CONTRIBUTION' && kind !== 'ADDED_FUNDS') {
      skipped.push({ line: row.line, reason: `not a contribution (${kind || 'no kind'})` })
      continue
    }
    if (type === 'DEBIT') {
      if (isRefund) {
        const original = row.get(c.refundId) || row.get(c.reverseId)
        if (original) refundedExternalIds.push(original)
        skipped.push({ line: row.line, reason: original ? `refund of transaction ${original}` : 'refund' })
      } else skipped.push({ line: row.line, reason: 'money going out (debit)' })
      continue
    }
    if (type !== 'CREDIT') {
      errors.push({ line: row.line, reason: `"${row.get(c.type)}" is neither CREDIT nor DEBIT` })
      continue
    }
    if (isRefund) {
      skipped.push({ line: row.line, reason: 'refund credited back' })
      continue
    }
    try {
      const externalId = row.get(c.id)
      if (!externalId) throw new RowError('the transaction id is empty')
      const currency = currencyOf(row.get(c.currency))
      const fee = (column: string) => (has(column) ? Math.abs(optionalMoney(row.get(column), currency, column)) : 0)
      // The host fee is on the contribution's row when the export fetched it, else its own DEBIT row.
      const hostFee = fee(c.hostFee) || (hostFees.get(row.get(c.group)) ?? 0)
      const fees = fee(c.processorFee) + fee(c.platformFee) + hostFee
      // "Amount Single Column" is net of the fee columns the export carries, not of a separate host fee row.
      const amount = has(c.amount)
        ? money(row.get(c.amount), currency, c.amount)
        : money(row.get(c.net), currency, c.net) + feeColumns.reduce((sum, column) => sum + fee(column), 0)
      if (amount <= 0) throw new RowError('a contribution must have a positive amount')
      const frequency = row.get(c.frequency).toUpperCase()
      donations.push({
        line: row.line,
        source: 'opencollective',
        externalId,
        amount,
        currency,
        fees,
        net: amount - fees,
        receivedAt: dateTime(row.get(c.date), ['iso', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd'], 'UTC', 'date'),
        recurring: frequency === 'MONTHLY' || frequency === 'YEARLY',
        refunded: truthy(row.get(c.isRefunded)) || truthy(row.get(c.isReversed)),
        donor: { key: row.get(c.donorSlug) || null, name: row.get(c.donorName) || null, email: null },
        description: row.get(c.description) || null,
      })
    } catch (error) {
      if (error instanceof RowError) errors.push({ line: row.line, reason: error.message })
      else throw error
    }
  }
  errors.sort((a, b) => a.line - b.line)
  const notices =
    grossUnknown && donations.length
      ? [
          'This export has no "Gross Amount" and no fee columns, only "Amount Single Column" (net of the payment processor\'s fee): gross is unknown, so donations are recorded at that amount, less host fees. Export with the gross amount and fees to record them in full.',
        ]
      : []
  return { format: 'opencollective', source: 'opencollective', rows: rows.length, donations, skipped, errors, refundedExternalIds, notices }
}
