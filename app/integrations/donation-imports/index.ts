// Donation imports: pure parsing of platform exports. Detects the format from the header (or
// takes it as given), and returns donations to add, rows skipped (not donations) and rows in
// error (line and reason). A file that cannot be read at all throws ImportFileError.
import { decodeImportFile, readHeader } from './csv.ts'
import type { ImportFormat } from './formats.ts'
import { parseGeneric } from './generic.ts'
import { isGitHubSponsorsHeader, parseGitHubSponsorsCsv, parseGitHubSponsorsJson } from './github-sponsors.ts'
import { isOpenCollectiveHeader, parseOpenCollective } from './opencollective.ts'
import { isPayPalHeader, parsePayPal } from './paypal.ts'
import { isStripeHeader, parseStripe } from './stripe.ts'
import { type GenericMapping, ImportFileError, type ParseResult } from './types.ts'

export { MAX_IMPORT_BYTES } from './formats.ts'
export { GenericMappingSchema } from './mapping.ts'
export { decodeImportFile } from './csv.ts'
export * from './types.ts'

/** The format a file's first line (or first character, for JSON) says it is, or null. */
export function detectFormat(text: string): ImportFormat | null {
  const start = text.trimStart()
  if (start.startsWith('[') || start.startsWith('{')) return 'github_sponsors_json'
  const header = readHeader(text)
  if (isOpenCollectiveHeader(header)) return 'opencollective'
  if (isGitHubSponsorsHeader(header)) return 'github_sponsors_csv'
  if (isPayPalHeader(header)) return 'paypal'
  if (isStripeHeader(header)) return 'stripe'
  return null
}

export function parseDonationText(
  text: string,
  options: { format?: ImportFormat | null; mapping?: GenericMapping | null } = {},
): ParseResult {
  const format = options.format ?? detectFormat(text)
  if (!format) {
    throw new ImportFileError(
      'Unknown format: the first line matches none of Open Collective, GitHub Sponsors, PayPal or Stripe. Choose the format, or import it as another CSV with a column mapping.',
    )
  }
  switch (format) {
    case 'opencollective':
      return parseOpenCollective(text)
    case 'github_sponsors_csv':
      return parseGitHubSponsorsCsv(text)
    case 'github_sponsors_json':
      return parseGitHubSponsorsJson(text)
    case 'paypal':
      return parsePayPal(text)
    case 'stripe':
      return parseStripe(text)
    case 'generic':
      if (!options.mapping)
        throw new ImportFileError('A generic CSV needs a column mapping: say which columns hold the date, the amount and the currency.')
      return parseGeneric(text, options.mapping)
  }
}

/** Bytes of an uploaded file → parse result (all file-level checks included). */
export function parseDonationFile(
  bytes: Uint8Array,
  options: { format?: ImportFormat | null; mapping?: GenericMapping | null } = {},
): ParseResult {
  return parseDonationText(decodeImportFile(bytes), options)
}
