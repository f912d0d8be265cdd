// Community sources beside GitHub: Discourse forums and project mailboxes (IMAP), what their
// syncs store, and the triage state of forum topics (see docs/decisions/015-community-sources-and-forum-sync.md).
//
// - community_sources: one row per forum or mailbox, with its credential (encrypted with
//   app/utils/secrets.server.ts under the context `source:<id>:<field>`, or the name of an
//   environment variable) and where its sync stands. A removed source stops syncing; its data stays.
// - forum_topics / forum_posts: written by the forum sync (app/domain/community/forum-sync.server.ts),
//   one row per topic and per post, keyed by Discourse's own ids within the source.
// - forum_triage_states: "handled elsewhere" and snoozes for forum topics, as triage_states for GitHub.
// - email_triage_states: the same for the threads of a mailbox (db/schema/mailbox.ts), keyed by the
//   opener's Message-ID (ADR 014: thread ids can change as mail arrives, and the threads' rows are
//   replaced whenever a message joins them, so nothing may reference them).
// The mailbox's own tables live in db/schema/mailbox.ts.
import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { SOURCE_KINDS, SOURCE_SYNC_STATUSES } from '#app/domain/community/vocabulary.ts'
import { users } from './accounts.ts'

const emptyTextArray = sql`'{}'::text[]`

export const communitySources = pgTable(
  'community_sources',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: SOURCE_KINDS }).notNull(),
    /** what the page and the command line call it: the forum's title, or the mailbox's user@host */
    name: text().notNull(),
    // Discourse
    /** the forum's address, without a trailing slash (a subfolder install keeps its path) */
    url: text(),
    apiUsername: text(),
    /** the API key: encrypted (never sent to the browser), or the environment variable that holds it */
    apiKeyEncrypted: text(),
    apiKeyEnv: text(),
    /** category slugs to read; empty: the whole forum */
    categories: text().array().notNull().default(emptyTextArray),
    /** groups whose members are maintainers on the forum */
    maintainerGroups: text()
      .array()
      .notNull()
      .default(sql`'{staff}'::text[]`),
    /** lower-cased usernames of those groups' members, learnt on each sync (needs an API key for staff) */
    maintainerUsernames: text().array().notNull().default(emptyTextArray),
    // IMAP
    host: text(),
    port: integer(),
    tls: boolean(),
    username: text(),
    passwordEncrypted: text(),
    passwordEnv: text(),
    /** the project's own addresses: mail from them is the project answering */
    projectAddresses: text().array().notNull().default(emptyTextArray),
    // lifecycle
    active: boolean().notNull().default(true),
    addedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp({ withTimezone: true }),
    // the sync
    status: text({ enum: SOURCE_SYNC_STATUSES }).notNull().default('idle'),
    /** Discourse: per listing (category slug, or '' for the whole forum) the watermark and the cursor of a run in progress */
    syncState: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    itemsDone: integer().notNull().default(0),
    itemsTotal: integer(),
    requestsUsed: integer().notNull().default(0),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    /** plain words, null after a success */
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    /** what the service says is left of its budget, when it says */
    budgetRemaining: integer(),
    budgetResetAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_sources_kind_idx').on(t.kind, t.active)],
)

export const forumTopics = pgTable(
  'forum_topics',
  {
    id: uuid().primaryKey().defaultRandom(),
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id),
    /** Discourse's topic id */
    topicId: integer().notNull(),
    title: text().notNull(),
    slug: text().notNull(),
    url: text().notNull(),
    categoryId: integer(),
    categoryName: text(),
    authorUsername: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    bumpedAt: timestamp({ withTimezone: true }).notNull(),
    closed: boolean().notNull().default(false),
    archived: boolean().notNull().default(false),
    /** Solved: the accepted answer's post number, null when none */
    acceptedAnswerPostNumber: integer(),
    /** regular posts, the first included */
    regularPostsCount: integer().notNull().default(0),
    /** the first regular reply by someone other than the topic's author */
    firstResponseAt: timestamp({ withTimezone: true }),
    firstResponderUsername: text(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('forum_topics_source_topic_unique').on(t.sourceId, t.topicId),
    index('forum_topics_created_idx').on(t.createdAt, t.sourceId, t.firstResponseAt),
    index('forum_topics_waiting_idx')
      .on(t.sourceId, t.createdAt)
      .where(sql`${t.firstResponseAt} is null`),
    // The triage queue over every forum (issue 13): topics waiting, in the queue's order, so it
    // reads its first 500 and stops; the counts per forum are index-only scans.
    index('forum_topics_triage_idx')
      .on(t.createdAt, t.topicId, t.sourceId, t.id)
      .where(sql`${t.firstResponseAt} is null and not ${t.closed} and not ${t.archived} and ${t.acceptedAnswerPostNumber} is null`),
  ],
)

export const forumPosts = pgTable(
  'forum_posts',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id),
    /** Discourse's post id */
    postId: integer().notNull(),
    topicId: integer().notNull(),
    postNumber: integer().notNull(),
    username: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** Discourse's post_type: 1 regular, 2 moderator action, 3 small action, 4 whisper; only regular posts count */
    postType: integer().notNull(),
    replyToPostNumber: integer(),
    authorIsStaff: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.postId] }),
    index('forum_posts_topic_idx').on(t.sourceId, t.topicId),
    index('forum_posts_created_idx').on(t.createdAt, t.sourceId, t.username, t.postType),
    // One poster's first and last contribution (the contributors list): two probes per person, not
    // a pass over every post. The predicate is isForumContribution's, written the same way.
    index('forum_posts_poster_idx')
      .on(sql`lower(${t.username})`, t.createdAt)
      .where(sql`${t.postType} = 1 and ${t.username} <> 'system'`),
  ],
)

export const forumTriageStates = pgTable('forum_triage_states', {
  topicId: uuid()
    .primaryKey()
    .references(() => forumTopics.id, { onDelete: 'cascade' }),
  handledAt: timestamp({ withTimezone: true }),
  handledNote: text(),
  snoozedUntil: timestamp({ withTimezone: true }),
  updatedById: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * "Handled elsewhere" and snoozes for e-mail threads. A thread is found by its source and the
 * Message-ID of the message that opened it (email_threads.opener_message_id), or its thread id
 * when that message has none (such a message stands alone: its thread id is `imap:<folder>:<uid>`).
 * No foreign key to email_threads: the sync deletes and re-inserts a thread's row whenever a
 * message joins it, and a state must outlive that. A state whose thread is gone shows nowhere.
 */
export const emailTriageStates = pgTable(
  'email_triage_states',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id, { onDelete: 'cascade' }),
    /** coalesce(opener_message_id, thread_id) of the thread */
    openerKey: text().notNull(),
    handledAt: timestamp({ withTimezone: true }),
    handledNote: text(),
    snoozedUntil: timestamp({ withTimezone: true }),
    updatedById: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.openerKey] })],
)

export type CommunitySource = typeof communitySources.$inferSelect
export type ForumTopic = typeof forumTopics.$inferSelect
export type ForumPost = typeof forumPosts.$inferSelect
export type EmailTriageState = typeof emailTriageStates.$inferSelect
