// Tables of the communications area (see DESIGN.md, data model).
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CHANNEL_KINDS, MATERIAL_KINDS, MATERIAL_STATUSES, POST_STATUSES } from '#app/domain/communications/vocabulary.ts'
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
    publishedUrl: text(),
    campaignId: uuid().references(() => commsCampaigns.id),
    authorId: uuid().references(() => users.id),
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

export type CommsChannel = typeof commsChannels.$inferSelect
export type CommsCadence = typeof commsCadences.$inferSelect
export type CommsCampaign = typeof commsCampaigns.$inferSelect
export type CommsPost = typeof commsPosts.$inferSelect
export type CommsPostText = typeof commsPostTexts.$inferSelect
export type CommsMaterial = typeof commsMaterials.$inferSelect
export type CommsPolicyVersion = typeof commsPolicyVersions.$inferSelect
