// Tables of the fundraising area (see DESIGN.md, data model). Money is integer minor units with
// an ISO 4217 code; nothing here is hard-deleted: corrections void, imports are reverted.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import {
  BATCH_FORMATS,
  DEADLINE_KINDS,
  DONATION_SOURCES,
  DONOR_KINDS,
  GRANT_STATUSES,
  IMPORT_FORMATS,
  FUNDING_CONNECTION_KINDS,
  FUNDING_CONNECTION_STATUSES,
  INTERACTION_KINDS,
  RATE_SOURCES,
  SPONSOR_STAGES,
  SPONSORS_ACTIONS,
  SYNC_RESULTS,
} from '#app/domain/fundraising/vocabulary.ts'
import { users } from './accounts.ts'
import { commsCampaigns } from './communications.ts'

const money = (name?: string) => (name ? bigint(name, { mode: 'number' }) : bigint({ mode: 'number' }))
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()

export const donors = pgTable(
  'donors',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: DONOR_KINDS }).notNull().default('person'),
    name: text().notNull(),
    email: text(),
    otherContact: text(),
    consentToPublicThanks: boolean().notNull().default(false),
    /** set when this donor was merged into another: donations move, the row stays for history */
    mergedIntoId: uuid(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('donors_email_idx').on(sql`lower(${t.email})`), index('donors_merged_idx').on(t.mergedIntoId)],
)

/** How a platform names a donor (a handle, an account slug, an e-mail) → our donor. */
export const donorIdentities = pgTable(
  'donor_identities',
  {
    id: uuid().primaryKey().defaultRandom(),
    donorId: uuid()
      .notNull()
      .references(() => donors.id),
    source: text({ enum: DONATION_SOURCES }).notNull(),
    externalKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('donor_identities_source_key').on(t.source, t.externalKey), index('donor_identities_donor_idx').on(t.donorId)],
)

export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid().primaryKey().defaultRandom(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    format: text({ enum: BATCH_FORMATS }).notNull(),
    source: text({ enum: DONATION_SOURCES }).notNull(),
    rows: integer().notNull(),
    inserted: integer().notNull(),
    duplicates: integer().notNull(),
    skipped: integer().notNull(),
    errors: integer().notNull(),
    importedById: uuid().references(() => users.id),
    importedAt: createdAt(),
    revertedAt: timestamp({ withTimezone: true }),
    revertedById: uuid().references(() => users.id),
    /** earlier donations this import marked refunded: reverting it unmarks them */
    refundMarkedIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** set when the batch is a sync of a funding connection rather than a file */
    connectionId: uuid(),
    /** a sync's starting point (the connection's cursor before the batch): reverting the batch rewinds to it */
    cursorBefore: jsonb(),
  },
  (t) => [index('import_batches_at_idx').on(t.importedAt)],
)

/**
 * A file import that failed (its rows in error, a file the importer could not read, or the
 * transaction aborted): nothing of it was written, so it leaves this row, which the import-failed
 * notification reads until a later import of the same format succeeds.
 */
export const importFailures = pgTable(
  'import_failures',
  {
    id: uuid().primaryKey().defaultRandom(),
    fileName: text().notNull(),
    /** the format chosen or detected; null when the file could not be recognised */
    format: text({ enum: IMPORT_FORMATS }),
    reason: text().notNull(),
    actorId: uuid().references(() => users.id),
    failedAt: createdAt(),
  },
  (t) => [index('import_failures_at_idx').on(t.failedAt)],
)

export const donations = pgTable(
  'donations',
  {
    id: uuid().primaryKey().defaultRandom(),
    amount: money().notNull(),
    currency: text().notNull(),
    fees: money().notNull().default(0),
    net: money().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    /** the UTC calendar day of receivedAt: the exchange rate in force that day applies */
    receivedOn: date().notNull(),
    source: text({ enum: DONATION_SOURCES }).notNull(),
    externalId: text().notNull(),
    recurring: boolean().notNull().default(false),
    donorId: uuid().references(() => donors.id),
    importBatchId: uuid().references(() => importBatches.id),
    description: text(),
    /** refunded or reversed on the platform: kept, counts for nothing */
    refunded: boolean().notNull().default(false),
    /**
     * false when the source gave only the net (an Open Collective export without "Gross Amount" and
     * fee columns): `amount` then holds that net, not a gross. Totals of gross say how many such
     * donations they include.
     */
    grossKnown: boolean().notNull().default(true),
    /** the parts of `fees` where the source tells them apart (Open Collective: payment processor, host, platform, tax) */
    feeDetails: jsonb().$type<Record<string, number>>(),
    voidedAt: timestamp({ withTimezone: true }),
    voidedById: uuid().references(() => users.id),
    voidReason: text(),
    /** Who entered it by hand; null for imported donations (their batch says who imported them). */
    createdById: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('donations_source_external_id').on(t.source, t.externalId),
    index('donations_received_idx').on(t.receivedAt),
    index('donations_donor_idx').on(t.donorId, t.receivedAt),
    index('donations_batch_idx').on(t.importBatchId),
  ],
)

/** A file uploaded in the web page, waiting for its preview to be confirmed (deleted once confirmed or after a day). */
export const importUploads = pgTable('import_uploads', {
  id: uuid().primaryKey().defaultRandom(),
  fileName: text().notNull(),
  /** the file's bytes, base64 */
  content: text().notNull(),
  format: text({ enum: IMPORT_FORMATS }),
  mapping: jsonb(),
  uploadedById: uuid().references(() => users.id),
  createdAt: createdAt(),
})

/** A generic-CSV column mapping saved under a name (e.g. "NumFOCUS statement"). */
export const importMappings = pgTable('import_mappings', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  source: text({ enum: DONATION_SOURCES }).notNull(),
  mapping: jsonb().notNull(),
  createdById: uuid().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: createdAt(),
})

/** 1 unit of `currency` = `rate` units of the reporting currency, from `validFrom` until the next rate. */
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    id: uuid().primaryKey().defaultRandom(),
    currency: text().notNull(),
    validFrom: date().notNull(),
    rate: numeric({ precision: 18, scale: 8 }).notNull(),
    /** typed by hand ('manual', wins for its date) or fetched ('ecb') */
    source: text({ enum: RATE_SOURCES }).notNull().default('manual'),
    createdById: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('exchange_rates_currency_from').on(t.currency, t.validFrom)],
)

export const sponsors = pgTable(
  'sponsors',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisation: text().notNull(),
    kind: text().notNull().default('company'),
    stage: text({ enum: SPONSOR_STAGES }).notNull().default('prospect'),
    tier: text(),
    renewalOn: date(),
    ownerId: uuid().references(() => users.id),
    notes: text(),
    stageChangedAt: createdAt(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('sponsors_renewal_idx').on(t.renewalOn)],
)

/**
 * Every stage a sponsor went through: who moved it, when, from which stage to which. Rows are only
 * ever added, so a past quarter's "sponsors gained / lapsed" stays what it was.
 */
export const sponsorStageChanges = pgTable(
  'sponsor_stage_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    sponsorId: uuid()
      .notNull()
      .references(() => sponsors.id),
    /** null for the first stage a sponsor was recorded in */
    fromStage: text({ enum: SPONSOR_STAGES }),
    toStage: text({ enum: SPONSOR_STAGES }).notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    byId: uuid().references(() => users.id),
    note: text(),
  },
  (t) => [index('sponsor_stage_changes_sponsor_idx').on(t.sponsorId, t.at), index('sponsor_stage_changes_at_idx').on(t.at, t.toStage)],
)

export const sponsorInteractions = pgTable(
  'sponsor_interactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    sponsorId: uuid()
      .notNull()
      .references(() => sponsors.id),
    kind: text({ enum: INTERACTION_KINDS }).notNull(),
    on: date().notNull(),
    text: text().notNull(),
    byId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('sponsor_interactions_sponsor_idx').on(t.sponsorId, t.on)],
)

export const grants = pgTable(
  'grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    funder: text().notNull(),
    title: text().notNull(),
    amountAsked: money(),
    amountAwarded: money(),
    currency: text().notNull().default('USD'),
    status: text({ enum: GRANT_STATUSES }).notNull().default('idea'),
    ownerId: uuid().references(() => users.id),
    periodStart: date(),
    periodEnd: date(),
    links: text(),
    notes: text(),
    submittedOn: date(),
    decidedOn: date(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('grants_status_idx').on(t.status)],
)

export const grantDeadlines = pgTable(
  'grant_deadlines',
  {
    id: uuid().primaryKey().defaultRandom(),
    grantId: uuid()
      .notNull()
      .references(() => grants.id),
    kind: text({ enum: DEADLINE_KINDS }).notNull(),
    dueOn: date().notNull(),
    /** RFC 5545 RRULE (without DTSTART: dueOn is the first occurrence) for recurring deadlines */
    rrule: text(),
    note: text(),
    doneAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('grant_deadlines_due_idx').on(t.dueOn)],
)

/**
 * One occurrence of a recurring deadline marked done (a one-off deadline uses `doneAt` instead):
 * the series goes on; completing the last occurrence of a finite series also sets its `doneAt`.
 */
export const grantDeadlineCompletions = pgTable(
  'grant_deadline_completions',
  {
    deadlineId: uuid()
      .notNull()
      .references(() => grantDeadlines.id),
    /** the occurrence's date (ISO), one of the rule's dates */
    occursOn: date().notNull(),
    doneAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    doneById: uuid().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.deadlineId, t.occursOn] })],
)

export const fundraisingTargets = pgTable('fundraising_targets', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  currency: text().notNull(),
  target: money().notNull(),
  /** budget lines: { label, amount } in minor units */
  lines: jsonb().$type<{ label: string; amount: number }[]>().notNull().default([]),
  dueOn: date(),
  /** the communications campaign of the conference this budget funds */
  campaignId: uuid().references(() => commsCampaigns.id),
  createdAt: createdAt(),
  updatedAt: createdAt(),
})

export const pledges = pgTable(
  'pledges',
  {
    id: uuid().primaryKey().defaultRandom(),
    targetId: uuid()
      .notNull()
      .references(() => fundraisingTargets.id),
    sponsorId: uuid().references(() => sponsors.id),
    from: text().notNull(),
    /** amounts are in the pledge's own currency; the budget converts them at the pledge date's rate */
    currency: text().notNull(),
    amount: money().notNull(),
    pledgedOn: date().notNull(),
    receivedAmount: money().notNull().default(0),
    receivedOn: date(),
    createdAt: createdAt(),
  },
  (t) => [index('pledges_target_idx').on(t.targetId)],
)

/**
 * An outside account donations or sponsorships are read from: an Open Collective collective or a
 * GitHub Sponsors maintainer. The credential is `{ encrypted }` (secrets.server.ts) or `{ envVar }`.
 */
export const fundingConnections = pgTable(
  'funding_connections',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: FUNDING_CONNECTION_KINDS }).notNull(),
    /** the collective's slug or the GitHub login */
    account: text().notNull(),
    credential: jsonb().$type<{ encrypted: string } | { envVar: string }>(),
    status: text({ enum: FUNDING_CONNECTION_STATUSES }).notNull().default('pending'),
    /** where the incremental read stands (Open Collective: watermark + offset; Sponsors: the activity feed) */
    cursor: jsonb(),
    lastSyncAt: timestamp({ withTimezone: true }),
    lastResult: text({ enum: SYNC_RESULTS }),
    /** the last failure in plain words (never a credential) */
    lastError: text(),
    lastSummary: jsonb().$type<Record<string, unknown>>(),
    requestsLastSync: integer(),
    /** GitHub Sponsors: active recurring sponsorships, US cents a month */
    monthlyIncomeCents: integer(),
    createdById: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('funding_connections_kind_account').on(t.kind, t.account)],
)

/**
 * Other ids under which a platform knows a donation (Open Collective: the API's uuid, the legacy
 * integer id, the 8-character short id and the public id), so a CSV export and the API meet on one row.
 */
export const donationExternalIds = pgTable(
  'donation_external_ids',
  {
    donationId: uuid()
      .notNull()
      .references(() => donations.id),
    source: text({ enum: DONATION_SOURCES }).notNull(),
    externalId: text().notNull(),
  },
  (t) => [
    uniqueIndex('donation_external_ids_source_id').on(t.source, t.externalId),
    index('donation_external_ids_donation_idx').on(t.donationId),
  ],
)

/** A GitHub sponsorship as the Sponsors API last described it. */
export const sponsorships = pgTable(
  'sponsorships',
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: uuid()
      .notNull()
      .references(() => fundingConnections.id),
    githubId: text().notNull(),
    sponsorLogin: text(),
    sponsorName: text(),
    donorId: uuid().references(() => donors.id),
    tierName: text(),
    /** US cents a month (one-time: the one payment) */
    monthlyPriceCents: integer(),
    isOneTime: boolean().notNull(),
    isActive: boolean().notNull(),
    isPrivate: boolean().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    tierSelectedAt: timestamp({ withTimezone: true }),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('sponsorships_connection_github').on(t.connectionId, t.githubId), index('sponsorships_donor_idx').on(t.donorId)],
)

/** One entry of a maintainer's GitHub Sponsors activity feed: the history of each sponsor. */
export const sponsorshipEvents = pgTable(
  'sponsorship_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: uuid()
      .notNull()
      .references(() => fundingConnections.id),
    githubId: text().notNull(),
    action: text({ enum: SPONSORS_ACTIONS }).notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    sponsorLogin: text(),
    tierName: text(),
    tierMonthlyCents: integer(),
    previousTierName: text(),
    previousTierMonthlyCents: integer(),
    isOneTime: boolean(),
    /** the sync that recorded it: reverting that batch takes it out of the history */
    importBatchId: uuid().references(() => importBatches.id),
  },
  (t) => [
    uniqueIndex('sponsorship_events_connection_github').on(t.connectionId, t.githubId),
    index('sponsorship_events_sponsor_idx').on(t.connectionId, t.sponsorLogin, t.at),
  ],
)

export type Donor = typeof donors.$inferSelect
export type Donation = typeof donations.$inferSelect
export type ImportBatch = typeof importBatches.$inferSelect
export type ImportFailure = typeof importFailures.$inferSelect
export type ExchangeRate = typeof exchangeRates.$inferSelect
export type FundingConnection = typeof fundingConnections.$inferSelect
export type Sponsor = typeof sponsors.$inferSelect
export type Grant = typeof grants.$inferSelect
export type GrantDeadline = typeof grantDeadlines.$inferSelect
export type FundraisingTarget = typeof fundraisingTargets.$inferSelect
export type Pledge = typeof pledges.$inferSelect
