// The community area's forms: one zod schema each, used by the action (parse on the server) and
// the form (Conform's constraints and validation in the browser). Browser-safe.
import { z } from 'zod'
import { isTriageItemId } from './email-triage.ts'
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

/** A queue item: a GitHub item's or forum topic's id, or an e-mail thread's `email:…` id (email-triage.ts). */
const TriageItemIdSchema = z.string().max(1100).refine(isTriageItemId, 'This item is not in the queue.')

export const HandledElsewhereSchema = z.object({
  itemId: TriageItemIdSchema,
  note: z.string({ error: 'Say where it was handled' }).trim().min(3, 'Say where it was handled (e.g. "answered on the forum")').max(500),
})

export const SnoozeSchema = z.object({
  itemId: TriageItemIdSchema,
  until: z.string({ error: 'Pick a date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick a date'),
})

/** "Put back" on an item set aside. */
export const TriageItemRefSchema = z.object({ itemId: TriageItemIdSchema })

export const ResponseTargetSchema = z.object({
  targetHours: z.coerce
    .number({ error: 'Enter a number of hours' })
    .int('Whole hours')
    .min(1, 'At least 1 hour')
    .max(2160, 'At most 90 days'),
})

// ---------------------------------------------------------------------------------------------
// Forums and mailboxes (/community/sources)

/** "a, b c" or one per line → ['a', 'b', 'c'] */
const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean)

const optionalText = z.string().trim().optional()
const ENV_VAR = /^[A-Z][A-Z0-9_]{0,63}$/
const optionalEnvVar = z
  .string()
  .trim()
  .regex(ENV_VAR, 'Capitals, digits and underscores, starting with a letter (like DISCOURSE_API_KEY)')
  .optional()

export const AddForumSchema = z
  .object({
    intent: z.literal('add-forum'),
    url: z.string({ message: "Give the forum's address" }).trim().url("Give the forum's address, e.g. https://forum.example.org"),
    apiUsername: optionalText,
    apiKey: z.string().optional(),
    apiKeyEnv: optionalEnvVar,
    categories: z.string().optional().transform(listOf),
    groups: z.string().optional().transform(listOf),
  })
  .superRefine((value, ctx) => {
    if (value.apiKey && value.apiKeyEnv)
      ctx.addIssue({ code: 'custom', path: ['apiKeyEnv'], message: 'Give the key or the variable that holds it, not both' })
    if ((value.apiKey || value.apiKeyEnv) && !value.apiUsername)
      ctx.addIssue({ code: 'custom', path: ['apiUsername'], message: 'An API key needs the username it acts as' })
  })

export const AddMailboxSchema = z
  .object({
    intent: z.literal('add-mailbox'),
    host: z.string({ message: 'The IMAP server is required' }).trim().min(1, 'The IMAP server is required'),
    port: z.coerce.number({ message: 'A port number' }).int('A port number').min(1).max(65535).optional(),
    tls: z.enum(['tls', 'none']).default('tls'),
    user: z.string({ message: 'The user name is required' }).trim().min(1, 'The user name is required'),
    password: z.string().optional(),
    passwordEnv: optionalEnvVar,
    projectAddresses: z
      .string({ message: "Name at least one of the project's addresses" })
      .transform(listOf)
      .pipe(z.array(z.email({ message: 'One of these is not an e-mail address' })).min(1, "Name at least one of the project's addresses")),
  })
  .superRefine((value, ctx) => {
    if (!value.password && !value.passwordEnv)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'Type the password, or name the variable that holds it' })
    if (value.password && value.passwordEnv)
      ctx.addIssue({ code: 'custom', path: ['passwordEnv'], message: 'Give the password or the variable that holds it, not both' })
  })

/** "Sync now" and "Remove" on one source. */
export const SourceRefSchema = z.object({ sourceId: z.uuid() })

/** A new credential for a source: typed in, or the variable that holds it. */
export const SourceCredentialSchema = z
  .object({ sourceId: z.uuid(), secret: z.string().optional(), secretEnv: optionalEnvVar })
  .superRefine((value, ctx) => {
    if (!value.secret && !value.secretEnv)
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'Type the new credential, or name the variable that holds it' })
    if (value.secret && value.secretEnv)
      ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: 'Give the credential or the variable, not both' })
  })
