// The words of the fundraising area: every value list with the label people read. The database
// schema builds its columns on these lists; the domain, routes and components import them from here.
// Browser-safe: nothing from the database or the server.
//
// Import formats and donation sources are what the donation importer produces, so the importer
// declares them (an integration does not import the domain) and this module adds their labels.
import type { DonationSource, ImportFormat } from '#app/integrations/donation-imports/formats.ts'

export { DONATION_SOURCES, IMPORT_FORMATS, type DonationSource, type ImportFormat } from '#app/integrations/donation-imports/formats.ts'

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

export const DONOR_KINDS = ['person', 'organisation'] as const
export type DonorKind = (typeof DONOR_KINDS)[number]
export const DONOR_KIND_LABELS: Record<DonorKind, string> = { person: 'person', organisation: 'organisation' }

export const SPONSOR_STAGES = ['prospect', 'active', 'lapsed'] as const
export type SponsorStage = (typeof SPONSOR_STAGES)[number]
export const SPONSOR_STAGE_LABELS: Record<SponsorStage, string> = { prospect: 'prospect', active: 'active', lapsed: 'lapsed' }

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
