// The community area's forms: one zod schema each, used by the action (parse on the server) and
// the form (Conform's constraints and validation in the browser). Browser-safe.
import { z } from 'zod'
import { parseLogins, parseRepositoryName } from './repositories.ts'
import { INTERN_STATUSES, PROGRAMME_KINDS } from './vocabulary.ts'

// ---------------------------------------------------------------------------------------------
// Repositories and maintainers (/community/repositories)

const RepositoryNameSchema = z
  .string({ message: 'Give the repository as OWNER/NAME' })
  .trim()
  .min(1, 'Give the repository as OWNER/NAME')
  .transform((value, ctx) => {
    const parsed = parseRepositoryName(value)
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'Give the repository as OWNER/NAME, for example pybamm-team/PyBaMM' })
      return z.NEVER
    }
    return parsed
  })

export const AddRepositorySchema = z.object({ intent: z.literal('add'), repository: RepositoryNameSchema })

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/

export const MaintainersSchema = z.object({
  intent: z.literal('maintainers'),
  maintainers: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const logins = parseLogins(value ?? '')
      const bad = logins.filter((l) => !LOGIN.test(l))
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `Not a GitHub login: ${bad.join(', ')}` })
        return z.NEVER
      }
      return logins
    }),
})

/** "Sync now" and "Deactivate" on one repository. */
export const RepositoryRefSchema = z.object({ repositoryId: z.uuid() })

/** "Sync all now". */
export const SyncAllSchema = z.object({ intent: z.literal('sync-all') })

// ---------------------------------------------------------------------------------------------
// Internships (/community/internships)

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

const programmeId = z.string().uuid()

/** An intern added to a programme. */
export const AddInternSchema = InternSchema.extend({ programmeId })

/** A milestone added to a programme (for one of its interns, or the whole programme). */
export const AddMilestoneSchema = MilestoneSchema.extend({ programmeId })

export const InternStatusSchema = z.object({ internId: z.string().uuid(), status: z.enum(INTERN_STATUSES) })

/** "Done" and "Reopen" on a milestone. */
export const MilestoneRefSchema = z.object({ milestoneId: z.string().uuid() })

// ---------------------------------------------------------------------------------------------
// Triage (/community/triage)

export const HandledElsewhereSchema = z.object({
  itemId: z.string().uuid(),
  note: z.string({ error: 'Say where it was handled' }).trim().min(3, 'Say where it was handled (e.g. "answered on the forum")').max(500),
})

export const SnoozeSchema = z.object({
  itemId: z.string().uuid(),
  until: z.string({ error: 'Pick a date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick a date'),
})

/** "Put back" on an item set aside. */
export const TriageItemRefSchema = z.object({ itemId: z.string().uuid() })

export const ResponseTargetSchema = z.object({
  targetHours: z.coerce
    .number({ error: 'Enter a number of hours' })
    .int('Whole hours')
    .min(1, 'At least 1 hour')
    .max(2160, 'At most 90 days'),
})
