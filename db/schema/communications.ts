// Tables of the communications area (see DESIGN.md, data model).
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CHANNEL_KINDS, DELIVERY_STATES, MATERIAL_KINDS, MATERIAL_STATUSES, POST_STATUSES } from '#app/domain/communications/vocabulary.ts'
import { users } from './accounts.ts'

export const commsChannels = pgTable('comms_channels', {
  id: uuid().primaryKey().defaultRandom(),
  kind: text({ enum: CHANNEL_KINDS }).notNull(),
  name: text().notNull(),
  /** a handle (@pybamm) or a URL */
  handle: text(),
  active: boolean().notNull().default(true),
  /** null means no limit */
  characterLimit: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * A posting rhythm: an RFC 5545 RRULE (without DTSTART) for one channel, or for every active
 * channel when channelId is null. Valid from/until are dates in the project's time zone (both
 * included); slots start at `timeOfDay` local time.
 */
export const commsCadences = pgTable(
  'comms_cadences',
  {
    id: uuid().primaryKey().defaultRandom(),
    channelId: uuid().references(() => commsChannels.id),
    rrule: text().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validUntil: date({ mode: 'string' }),
    timeOfDay: text().notNull().default('09:00'),
    label: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comms_cadences_channel_idx').on(t.channelId)],
)

export const commsCampaigns = pgTable('comms_campaigns', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  startsOn: date({ mode: 'string' }),
  endsOn: date({ mode: 'string' }),
  goal: text(),
  /** the campaign is the conference: its dates are the conference dates */
  isConference: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const commsPosts = pgTable(
  'comms_posts',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    status: text({ enum: POST_STATUSES }).notNull().default('idea'),
    scheduledFor: timestamp({ withTimezone: true }),
    publishedAt: timestamp({ withTimezone: true }),
    /** the first of the post's links (hand-off: comms_post_channel_metrics.url; connected: the delivery's) */
    publishedUrl: text(),
    campaignId: uuid().references(() => commsCampaigns.id),
    authorId: uuid().references(() => users.id),
    /** superseded by comms_post_channel_metrics (figures per channel); kept, no longer written */
    impressions: integer(),
    engagements: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('comms_posts_status_scheduled_idx').on(t.status, t.scheduledFor),
    index('comms_posts_published_idx').on(t.publishedAt),
    index('comms_posts_campaign_idx').on(t.campaignId),
  ],
)

/** The text of a post on one channel; a post is "on" the channels it has a text for. */
export const commsPostTexts = pgTable(
  'comms_post_texts',
  {
    postId: uuid()
      .notNull()
      .references(() => commsPosts.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => commsChannels.id),
    text: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.channelId] }), index('comms_post_texts_channel_idx').on(t.channelId)],
)

export const commsMaterials = pgTable(
  'comms_materials',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: MATERIAL_KINDS }).notNull(),
    title: text().notNull(),
    status: text({ enum: MATERIAL_STATUSES }).notNull().default('planned'),
    ownerId: uuid().references(() => users.id),
    dueOn: date({ mode: 'string' }),
    link: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comms_materials_due_idx').on(t.dueOn)],
)

export const commsPolicyVersions = pgTable('comms_policy_versions', {
  id: uuid().primaryKey().defaultRandom(),
  version: integer().notNull().unique(),
  markdown: text().notNull(),
  /** what changed, in the author's words */
  note: text(),
  authorId: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** Personal calendar-feed tokens: only the SHA-256 of the token is stored; revoked ones stay for the record. */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('calendar_feed_tokens_hash_unique').on(t.tokenHash), index('calendar_feed_tokens_user_idx').on(t.userId)],
)

/**
 * A Mastodon or Bluesky channel's connection: where its account lives and the credential that lets
 * Steward publish (encrypted under STEWARD_SECRET_KEY, or the name of an environment variable).
 */
export const commsChannelConnections = pgTable('comms_channel_connections', {
  channelId: uuid()
    .primaryKey()
    .references(() => commsChannels.id),
  /** Mastodon: the instance (https://fosstodon.org); Bluesky: the PDS (https://bsky.social) */
  serviceUrl: text().notNull(),
  /** Bluesky: the handle signed in with; Mastodon: null (the token names the account) */
  identifier: text(),
  /** { encrypted: 'v1.…' } or { envVar: 'NAME' }; null until a credential is given */
  credential: jsonb().$type<{ encrypted: string } | { envVar: string }>(),
  /** Bluesky: the session kept between runs (encrypted), so a new process does not sign in again */
  session: text(),
  /** the account the credential opened: @user@instance, or the Bluesky handle */
  accountName: text(),
  /** Mastodon account id or Bluesky DID */
  accountId: text(),
  /** BCP 47 tag sent with every post (Mastodon `language`, Bluesky `langs`) */
  language: text(),
  /** Mastodon: the instance's characters_reserved_per_url */
  charactersReservedPerUrl: integer(),
  lastCheckedAt: timestamp({ withTimezone: true }),
  /** what the last check or publication said was wrong, in plain words; null when it worked */
  lastError: text(),
  /**
   * A demo channel (`demo load`): its address leads nowhere, so Steward never publishes to it,
   * never checks it and never reads its followers — nothing about it goes over the network.
   */
  demo: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** One post's publication on one connected channel (see DELIVERY_STATES). */
export const commsPostDeliveries = pgTable(
  'comms_post_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    postId: uuid()
      .notNull()
      .references(() => commsPosts.id),
    channelId: uuid()
      .notNull()
      .references(() => commsChannels.id),
    state: text({ enum: DELIVERY_STATES }).notNull().default('scheduled'),
    /** Mastodon: the Idempotency-Key; Bluesky: the record key (a TID). Fixed when the row is made. */
    idempotencyKey: text().notNull(),
    /** when it is (next) due: the scheduled time, or the time of the next try */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    attempts: integer().notNull().default(0),
    /** set while a worker publishes; a claim older than a few minutes belongs to a dead process */
    claimedAt: timestamp({ withTimezone: true }),
    /**
     * when the first attempt with this key went out: Mastodon forgets an Idempotency-Key after an
     * hour, so a retry later than that first looks for the status on the account (ADR 017)
     */
    firstSentAt: timestamp({ withTimezone: true }),
    /** the pg-boss job waiting for nextAttemptAt, cancelled when the post changes */
    jobId: text(),
    /** Mastodon status id or Bluesky at:// URI */
    networkId: text(),
    url: text(),
    publishedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    /** engagement read back from the network (Reach): likes/favourites, reposts/boosts, replies, quotes */
    likes: integer(),
    reposts: integer(),
    replies: integer(),
    quotes: integer(),
    metricsAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('comms_post_deliveries_post_channel_unique').on(t.postId, t.channelId),
    index('comms_post_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('comms_post_deliveries_channel_idx').on(t.channelId),
  ],
)

/** A connected channel's follower count, one row per channel and day (Reach). */
export const commsChannelDailyStats = pgTable(
  'comms_channel_daily_stats',
  {
    channelId: uuid()
      .notNull()
      .references(() => commsChannels.id),
    day: date({ mode: 'string' }).notNull(),
    followers: integer().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.day] })],
)

export type CommsChannelConnection = typeof commsChannelConnections.$inferSelect
export type CommsPostDelivery = typeof commsPostDeliveries.$inferSelect
export type CommsChannel = typeof commsChannels.$inferSelect
export type CommsCadence = typeof commsCadences.$inferSelect
export type CommsCampaign = typeof commsCampaigns.$inferSelect
export type CommsPost = typeof commsPosts.$inferSelect
export type CommsPostText = typeof commsPostTexts.$inferSelect
export type CommsMaterial = typeof commsMaterials.$inferSelect
export type CommsPolicyVersion = typeof commsPolicyVersions.$inferSelect

/**
 * A post on a hand-off channel (X, LinkedIn, any channel Steward does not publish to): its link
 * there, typed in when it is marked published, and its figures — typed in by hand (importId null)
 * or read from an analytics export (the import that last set them). One row per post and channel.
 */
export const commsPostChannelMetrics = pgTable(
  'comms_post_channel_metrics',
  {
    postId: uuid()
      .notNull()
      .references(() => commsPosts.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => commsChannels.id),
    /** the post's link on this channel, typed in by hand; analytics exports are matched by it */
    url: text(),
    impressions: integer(),
    engagements: integer(),
    likes: integer(),
    reposts: integer(),
    replies: integer(),
    importId: uuid().references(() => commsAnalyticsImports.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.channelId] })],
)

export interface AnalyticsImportChanges {
  metrics: Array<{ postId: string; before: AnalyticsMetrics | null; after: AnalyticsMetrics }>
  followers: Array<{ day: string; before: number | null; after: number }>
}
export interface AnalyticsMetrics {
  impressions: number | null
  engagements: number | null
  likes: number | null
  reposts: number | null
  replies: number | null
}

/** One confirmed analytics export: what it changed (to revert it), and who did it. */
export const commsAnalyticsImports = pgTable(
  'comms_analytics_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    channelId: uuid()
      .notNull()
      .references(() => commsChannels.id),
    kind: text().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    rows: integer().notNull(),
    firstDay: date({ mode: 'string' }),
    lastDay: date({ mode: 'string' }),
    postsMatched: integer().notNull(),
    postsUnmatched: integer().notNull(),
    followerDays: integer().notNull(),
    changes: jsonb().$type<AnalyticsImportChanges>().notNull(),
    importedById: uuid().references(() => users.id),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revertedAt: timestamp({ withTimezone: true }),
    revertedById: uuid().references(() => users.id),
  },
  (t) => [index('comms_analytics_imports_channel_idx').on(t.channelId, t.importedAt)],
)

/** An uploaded export waiting for its preview to be confirmed (the file, base64). */
export const commsAnalyticsUploads = pgTable('comms_analytics_uploads', {
  id: uuid().primaryKey().defaultRandom(),
  channelId: uuid()
    .notNull()
    .references(() => commsChannels.id),
  fileName: text().notNull(),
  content: text().notNull(),
  /** the follower count on the file's last day, when Steward has no snapshot of that day */
  followersAtEnd: integer(),
  uploadedById: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
