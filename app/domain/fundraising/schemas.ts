// The fundraising forms, as zod schemas: the action parses with them on the server and the page
// validates with them in the browser, so both say the same thing. Browser-safe: nothing from the
// database or the server.
import { z } from 'zod'
import { GenericMappingSchema } from '#app/integrations/donation-imports/mapping.ts'
import { MAX_IMPORT_BYTES } from '#app/integrations/donation-imports/formats.ts'
import { isCurrencyCode, isValidRate, MoneyParseError, parseMoney } from '#app/utils/money.ts'
import { isValidRrule } from './deadlines.ts'
import {
  DEADLINE_KINDS,
  DONATION_SOURCES,
  DONOR_KINDS,
  FUNDING_CONNECTION_KINDS,
  GRANT_STATUSES,
  IMPORT_FORMATS,
  INTERACTION_KINDS,
  SPONSOR_STAGES,
} from './vocabulary.ts'

const optionalText = (max = 2000) => z.string().trim().max(max).optional()
const optionalDate = z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }).optional()
const requiredDate = z.iso.date({ message: 'Enter the date as YYYY-MM-DD' })
const currency = (example: string) =>
  z
    .string({ message: 'Enter a currency code' })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, `Use a three-letter ISO 4217 code, like ${example}`)

/** An amount typed in a form: a positive number of the currency (zero allowed unless `positive`). */
function checkAmount(value: string | undefined, currencyCode: string, path: string, ctx: z.RefinementCtx, positive = false) {
  if (!value) return
  try {
    const minor = parseMoney(value, currencyCode)
    if (minor < 0 || (positive && minor === 0)) ctx.addIssue({ code: 'custom', path: [path], message: 'Enter a positive amount' })
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: [path], message: error instanceof MoneyParseError ? error.message : 'Not an amount' })
  }
}

// ---------------------------------------------------------------- donations

const DonationFiltersSchema = z.object({
  from: z.iso.date().nullish().catch(null),
  to: z.iso.date().nullish().catch(null),
  source: z.enum(DONATION_SOURCES).nullish().catch(null),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .nullish()
    .catch(null),
  donor: z.string().trim().max(200).nullish().catch(null),
  donorId: z.uuid().nullish().catch(null),
  includeVoided: z.coerce.boolean().optional().catch(false),
  batchId: z.uuid().nullish().catch(null),
})
export type DonationFilters = z.infer<typeof DonationFiltersSchema>

/** The filters of the donations list and its export, from the address; anything unreadable is left out. */
export function filtersFromSearch(params: URLSearchParams): DonationFilters {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''))
  return DonationFiltersSchema.parse(raw)
}

export const ManualDonationSchema = z
  .object({
    receivedOn: requiredDate,
    amount: z.string({ message: 'Enter the amount' }).trim().min(1, 'Enter the amount'),
    fees: z.string().trim().optional(),
    currency: currency('USD or EUR'),
    source: z.enum(DONATION_SOURCES).default('manual'),
    donorName: z.string().trim().max(200).optional(),
    donorEmail: z.email({ message: 'Enter a valid email' }).trim().optional(),
    recurring: z.boolean().optional(),
    description: z.string().trim().max(500).optional(),
  })
  .superRefine((value, ctx) => {
    checkAmount(value.amount, value.currency, 'amount', ctx, true)
    checkAmount(value.fees, value.currency, 'fees', ctx)
  })
export type ManualDonationInput = z.infer<typeof ManualDonationSchema>

export const VoidDonationSchema = z.object({
  donationId: z.uuid(),
  reason: z.string({ message: 'Say why' }).trim().min(1, 'Say why').max(500),
})

// ---------------------------------------------------------------- donors

const DonorSchema = z.object({
  kind: z.enum(DONOR_KINDS),
  name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(200),
  email: z.email({ message: 'Enter a valid email' }).trim().optional(),
  otherContact: z.string().trim().max(500).optional(),
  consentToPublicThanks: z.boolean().optional(),
})
export const UpdateDonorSchema = DonorSchema.extend({ donorId: z.uuid() })

export const MergeDonorsSchema = z.object({
  fromId: z.uuid('Choose the donor to merge'),
  intoId: z.uuid('Choose the donor to keep'),
})

// ---------------------------------------------------------------- exchange rates

export const ExchangeRateSchema = z.object({
  currency: currency('EUR'),
  validFrom: requiredDate,
  rate: z
    .string({ message: 'Enter the rate' })
    .trim()
    .refine(isValidRate, 'Enter a positive decimal number such as 1.0850')
    .refine((r) => (r.split('.')[1]?.length ?? 0) <= 8, 'At most 8 decimals'),
})
export type ExchangeRateInput = z.infer<typeof ExchangeRateSchema>

export const DeleteExchangeRateSchema = z.object({ id: z.uuid() })

// ---------------------------------------------------------------- imports

/** The column mapping as the upload form sends it (mapping.date, mapping.amount, …): all optional here, checked when it is used. */
const MappingFieldsSchema = z.object({
  source: z.enum(DONATION_SOURCES).optional(),
  date: optionalText(200),
  dateFormat: optionalText(200),
  amount: optionalText(200),
  currency: optionalText(3),
  currencyColumn: optionalText(200),
  fees: optionalText(200),
  externalId: optionalText(200),
  donorName: optionalText(200),
  donorEmail: optionalText(200),
  description: optionalText(200),
  decimalComma: z.boolean().optional(),
})

const FILE_MISSING = 'Choose a file to import: it is empty or missing.'

/**
 * A file to preview, in a format chosen or detected. "Other CSV" needs a column mapping: a saved
 * one (mappingId), or the columns described in the form, optionally saved under mappingName.
 */
export const ImportUploadSchema = z
  .object({
    file: z
      .file({ message: FILE_MISSING })
      .min(1, FILE_MISSING)
      .max(MAX_IMPORT_BYTES, 'The file is over the 50 MB limit. Split it by date range and import the parts.'),
    format: z.enum(IMPORT_FORMATS).optional(),
    mappingId: z.uuid().optional(),
    mapping: MappingFieldsSchema.optional(),
    mappingName: optionalText(200),
  })
  .superRefine((value, ctx) => {
    if (value.format !== 'generic' || value.mappingId) return
    const mapping = GenericMappingSchema.safeParse(value.mapping ?? {})
    if (mapping.success) return
    for (const issue of mapping.error.issues) ctx.addIssue({ code: 'custom', path: ['mapping', ...issue.path], message: issue.message })
  })
export type ImportUploadInput = z.infer<typeof ImportUploadSchema>

/** Confirming or cancelling an uploaded file. */
export const ImportUploadIdSchema = z.object({ uploadId: z.uuid() })

export const RevertImportSchema = z.object({ batchId: z.uuid() })

// ---------------------------------------------------------------- grants and deadlines

export const GrantSchema = z
  .object({
    funder: z.string({ message: 'Enter the funder' }).trim().min(1, 'Enter the funder').max(200),
    title: z.string({ message: 'Enter a title' }).trim().min(1, 'Enter a title').max(300),
    amountAsked: optionalText(40),
    amountAwarded: optionalText(40),
    currency: currency('USD'),
    status: z.enum(GRANT_STATUSES),
    ownerId: z.uuid().optional(),
    periodStart: optionalDate,
    periodEnd: optionalDate,
    links: optionalText(),
    notes: optionalText(10_000),
  })
  .superRefine((v, ctx) => {
    checkAmount(v.amountAsked, v.currency, 'amountAsked', ctx)
    checkAmount(v.amountAwarded, v.currency, 'amountAwarded', ctx)
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'The period ends before it starts' })
  })
export type GrantInput = z.infer<typeof GrantSchema>

export const DeadlineSchema = z.object({
  kind: z.enum(DEADLINE_KINDS),
  dueOn: requiredDate,
  rrule: z
    .string()
    .trim()
    .optional()
    .refine((v) => isValidRrule(v), 'Not a valid RRULE; try FREQ=MONTHLY;INTERVAL=3'),
  note: optionalText(500),
})
export type DeadlineInput = z.infer<typeof DeadlineSchema>

/** Marks a deadline done: a one-off as a whole, a recurring one occurrence by occurrence (`occursOn`). */
export const CompleteDeadlineSchema = z.object({ deadlineId: z.uuid(), occursOn: optionalDate })

// ---------------------------------------------------------------- sponsors

export const SponsorSchema = z.object({
  organisation: z.string({ message: 'Enter the organisation' }).trim().min(1, 'Enter the organisation').max(200),
  kind: z.string().trim().max(60).default('company'),
  stage: z.enum(SPONSOR_STAGES),
  tier: optionalText(100),
  renewalOn: optionalDate,
  ownerId: z.uuid().optional(),
  notes: optionalText(5000),
})
export type SponsorInput = z.infer<typeof SponsorSchema>
export const UpdateSponsorSchema = SponsorSchema.extend({ sponsorId: z.uuid() })

/** Moves a sponsor to another stage of the pipeline, with an optional note for the history. */
export const SponsorStageSchema = z.object({
  sponsorId: z.uuid(),
  stage: z.enum(SPONSOR_STAGES, { message: 'Choose a stage' }),
  note: optionalText(500),
})
export type SponsorStageInput = z.infer<typeof SponsorStageSchema>

/** The words shown for each pipeline stage (the keys stay fixed). */
export const SponsorStageLabelsSchema = z.object(
  Object.fromEntries(
    SPONSOR_STAGES.map((stage) => [
      stage,
      z.string({ message: 'Enter a label' }).trim().min(1, 'Enter a label').max(40, 'Use at most 40 characters'),
    ]),
  ) as Record<(typeof SPONSOR_STAGES)[number], z.ZodString>,
)

export const InteractionSchema = z.object({
  sponsorId: z.uuid(),
  kind: z.enum(INTERACTION_KINDS),
  on: requiredDate,
  text: z.string({ message: 'Say what happened' }).trim().min(1, 'Say what happened').max(5000),
})
export type InteractionInput = z.infer<typeof InteractionSchema>

// ---------------------------------------------------------------- conference budget

/** Budget lines as a person types them: one per line, "Venue: 4000". */
export function parseBudgetLines(text: string, currencyCode = 'USD') {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const match = /^(.+?)[:=\t]\s*([^:=\t]+)$/.exec(l)
      if (!match) return { label: l, amount: 0, error: `"${l}": write "label: amount"` }
      try {
        return { label: match[1].trim(), amount: parseMoney(match[2], currencyCode), error: null }
      } catch {
        return { label: match[1].trim(), amount: 0, error: `"${l}": the amount is not a number` }
      }
    })
}

/**
 * A conference budget: its target and lines are in the reporting currency (the server sets it;
 * amounts are checked with two decimals here and again in that currency on the server).
 */
const TargetFields = z.object({
  name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(200),
  target: z.string({ message: 'Enter the target' }).trim().min(1, 'Enter the target'),
  dueOn: optionalDate,
  lines: z.string().trim().max(5000).optional(),
  /** the communications campaign of the conference */
  campaignId: z.uuid().optional(),
})
function checkTarget(v: z.infer<typeof TargetFields>, ctx: z.RefinementCtx) {
  checkAmount(v.target, 'USD', 'target', ctx, true)
  for (const line of parseBudgetLines(v.lines ?? '')) {
    if (line.error) ctx.addIssue({ code: 'custom', path: ['lines'], message: line.error })
  }
}
export const TargetSchema = TargetFields.superRefine(checkTarget)
export type TargetInput = z.infer<typeof TargetSchema>
export const UpdateTargetSchema = TargetFields.extend({ targetId: z.uuid() }).superRefine(checkTarget)
export type UpdateTargetInput = z.infer<typeof UpdateTargetSchema>

/** A pledge in any currency; the budget converts it at the rate in force on the pledge date. */
export const PledgeSchema = z
  .object({
    targetId: z.uuid(),
    from: z.string({ message: 'Who pledged?' }).trim().min(1, 'Who pledged?').max(200),
    currency: currency('EUR'),
    amount: z.string({ message: 'Enter the amount' }).trim().min(1, 'Enter the amount'),
    pledgedOn: requiredDate,
    received: z.string().trim().optional(),
    receivedOn: optionalDate,
    sponsorId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    checkAmount(v.amount, v.currency, 'amount', ctx, true)
    checkAmount(v.received, v.currency, 'received', ctx)
  })
export type PledgeInput = z.infer<typeof PledgeSchema>

// ---------------------------------------------------------------- reminders

/** "Mark all read": a form without fields. */
export const MarkRemindersReadSchema = z.object({})

// ---------------------------------------------------------------- funding connections

export const ConnectFundingSchema = z
  .object({
    kind: z.enum(FUNDING_CONNECTION_KINDS, { message: 'Choose Open Collective or GitHub Sponsors' }),
    account: z.string({ message: 'Enter the collective’s slug or the GitHub login' }).trim().min(1).max(255),
    token: optionalText(500),
    tokenEnvVar: optionalText(64),
  })
  .refine((v) => !(v.token && v.tokenEnvVar), { message: 'Give the token or the name of its variable, not both', path: ['tokenEnvVar'] })

export const FundingConnectionIdSchema = z.object({ connectionId: z.uuid() })

export const FundingCredentialSchema = z
  .object({ connectionId: z.uuid(), token: optionalText(500), tokenEnvVar: optionalText(64) })
  .refine((v) => !(v.token && v.tokenEnvVar), { message: 'Give the token or the name of its variable, not both', path: ['tokenEnvVar'] })
