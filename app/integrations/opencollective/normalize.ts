// Open Collective transactions as plain donations: integers in minor units, one sign convention.
//
// How the ledger looks (opencollective-api @e3f35f58):
// - A contribution is a CREDIT on the collective, the donor on the other side (`oppositeAccount`).
// - A refund is a new transaction in a new group with `isRefund`, the same kind and negated amounts,
//   so on the collective's ledger it is a DEBIT (server/lib/payments.ts 309–398, 759–771;
//   models/Transaction.ts 437–441). The original and the refund point at each other through
//   `refundTransaction` (payments.ts 921–959); `isRefunded` is "not a refund and linked"
//   (graphql/v2/interface/Transaction.js 677–681). Refunds arrive later than their original, so an
//   incremental read learns of a refund from the refund itself, which names the original.
// - Fees are negative numbers in the host's currency; a refund gives the host fee back (positive)
//   and keeps no processor fee (payments.ts 348, 391).
// - `valueInCents` is a Float holding `parseInt(cents)` (object/Amount.ts); Open Collective keeps every
//   currency in hundredths, so JPY 1,500 is 150000 "cents" and becomes 1500 minor units here.
import { z } from 'zod'

const AmountSchema = z.object({ valueInCents: z.number().nullable(), currency: z.string().nullable() })

export const TransactionNodeSchema = z.object({
  id: z.string(),
  legacyId: z.number().int(),
  publicId: z.string().nullable().optional(),
  group: z.string(),
  type: z.enum(['CREDIT', 'DEBIT']),
  kind: z.string().nullable(),
  refundKind: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  createdAt: z.string(),
  clearedAt: z.string().nullable().optional(),
  amount: AmountSchema,
  amountInHostCurrency: AmountSchema,
  hostCurrencyFxRate: z.number().nullable().optional(),
  netAmount: AmountSchema,
  paymentProcessorFee: AmountSchema.nullable(),
  hostFee: AmountSchema.nullable(),
  platformFee: AmountSchema.nullable(),
  taxAmount: AmountSchema.nullable(),
  oppositeAccount: z.object({ slug: z.string(), name: z.string().nullable(), type: z.string(), isIncognito: z.boolean() }).nullable(),
  order: z.object({ id: z.string(), frequency: z.enum(['ONETIME', 'MONTHLY', 'YEARLY']).nullable() }).nullable(),
  isRefund: z.boolean().nullable(),
  isRefunded: z.boolean().nullable(),
  refundTransaction: z.object({ id: z.string(), legacyId: z.number().int() }).nullable(),
})
export type TransactionNode = z.infer<typeof TransactionNodeSchema>

export const TransactionsAnswerSchema = z.object({
  transactions: z.object({
    offset: z.number().int().nullable(),
    limit: z.number().int().nullable(),
    totalCount: z.number().int().nullable(),
    nodes: z.array(TransactionNodeSchema),
  }),
})

export type OpenCollectiveFrequency = 'ONETIME' | 'MONTHLY' | 'YEARLY'

/** One contribution (or its refund) on the collective's ledger. Money in minor units of `currency`. */
export interface OpenCollectiveDonation {
  source: 'opencollective'
  /** the API's `id` (a UUID; the CSV's `shortId` is its first 8 characters) */
  id: string
  /** the API's `legacyId` (the labelled CSV's "Transaction ID") */
  legacyId: number
  /** `tx_…`, on transactions that have one */
  publicId: string | null
  group: string
  kind: 'CONTRIBUTION' | 'ADDED_FUNDS'
  type: 'CREDIT' | 'DEBIT'
  createdAt: Date
  clearedAt: Date | null
  currency: string
  /** gross, signed as on the ledger: a refund is negative */
  amount: number
  /** everything withheld: `amount − net` */
  fees: number
  net: number
  /** the parts of `fees`, positive for a cost and negative when given back, in `currency` */
  feeBreakdown: { paymentProcessor: number; host: number; platform: number; tax: number }
  /** the gross in the host's currency: what the CSV export shows */
  hostAmount: { amount: number; currency: string }
  frequency: OpenCollectiveFrequency | null
  recurring: boolean
  orderId: string | null
  donor: {
    /** the account's slug (an incognito profile's `incognito-…` handle is public and names nobody) */
    key: string | null
    name: string | null
    /** never read: Open Collective shows e-mail addresses only to admins */
    email: null
    kind: 'person' | 'organisation'
    accountType: string | null
    anonymous: boolean
  }
  isRefund: boolean
  isRefunded: boolean
  refundKind: string | null
  /** on an original: its refund; on a refund: the original */
  refundTransaction: { id: string; legacyId: number } | null
  description: string | null
}

/** Digits after the decimal point in a currency (JPY 0, USD 2). */
export function currencyDigits(currency: string) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/** Open Collective's hundredths to ISO minor units (USD 1234 → 1234, JPY 150000 → 1500). */
export function minorUnits(valueInCents: number, currency: string) {
  const digits = currencyDigits(currency)
  return Math.round(digits === 2 ? valueInCents : (valueInCents / 100) * 10 ** digits)
}

export class OpenCollectiveDataError extends Error {
  override name = 'OpenCollectiveDataError'
}

function amountOf(node: TransactionNode, amount: z.infer<typeof AmountSchema> | null, what: string, currency?: string) {
  if (!amount || amount.valueInCents === null) return 0
  const unit = amount.currency ?? currency
  if (!unit) throw new OpenCollectiveDataError(`Transaction ${node.id}: the ${what} has no currency.`)
  return minorUnits(amount.valueInCents, unit)
}

/** Fees are negative on the ledger; a cost is positive here (and never −0). */
const cost = (value: number) => (value === 0 ? 0 : -value)

/** A fee in the host's currency, as a cost in the transaction's currency. */
function feeOf(node: TransactionNode, fee: z.infer<typeof AmountSchema> | null, currency: string, what: string) {
  if (!fee || fee.valueInCents === null || fee.valueInCents === 0) return 0
  const feeCurrency = fee.currency ?? currency
  if (feeCurrency === currency) return cost(minorUnits(fee.valueInCents, currency))
  // amount × hostCurrencyFxRate = amountInHostCurrency (schemaV2 Transaction.hostCurrencyFxRate)
  const rate = node.hostCurrencyFxRate
  if (!rate)
    throw new OpenCollectiveDataError(`Transaction ${node.id}: the ${what} is in ${feeCurrency} and no exchange rate came with it.`)
  return cost(minorUnits(fee.valueInCents / rate, currency))
}

const DONATION_KINDS = new Set(['CONTRIBUTION', 'ADDED_FUNDS'])

export function normalizeTransaction(node: TransactionNode): OpenCollectiveDonation {
  if (!node.kind || !DONATION_KINDS.has(node.kind)) {
    throw new OpenCollectiveDataError(`Transaction ${node.id} is a ${node.kind ?? 'kindless'} transaction, not a contribution.`)
  }
  const currency = node.amount.currency
  if (!currency || node.amount.valueInCents === null) throw new OpenCollectiveDataError(`Transaction ${node.id} has no amount.`)
  const amount = minorUnits(node.amount.valueInCents, currency)
  const net = amountOf(node, node.netAmount, 'net amount', currency)
  const hostCurrency = node.amountInHostCurrency.currency ?? currency
  const donor = node.oppositeAccount
  const anonymous = donor?.isIncognito ?? false
  const frequency = node.order?.frequency ?? null
  return {
    source: 'opencollective',
    id: node.id,
    legacyId: node.legacyId,
    publicId: node.publicId ?? null,
    group: node.group,
    kind: node.kind as OpenCollectiveDonation['kind'],
    type: node.type,
    createdAt: new Date(node.createdAt),
    clearedAt: node.clearedAt ? new Date(node.clearedAt) : null,
    currency,
    amount,
    fees: amount - net,
    net,
    feeBreakdown: {
      paymentProcessor: feeOf(node, node.paymentProcessorFee, currency, 'payment processor fee'),
      host: feeOf(node, node.hostFee, currency, 'host fee'),
      platform: feeOf(node, node.platformFee, currency, 'platform fee'),
      tax: cost(amountOf(node, node.taxAmount, 'tax', currency)),
    },
    hostAmount: { amount: amountOf(node, node.amountInHostCurrency, 'amount in host currency', hostCurrency), currency: hostCurrency },
    frequency,
    recurring: frequency === 'MONTHLY' || frequency === 'YEARLY',
    orderId: node.order?.id ?? null,
    donor: {
      key: donor?.slug ?? null,
      name: anonymous ? null : (donor?.name ?? null),
      email: null,
      kind: donor?.type === 'INDIVIDUAL' || !donor ? 'person' : 'organisation',
      accountType: donor?.type ?? null,
      anonymous,
    },
    isRefund: node.isRefund === true,
    isRefunded: node.isRefunded === true,
    refundKind: node.refundKind ?? null,
    refundTransaction: node.refundTransaction,
    description: node.description ?? null,
  }
}
