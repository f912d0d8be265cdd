// What the /community page shows, kept as summaries so a request reads one row instead of scanning
// the synced data (issue 13, ADR 022).
//
// `community_data_version` is one row whose version a statement-level trigger raises on every write
// to a table the page reads (GitHub items, events, commits, snapshots, repositories, forum topics
// and posts, e-mail threads, settings), in the writer's transaction: a summary computed at version
// v is current exactly as long as the version is still v. `community_summaries` holds the page's
// figures per filter (period, repository, source, time zone), computed once per version by the
// same functions as before (so they equal the direct computation) and written by the sync at its
// end for the usual periods, or by the first request that asks for another one.
import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const communityDataVersion = pgTable('community_data_version', {
  /** always 1: one row */
  id: integer().primaryKey(),
  version: bigint({ mode: 'number' }).notNull(),
  changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const communitySummaries = pgTable('community_summaries', {
  /** the filter, as JSON (see app/domain/community/summaries.server.ts) */
  key: text().primaryKey(),
  /** the community_data_version it was computed at */
  version: bigint({ mode: 'number' }).notNull(),
  data: jsonb().notNull(),
  computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
