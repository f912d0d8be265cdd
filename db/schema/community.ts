// Tables of the community area (see DESIGN.md, data model and "GitHub sync").
//
// Written by the GitHub sync (app/domain/community/github-ingestion.server.ts); read by the community
// metrics, the triage queue and the reports.
//
// Contributors are derived from the synced data. A contribution is one of
//   - a commit            → identity = commits.author_key (GitHub login when known, else the
//                           commit author's name), bot flag commits.is_bot
//   - an issue, pull request or discussion opened → github_items.author_login, author_is_bot
//   - a comment, review or chosen answer          → github_item_events.actor_login, actor_is_bot
// A person's first contribution = min(time) over the union of the three (bots excluded). It is
// kept per repository in `contributors` by triggers that run in the same statement as every
// insert or update of the three tables (db/migrations/0001_contributors.sql), so it cannot
// drift, and "new contributors" never has to read the whole history;
// maintainers are given by `listMaintainerLogins()` in app/domain/community/maintainers.server.ts
// (the setting `community.maintainers`, else authors with OWNER/MEMBER/COLLABORATOR association).
//
// Bots are kept but flagged: GitHub `Bot` actors, and logins or names ending in `[bot]`.
// The value lists (item kinds, states, sync kinds…) and their labels: app/domain/community/vocabulary.ts.
import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { GITHUB_EVENT_KINDS, GITHUB_ITEM_KINDS, GITHUB_ITEM_STATES, SYNC_KINDS, SYNC_STATUSES } from '#app/domain/community/vocabulary.ts'
import { users } from './accounts.ts'

export const repositories = pgTable(
  'repositories',
  {
    id: uuid().primaryKey().defaultRandom(),
    owner: text().notNull(),
    name: text().notNull(),
    /** GitHub's node id of the repository, known after the first sync. */
    nodeId: text(),
    /** Learnt from GitHub on the first sync; commits are read from this branch. */
    defaultBranch: text(),
    hasDiscussions: boolean().notNull().default(true),
    active: boolean().notNull().default(true),
    addedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('repositories_owner_name_unique').on(sql`lower(${t.owner})`, sql`lower(${t.name})`)],
)

export const githubItems = pgTable(
  'github_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    repositoryId: uuid()
      .notNull()
      .references(() => repositories.id),
    kind: text({ enum: GITHUB_ITEM_KINDS }).notNull(),
    /** GitHub's global node id: the upsert key. */
    nodeId: text().notNull(),
    number: integer().notNull(),
    title: text().notNull(),
    url: text().notNull(),
    /** Null when GitHub reports no author (a deleted account, "ghost"). */
    authorLogin: text(),
    /** OWNER | MEMBER | COLLABORATOR | CONTRIBUTOR | FIRST_TIME_CONTRIBUTOR | FIRST_TIMER | MANNEQUIN | NONE */
    authorAssociation: text(),
    authorIsBot: boolean().notNull().default(false),
    state: text({ enum: GITHUB_ITEM_STATES }).notNull(),
    /** Discussions only: the category's name and whether it takes answers (Q&A). */
    category: text(),
    categoryIsAnswerable: boolean(),
    labels: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    /** Pull requests only. */
    mergedAt: timestamp({ withTimezone: true }),
    mergedByLogin: text(),
    /** Discussions only. */
    answerChosenAt: timestamp({ withTimezone: true }),
    answerAuthorLogin: text(),
    /** First comment, review or answer by someone other than the author, bots excluded (CHAOSS). */
    firstResponseAt: timestamp({ withTimezone: true }),
    firstResponderLogin: text(),
    commentCount: integer().notNull().default(0),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('github_items_node_id_unique').on(t.nodeId),
    uniqueIndex('github_items_repository_kind_number_unique').on(t.repositoryId, t.kind, t.number),
    // The target of the events' foreign key (item and repository together).
    unique('github_items_id_repository_unique').on(t.id, t.repositoryId),
    // Every index is paid for on each synced item (bench/github-sync.ts): only those the
    // community queries use. The /community page reads items created, closed or merged in a
    // period, for every repository or one: each index leads with the time and holds the other
    // columns those queries read, so they are index-only scans instead of reads of the wide rows.
    index('github_items_created_idx').on(t.createdAt, t.repositoryId, t.kind, t.authorIsBot, t.authorLogin, t.firstResponseAt),
    index('github_items_closed_idx')
      .on(t.closedAt, t.repositoryId, t.kind)
      .where(sql`${t.closedAt} is not null`),
    index('github_items_merged_idx')
      .on(t.mergedAt, t.repositoryId, t.mergedByLogin)
      .where(sql`${t.mergedAt} is not null`),
    // Maintainers by association (when the setting lists nobody): a few logins among many items.
    index('github_items_maintainer_authors_idx')
      .on(t.authorLogin)
      .where(sql`${t.authorAssociation} in ('OWNER', 'MEMBER', 'COLLABORATOR') and not ${t.authorIsBot} and ${t.authorLogin} is not null`),
    // The triage queue and "still waiting": open items of a kind without a first response.
    index('github_items_kind_state_first_response_idx').on(t.kind, t.state, t.firstResponseAt),
    // The triage queue (issue 13): the waiting items in the queue's order (oldest first), so the
    // queue reads its first 500 and stops, and the counts (per kind, over the target, per
    // repository) are index-only scans. Partial: only open, unanswered items by people, ~12 % of all.
    index('github_items_waiting_idx')
      .on(t.createdAt, t.number, t.kind, t.repositoryId, t.id)
      .where(sql`${t.state} = 'open' and ${t.firstResponseAt} is null and not ${t.authorIsBot}`),
  ],
)

/**
 * Responses on items: comments, pull-request reviews and chosen answers, as far as the sync
 * reads them (the first and the latest comments and reviews of each item, see
 * app/integrations/github/queries.ts). They feed maintainer activity (responses and reviews
 * by login) and comment contributions; merges are github_items.merged_by_login.
 */
export const githubItemEvents = pgTable(
  'github_item_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** With repository_id, a foreign key to the item (and so to its repository): one check per row, not two. */
    itemId: uuid().notNull(),
    repositoryId: uuid().notNull(),
    kind: text({ enum: GITHUB_EVENT_KINDS }).notNull(),
    /** GitHub's node id of the comment or review (an answer reuses its comment's id with an `answer:` prefix). */
    nodeId: text().notNull(),
    actorLogin: text(),
    actorIsBot: boolean().notNull().default(false),
    /** Reviews only: APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING */
    reviewState: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('github_item_events_node_id_unique').on(t.nodeId),
    foreignKey({
      name: 'github_item_events_item_fk',
      columns: [t.itemId, t.repositoryId],
      foreignColumns: [githubItems.id, githubItems.repositoryId],
    }).onDelete('cascade'),
    // Active contributors and maintainer activity: events in a period, for one repository or
    // all, read from the index alone. The sync writes ~4 events per item, so this is the only
    // other index: nothing reads events by item (items are never deleted; a delete would scan them).
    index('github_item_events_occurred_idx').on(t.occurredAt, t.repositoryId, t.actorLogin, t.actorIsBot, t.kind),
  ],
)

export const commits = pgTable(
  'commits',
  {
    id: uuid().primaryKey().defaultRandom(),
    repositoryId: uuid()
      .notNull()
      .references(() => repositories.id),
    sha: text().notNull(),
    authoredAt: timestamp({ withTimezone: true }).notNull(),
    committedAt: timestamp({ withTimezone: true }).notNull(),
    /** The GitHub login when GitHub links the commit to an account. */
    authorLogin: text(),
    authorName: text().notNull(),
    /** The contributor identity: author_login when known, else author_name (DESIGN.md). */
    authorKey: text().notNull(),
    isBot: boolean().notNull().default(false),
    /** More than one parent. */
    isMerge: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex('commits_repository_sha_unique').on(t.repositoryId, t.sha),
    // Commits in a period (active contributors, absence factor), read from the index alone.
    index('commits_authored_idx').on(t.authoredAt, t.repositoryId, t.authorKey, t.isBot, t.isMerge),
  ],
)

export const repositorySnapshots = pgTable(
  'repository_snapshots',
  {
    repositoryId: uuid()
      .notNull()
      .references(() => repositories.id),
    /** The UTC day of the snapshot; a later sync the same day overwrites it. */
    day: date({ mode: 'string' }).notNull(),
    stars: integer().notNull(),
    forks: integer().notNull(),
    watchers: integer().notNull(),
    takenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.repositoryId, t.day] })],
)

/**
 * Where each kind's sync of a repository stands. A run pages newest-updated first; it keeps the
 * cursor after every page (so a killed run resumes there) and moves the watermark only when it
 * reaches the previous one (so nothing between them is skipped).
 */
export const syncStates = pgTable(
  'sync_states',
  {
    repositoryId: uuid()
      .notNull()
      .references(() => repositories.id),
    kind: text({ enum: SYNC_KINDS }).notNull(),
    /** Everything updated (commits: committed) at or before this is in the database. */
    watermark: timestamp({ withTimezone: true }),
    /** The run in progress: the newest time it has seen (the next watermark) and where it is. */
    pendingWatermark: timestamp({ withTimezone: true }),
    cursor: text(),
    status: text({ enum: SYNC_STATUSES }).notNull().default('idle'),
    itemsDone: integer().notNull().default(0),
    /** As GitHub reports it (the connection's totalCount); null before the first page. */
    itemsTotal: integer(),
    requestsUsed: integer().notNull().default(0),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    /** Plain words for people ("GitHub refused the token…"), null after a success. */
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    rateLimitRemaining: integer(),
    rateLimitResetAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.repositoryId, t.kind] })],
)

export type Repository = typeof repositories.$inferSelect
export type GithubItem = typeof githubItems.$inferSelect
export type NewGithubItem = typeof githubItems.$inferInsert
export type GithubItemEvent = typeof githubItemEvents.$inferSelect
export type NewGithubItemEvent = typeof githubItemEvents.$inferInsert
export type Commit = typeof commits.$inferSelect
export type NewCommit = typeof commits.$inferInsert
export type RepositorySnapshot = typeof repositorySnapshots.$inferSelect
export type SyncState = typeof syncStates.$inferSelect

/**
 * Each contributor's first and last contribution to a repository and the kinds seen (bots
 * excluded): what "new contributors" and the contributors list need from the whole history.
 * Kept by database triggers on github_items, github_item_events and commits (never written by
 * the app): the first only moves earlier and the last later, as GitHub's history is append-only.
 */
export const contributors = pgTable(
  'contributors',
  {
    repositoryId: uuid()
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    /** A GitHub login, or a commit author's name when GitHub knows no login (as commits.author_key). */
    identity: text().notNull(),
    firstAt: timestamp({ withTimezone: true }).notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
    /** The kinds of contribution seen, sorted: commit, issue, pull_request, discussion, comment, review. */
    kinds: text().array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.repositoryId, t.identity] }),
    // New contributors of one repository in a period.
    index('contributors_repository_first_idx').on(t.repositoryId, t.firstAt),
  ],
)

/**
 * Each contributor's first contribution to any tracked repository: `contributors` folded over
 * repositories, kept by a trigger on `contributors` (so "all repositories" needs no grouping).
 */
export const contributorsOverall = pgTable(
  'contributors_overall',
  {
    identity: text().primaryKey(),
    firstAt: timestamp({ withTimezone: true }).notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
    kinds: text().array().notNull(),
  },
  (t) => [index('contributors_overall_first_idx').on(t.firstAt)],
)
