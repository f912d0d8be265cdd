// How an identity is written on the command line and in forms: `kind:value`, e.g.
// `github:octocat`, `commit:Ada Lovelace`, `forum:ada`, `email:ada@example.org`. Browser-safe.
import { z } from 'zod'
import { IDENTITY_KIND_LABELS, IDENTITY_KINDS, type IdentityKind } from './vocabulary.ts'

export interface IdentityRef {
  kind: IdentityKind
  value: string
}

/**
 * The value as the identity map keeps it: GitHub logins, forum usernames and e-mail addresses
 * are case-insensitive (lower-cased); a commit author's name is kept as written, trimmed.
 */
export function normaliseIdentityValue(kind: IdentityKind, value: string) {
  const trimmed = value.trim()
  return kind === 'commit' ? trimmed : trimmed.toLowerCase()
}

/** `github:octocat` → { kind: 'github', value: 'octocat' }; null when it is not `kind:value` with a known kind. */
export function parseIdentityRef(text: string): IdentityRef | null {
  const colon = text.indexOf(':')
  if (colon < 0) return null
  const kind = text.slice(0, colon).trim().toLowerCase()
  if (!(IDENTITY_KINDS as readonly string[]).includes(kind)) return null
  const value = normaliseIdentityValue(kind as IdentityKind, text.slice(colon + 1))
  if (!value) return null
  if (kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) return null
  return { kind: kind as IdentityKind, value }
}

export function formatIdentityRef(ref: IdentityRef) {
  return `${ref.kind}:${ref.value}`
}

/** "octocat (GitHub login)" */
export function describeIdentity(ref: IdentityRef) {
  return `${ref.value} (${IDENTITY_KIND_LABELS[ref.kind]})`
}

export const IDENTITY_REF_HELP = 'Write it as github:LOGIN, commit:AUTHOR NAME, forum:USERNAME or email:ADDRESS.'

const IdentityRefSchema = z
  .string({ error: 'Pick a contributor' })
  .trim()
  .min(1, 'Pick a contributor')
  .refine((v) => parseIdentityRef(v) !== null, IDENTITY_REF_HELP)

const sameIdentity = (a: string, b: string) => {
  const ra = parseIdentityRef(a)
  const rb = parseIdentityRef(b)
  return ra !== null && rb !== null && formatIdentityRef(ra) === formatIdentityRef(rb)
}

export const MergeIdentitiesSchema = z
  .object({ a: IdentityRefSchema, b: IdentityRefSchema })
  .refine((v) => !sameIdentity(v.a, v.b), { message: 'Pick two different contributors', path: ['b'] })

export const UndoMergeSchema = z.object({ mergeId: z.uuid({ error: 'Pick a merge to undo' }) })
