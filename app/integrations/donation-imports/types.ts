import type { DonationSource, ImportFormat } from './formats.ts'

/** One donation read from an export, before it meets the ledger. Money in minor units. */
export interface ParsedDonation {
  /** line of the file (1 = header for CSV; the transaction's position for JSON) */
  line: number
  source: DonationSource
  externalId: string
  amount: number
  currency: string
  fees: number
  net: number
  receivedAt: Date
  recurring: boolean
  /** refunded or reversed on the platform: recorded, counts for nothing */
  refunded: boolean
  /** false when the file gave only the net: `amount` is then that net, not a gross (absent: known) */
  grossKnown?: boolean
  donor: { key: string | null; name: string | null; email: string | null; kind?: 'person' | 'organisation' }
  description: string | null
}

export interface RowNote {
  line: number
  reason: string
}

export interface ParseResult {
  format: ImportFormat
  source: DonationSource
  /** data rows read (not counting the header) */
  rows: number
  donations: ParsedDonation[]
  skipped: RowNote[]
  errors: RowNote[]
  /** external ids of donations this file says were refunded or reversed (may be in earlier imports) */
  refundedExternalIds: string[]
  /** what the preview must say about the file as a whole (for example, an amount it does not carry) */
  notices?: string[]
}

/** The file as a whole cannot be imported: nothing is written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError'
}

/** Column mapping for the generic CSV importer (e.g. a NumFOCUS statement). */
export interface GenericMapping {
  source: DonationSource
  date: string
  /** luxon format of the date column, or 'iso' */
  dateFormat: string
  amount: string
  /** a column holding the currency, or a fixed ISO code */
  currencyColumn?: string | null
  currency?: string | null
  fees?: string | null
  externalId?: string | null
  donorName?: string | null
  donorEmail?: string | null
  recurring?: string | null
  description?: string | null
  decimalComma?: boolean
}
