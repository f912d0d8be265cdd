// Why a row of an import is not added: the words the preview shows per kind of match, with counts.
// Browser-safe: the preview component and the importer both use it.

/**
 * How a row met what is already there: `id` the same source and transaction id (or another of the
 * platform's ids for the same transaction), `details` an Open Collective donation synced from the
 * API met on date, amount, currency and donor (opencollective-match.ts), `file` a transaction id
 * the same file holds twice.
 */
export type DuplicateMatch = 'id' | 'details' | 'file'

export type DuplicateCounts = Record<DuplicateMatch, number>

export function countDuplicates(duplicates: { match: DuplicateMatch }[]): DuplicateCounts {
  const counts: DuplicateCounts = { id: 0, details: 0, file: 0 }
  for (const d of duplicates) counts[d.match] += 1
  return counts
}

/** "12 already imported (same transaction id) · 3 matched on date, amount, currency and donor"; "none" for none. */
export function describeDuplicates(counts: DuplicateCounts) {
  const parts = [
    counts.id ? `${counts.id} already imported (same transaction id)` : null,
    counts.details ? `${counts.details} matched on date, amount, currency and donor` : null,
    counts.file ? `${counts.file} twice in this file (same transaction id)` : null,
  ].filter(Boolean)
  return parts.length ? parts.join(' · ') : 'none'
}
