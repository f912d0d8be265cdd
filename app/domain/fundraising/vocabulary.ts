// The words of the fundraising area: every value list with the label people read. The database
// schema builds its columns on these lists; the domain, routes and components import them from here.
// Browser-safe: nothing from the database or the server.
//
// Import formats and donation sources are what the donation importer produces, so the importer
// declares them (an integration does not import the domain) and this module adds their labels.
import type { BatchFormat, DonationSource, ImportFormat } from '#app/integrations/donation-imports/formats.ts'
export {
  BATCH_FORMATS,
  DONATION_SOURCES,
  IMPORT_FORMATS,
  type BatchFormat,
  type DonationSource,
  type ImportFormat,
} from '#app/integrations/donation-imports/formats.ts'

export const DONATION_SOURCE_LABELS: Record<DonationSource, string> = {
  opencollective: 'Open Collective',
  github_sponsors: 'GitHub Sponsors',
  stripe: 'Stripe',
  paypal: 'PayPal',
  numfocus: 'NumFOCUS',
  manual: 'Manual',
  other: 'Other',
}

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  opencollective: 'Open Collective transactions',
  github_sponsors_csv: 'GitHub Sponsors (CSV)',
  github_sponsors_json: 'GitHub Sponsors (JSON)',
  paypal: 'PayPal activity download',
  stripe: 'Stripe payments export',
  generic: 'Other CSV with a column mapping',
}

/** An import batch: a file in one of the formats above, or a connection's sync. */
export const BATCH_FORMAT_LABELS: Record<BatchFormat, string> = {
  ...IMPORT_FORMAT_LABELS,
  github_sponsors_api: 'GitHub Sponsors sync',
}

export const DONOR_KINDS = ['person', 'organisation'] as const
export type DonorKind = (typeof DONOR_KINDS)[number]
export const DONOR_KIND_LABELS: Record<DonorKind, string> = { person: 'person', organisation: 'organisation' }

/**
 * The sponsor pipeline, in order. The keys are fixed (the stage history and the report count on
 * them); the words people read are an organisation setting (`SPONSOR_STAGE_LABELS` are the defaults).
 */
export const SPONSOR_STAGES = ['prospect', 'contacted', 'proposal', 'committed', 'active', 'renewal_due', 'lapsed'] as const
export type SponsorStage = (typeof SPONSOR_STAGES)[number]
export const SPONSOR_STAGE_LABELS: Record<SponsorStage, string> = {
  prospect: 'Prospect',
  contacted: 'Contacted',
  proposal: 'Proposal',
  committed: 'Committed',
  active: 'Active',
  renewal_due: 'Renewal due',
  lapsed: 'Lapsed',
}
export type SponsorStageLabels = Record<SponsorStage, string>

/**
 * Stages in which an organisation is a sponsor: moving into one from any other stage is a sponsor
 * gained; moving to `lapsed` is a sponsor lapsed (quarterly report).
 */
export const SPONSORING_STAGES = ['active', 'renewal_due'] as const satisfies readonly SponsorStage[]

/** Renewal reminders: this many days before a sponsor's renewal date. */
export const SPONSOR_RENEWAL_REMINDER_DAYS = [60, 30, 7] as const

export const INTERACTION_KINDS = ['meeting', 'email', 'note'] as const
export type InteractionKind = (typeof INTERACTION_KINDS)[number]
export const INTERACTION_KIND_LABELS: Record<InteractionKind, string> = { meeting: 'meeting', email: 'email', note: 'note' }

export const GRANT_STATUSES = ['idea', 'drafting', 'submitted', 'awarded', 'declined', 'withdrawn', 'reporting', 'closed'] as const
export type GrantStatus = (typeof GRANT_STATUSES)[number]
export const GRANT_STATUS_LABELS: Record<GrantStatus, string> = {
  idea: 'Idea',
  drafting: 'Drafting',
  submitted: 'Submitted',
  awarded: 'Awarded',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  reporting: 'Reporting',
  closed: 'Closed',
}

export const DEADLINE_KINDS = ['letter_of_intent', 'proposal', 'report', 'renewal'] as const
export type DeadlineKind = (typeof DEADLINE_KINDS)[number]
export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  letter_of_intent: 'Letter of intent',
  proposal: 'Proposal',
  report: 'Report',
  renewal: 'Renewal',
}

/** Outside accounts Steward reads donations and sponsorships from (/fundraising/connections). */
export const FUNDING_CONNECTION_KINDS = ['opencollective', 'github_sponsors'] as const
export type FundingConnectionKind = (typeof FUNDING_CONNECTION_KINDS)[number]
export const FUNDING_CONNECTION_KIND_LABELS: Record<FundingConnectionKind, string> = {
  opencollective: 'Open Collective',
  github_sponsors: 'GitHub Sponsors',
}

/** pending: waits for its preview to be confirmed (the first sync); active: synced daily. */
export const FUNDING_CONNECTION_STATUSES = ['pending', 'active', 'paused'] as const

export const SYNC_RESULTS = ['ok', 'failed', 'running'] as const

/** Where an exchange rate came from: typed by a person (wins for its date) or the ECB's reference rates. */
export const RATE_SOURCES = ['manual', 'ecb'] as const
export type RateSource = (typeof RATE_SOURCES)[number]
export const RATE_SOURCE_LABELS: Record<RateSource, string> = { manual: 'typed by hand', ecb: 'ECB reference rate' }

export const SPONSORS_ACTIONS = [
  'NEW_SPONSORSHIP',
  'CANCELLED_SPONSORSHIP',
  'TIER_CHANGE',
  'REFUND',
  'PENDING_CHANGE',
  'SPONSOR_MATCH_DISABLED',
] as const
export type SponsorsAction = (typeof SPONSORS_ACTIONS)[number]
export const SPONSORS_ACTION_LABELS: Record<SponsorsAction, string> = {
  NEW_SPONSORSHIP: 'started sponsoring',
  CANCELLED_SPONSORSHIP: 'cancelled',
  TIER_CHANGE: 'changed tier',
  REFUND: 'refunded',
  PENDING_CHANGE: 'scheduled a change',
  SPONSOR_MATCH_DISABLED: 'matching ended',
}
