// What `sync github` and `sync sources` print about GitHub repositories: one line per kind's
// progress, one per repository at the end (and one per failed kind), the budget left.
import type { RepositorySyncReport, SyncProgress } from '#app/domain/community/github-ingestion.server.ts'
import { SYNC_KIND_LABELS } from '#app/domain/community/vocabulary.ts'
import type { WaitNotice } from '#app/integrations/github/client.server.ts'

const number = (n: number) => n.toLocaleString('en-GB')

export function formatProgress(p: SyncProgress) {
  const label = SYNC_KIND_LABELS[p.kind].toLowerCase()
  const of = p.total === null ? '' : ` of ${number(p.total)}`
  return `${p.repository} ${label}: ${number(p.done)}${of}${p.finished ? ' — done' : ''} (${p.requests} request${p.requests === 1 ? '' : 's'})`
}

export function formatWait(w: WaitNotice) {
  return `waiting ${Math.ceil(w.ms / 1000)} s (${w.cause ?? w.reason}), until ${w.until.toISOString()}`
}

/** The repository's requests by kind, then one line per kind that failed. */
export function formatRepositoryReport(r: RepositorySyncReport): string[] {
  const kinds = r.kinds.map((k) => `${SYNC_KIND_LABELS[k.kind].toLowerCase()} ${k.requests}`).join(', ')
  return [
    `${r.repository}: ${r.requests} requests (${kinds})`,
    ...r.kinds.filter((k) => k.error).map((k) => `  ${SYNC_KIND_LABELS[k.kind]} failed: ${k.error}`),
  ]
}

export function formatBudget(rateLimit: { remaining: number; resetAt: Date } | null) {
  return rateLimit ? `; ${number(rateLimit.remaining)} points left until ${rateLimit.resetAt.toISOString()}` : ''
}
