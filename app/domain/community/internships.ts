// Internships: the pure rules (status order, mentors as typed). Labels in vocabulary.ts, form
// schemas in schemas.ts, database access in internships.server.ts.
import { INTERN_STATUSES, type InternStatus } from './vocabulary.ts'

/** The statuses an intern may move to from `status` (forward one step, or to not completed; corrections back one step). */
export function nextStatuses(status: InternStatus): InternStatus[] {
  const i = INTERN_STATUSES.indexOf(status)
  if (status === 'completed' || status === 'not_completed') return ['evaluation']
  const out: InternStatus[] = []
  if (i > 0) out.push(INTERN_STATUSES[i - 1]!)
  out.push(INTERN_STATUSES[i + 1]!)
  if (status === 'evaluation') out.push('not_completed')
  else if (status !== 'proposal') out.push('not_completed')
  return out
}

/** "Ada Lovelace (ada), Grace Hopper" → [{ name: 'Ada Lovelace', githubLogin: 'ada' }, { name: 'Grace Hopper', githubLogin: null }] */
export function parseMentors(text: string | undefined): { name: string; githubLogin: string | null }[] {
  if (!text) return []
  return text
    .split(/[\n,;]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.*?)\s*\(@?([A-Za-z0-9-]{1,39})\)$/.exec(part)
      if (m && m[1]) return { name: m[1].trim(), githubLogin: m[2]! }
      if (/^@[A-Za-z0-9-]{1,39}$/.test(part)) return { name: part.slice(1), githubLogin: part.slice(1) }
      return { name: part, githubLogin: null }
    })
}
