// What the importer reads and what it says about each donation: the export formats it parses, the
// sources it names, and the largest file it accepts. Plain values (no database, no domain), so the
// database schema and the fundraising vocabulary build on them and a browser can load them.

export const IMPORT_FORMATS = ['opencollective', 'github_sponsors_csv', 'github_sponsors_json', 'paypal', 'stripe', 'generic'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]
/** What an import batch was read from: a file in one of the formats, or a connection's sync with no file of its own. */
export const BATCH_FORMATS = [...IMPORT_FORMATS, 'github_sponsors_api'] as const
export type BatchFormat = (typeof BATCH_FORMATS)[number]

export const DONATION_SOURCES = ['opencollective', 'github_sponsors', 'stripe', 'paypal', 'numfocus', 'manual', 'other'] as const
export type DonationSource = (typeof DONATION_SOURCES)[number]

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024
