// Internships: form schemas and the pure rules (labels, status order). Database access in
// internships.server.ts.
import { z } from 'zod'
import { INTERN_STATUSES, type InternStatus, PROGRAMME_KINDS, type ProgrammeKind } from '#db/schema/internships.ts'

export const PROGRAMME_LABELS: Record<ProgrammeKind, string> = {
  gsoc: 'Google Summer of Code',
  outreachy: 'Outreachy',
  other: 'Other',
}

export const INTERN_STATUS_LABELS: Record<InternStatus, string> = {
  proposal: 'Proposal',
  accepted: 'Accepted',
  coding: 'Coding',
  evaluation: 'Evaluation',
  completed: 'Completed',
  not_completed: 'Not completed',
}

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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-05-27')
const optionalLogin = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,39}$/, 'A GitHub login: letters, digits and dashes')
  .optional()

export const ProgrammeSchema = z.object({
  kind: z.enum(PROGRAMME_KINDS, { error: 'Choose a programme' }),
  year: z.coerce.number({ error: 'Enter a year' }).int().min(2000, 'Enter a year from 2000').max(2100, 'Enter a year before 2100'),
  name: z.string({ error: 'Enter a name' }).trim().min(2, 'Enter a name').max(120),
  notes: z.string().trim().max(2000).optional(),
})
export type ProgrammeInput = z.infer<typeof ProgrammeSchema>

export const InternSchema = z.object({
  name: z.string({ error: "Enter the intern's name" }).trim().min(1, "Enter the intern's name").max(120),
  githubLogin: optionalLogin,
  project: z.string({ error: 'Enter the project' }).trim().min(2, 'Enter the project').max(200),
  status: z.enum(INTERN_STATUSES).default('proposal'),
  /** one mentor per line or comma-separated; "Name (login)" or just a name */
  mentors: z.string().trim().max(1000).optional(),
})
export type InternInput = z.infer<typeof InternSchema>

export const MilestoneSchema = z.object({
  title: z.string({ error: 'Enter what happens' }).trim().min(2, 'Enter what happens').max(200),
  dueOn: isoDate,
  internId: z.string().uuid().optional(),
})
export type MilestoneInput = z.infer<typeof MilestoneSchema>

export const InternStatusSchema = z.object({ internId: z.string().uuid(), status: z.enum(INTERN_STATUSES) })

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
