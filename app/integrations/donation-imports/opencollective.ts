// Open Collective transactions export. Two header styles: the 2023 field ids ("datetime",
// "shortId", "shortGroup", …) and the 2024+ "Platform Default" labels ("Effective Date & Time",
// "Transaction ID", "Group ID", …). One contribution is a group of rows: the CREDIT CONTRIBUTION
// (amount, and before 2024 the payment processor fee), the DEBIT HOST_FEE and, since 2024, the DEBIT
// PAYMENT_PROCESSOR_FEE and TAX; fees are all of them together (as the API sync counts them).
//
// Which column holds which amount follows Open Collective's own exporter (opencollective-rest,
// src/server/controllers/account-transactions.ts): field id `amount` / label "Gross Amount" is
// amountInHostCurrency (gross); `netAmount` / "Amount Single Column" is netAmountInHostCurrency
// (net of the fees the export was asked to fetch); "Payment Processor Fee", "Host Fee" and
// "Platform Fee" are those fees, negative. The labelled layout's "Transaction ID" is the API's
// `legacyId`; "Transaction GraphQL ID" is its `id`, and the 2023 `shortId` is that id's first 8 characters.
//
// Since 2024 Open Collective records the payment processor's fee and the tax as their own
// transactions (kinds PAYMENT_PROCESSOR_FEE and TAX, in the contribution's TransactionGroup;
// opencollective-api models/Transaction.ts createPaymentProcessorFeeTransactions), and the
// contribution row keeps no fee. The "Platform Default" preset (opencollective-frontend's
// PLATFORM_PRESETS.DEFAULT: labels, "Amount Single Column" but no "Gross Amount" and no fee column,
// flattenTaxesAndPaymentProcessorFees false) therefore carries those fees as DEBIT rows of the group;
// when flattened, the exporter leaves those rows out and fills the columns instead. So a group's fee
// rows count when its contribution row carries none, and on such a contribution the net column is
// its gross (nothing was taken from that row).
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
  tax: string
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
  tax: 'taxAmount',
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
  tax: 'Tax Amount',
  currency: 'Currency',
  donorSlug: 'Opposite Account Handle',
  donorName: 'Opposite Account Name',
  description: 'Description',
  isReverse: 'Is Reverse',
  isReversed: 'Is Reversed',
  reverseId: 'Reverse Transaction ID',
  frequency: 'Contribution Frequency',
}

/** The fees Open Collective records as their own transactions of a contribution's group. */
const FEE_KINDS = { HOST_FEE: 'host fee', PAYMENT_PROCESSOR_FEE: 'payment processor fee', TAX: 'tax' } as const

/**
 * Kinds that move money on the collective's ledger without being a donation or a fee of one
 * (opencollective-api server/constants/transaction-kind.ts), skipped with what they are:
 * - PAYMENT_PROCESSOR_COVER: "amount given by Fiscal Hosts to cover payment processor fee on
 *   refunds" — a CREDIT from the host in the refund's group (isRefund; lib/payments.ts
 *   refundPaymentProcessorFeeToCollective), or a host's compensation of a payout fee. Not a
 *   contributor's money: counting it would add the refunded donation's processor fee back as income.
 * - PAYMENT_PROCESSOR_DISPUTE_FEE: "amount paid by the Fiscal Host to cover a lost fraud dispute fee"
 *   — a DEBIT on the host's own ledger (in a collective's export only when it is its own host). The
 *   disputed donation is reversed (a refund of kind DISPUTE) and counts for nothing, so the fee is
 *   not a fee of any donation counted.
 * Every other kind that is not CONTRIBUTION or ADDED_FUNDS (EXPENSE, PLATFORM_TIP, HOST_FEE_SHARE, …)
 * is skipped as "not a contribution".
 */
const NOT_DONATIONS: Record<string, string> = {
  PAYMENT_PROCESSOR_COVER: 'payment processor fee covered by the host, not a donation',
  PAYMENT_PROCESSOR_DISPUTE_FEE: 'dispute fee paid by the host, not a fee of a donation counted',
}

/** Added to the description of a donation whose amount is the export's net, not a known gross. */
const GROSS_UNKNOWN = "gross unknown: the amount is Open Collective's net of any payment processor fee"

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
  const feeColumns = [c.processorFee, c.hostFee, c.platformFee, c.tax].filter(has)
  // Without a gross column and without fee columns, only the net amount is known.
  const netOnly = !has(c.amount) && feeColumns.length === 0

  const upper = (row: CsvRow, column: string) => row.get(column).toUpperCase()
  // First pass: the fees that are their own rows, per kind and group (the DEBIT rows of those kinds
  // that are not refunds).
  const separateFees = new Map<string, Map<string, number>>(Object.keys(FEE_KINDS).map((kind) => [kind, new Map()]))
  const errors: RowNote[] = []
  for (const row of rows) {
    const byGroup = separateFees.get(upper(row, c.kind))
    if (!byGroup || upper(row, c.type) !== 'DEBIT' || truthy(row.get(c.isRefund)) || truthy(row.get(c.isReverse))) continue
    try {
      const column = has(c.amount) ? c.amount : c.net
      const fee = Math.abs(money(row.get(column), currencyOf(row.get(c.currency)), column))
      byGroup.set(row.get(c.group), (byGroup.get(row.get(c.group)) ?? 0) + fee)
    } catch (error) {
      if (error instanceof RowError) errors.push({ line: row.line, reason: error.message })
      else throw error
    }
  }

  const donations: ParsedDonation[] = []
  const skipped: RowNote[] = []
  const refundedExternalIds: string[] = []
  let netOnlyCount = 0
  for (const row of rows) {
    const type = upper(row, c.type)
    const kind = upper(row, c.kind)
    const isRefund = truthy(row.get(c.isRefund)) || truthy(row.get(c.isReverse))
    const what = FEE_KINDS[kind as keyof typeof FEE_KINDS]
    if (what) {
      if (errors.some((e) => e.line === row.line)) continue
      skipped.push({
        line: row.line,
        reason: isRefund ? `${what} refund` : `${what} (counted in the fees of its contribution)`,
      })
      continue
    }
    if (NOT_DONATIONS[kind]) {
      skipped.push({ line: row.line, reason: NOT_DONATIONS[kind] })
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
      const group = row.get(c.group)
      // A fee is on the contribution's row when the export fetched it (or the row predates the
      // separate fee transactions), else its own DEBIT row of the group: never both.
      const own = { processor: fee(c.processorFee), host: fee(c.hostFee), tax: fee(c.tax), platform: fee(c.platformFee) }
      const separate = (kind: keyof typeof FEE_KINDS, onRow: number) => (onRow ? 0 : (separateFees.get(kind)?.get(group) ?? 0))
      const separateProcessorFee = separate('PAYMENT_PROCESSOR_FEE', own.processor)
      const ownFees = own.processor + own.host + own.tax + own.platform
      const fees = ownFees + separateProcessorFee + separate('HOST_FEE', own.host) + separate('TAX', own.tax)
      // "Amount Single Column" is net of the fees kept on the contribution's row (the fee columns
      // the export carries; an absent column counts 0), not of separate fee rows.
      const amount = has(c.amount) ? money(row.get(c.amount), currency, c.amount) : money(row.get(c.net), currency, c.net) + ownFees
      if (amount <= 0) throw new RowError('a contribution must have a positive amount')
      // Net only, and no separate processor fee row: the file's net may already be less a processor
      // fee it does not show, so the amount recorded is that net, not a known gross. The ledger has
      // no empty gross (donations.amount is required), so the donation itself says so.
      const grossUnknown = netOnly && !separateProcessorFee
      const description = row.get(c.description) || null
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
        ...(grossUnknown ? { grossKnown: false } : {}),
        donor: { key: row.get(c.donorSlug) || null, name: row.get(c.donorName) || null, email: null },
        description: grossUnknown ? [description, GROSS_UNKNOWN].filter(Boolean).join(' — ') : description,
      })
      if (grossUnknown) netOnlyCount += 1
    } catch (error) {
      if (error instanceof RowError) errors.push({ line: row.line, reason: error.message })
      else throw error
    }
  }
  errors.sort((a, b) => a.line - b.line)
  // The preview says so for the file, and how many.
  const notices = netOnlyCount
    ? [
        `This export has no "Gross Amount" and no fee columns, only "Amount Single Column", which is net of any payment processor fee kept on the contribution itself. ${netOnlyCount} of ${donations.length} donation${donations.length === 1 ? '' : 's'} ${netOnlyCount === 1 ? 'has' : 'have'} no separate payment processor fee row: gross is unknown for ${netOnlyCount === 1 ? 'it' : 'them'}, so ${netOnlyCount === 1 ? 'it is' : 'they are'} recorded at that net amount, less the fees of ${netOnlyCount === 1 ? 'its' : 'their'} own rows (host fee, tax). Export with "Gross Amount" and the fee columns to record them in full.`,
      ]
    : []
  return { format: 'opencollective', source: 'opencollective', rows: rows.length, donations, skipped, errors, refundedExternalIds, notices }
}
