// What the /fundraising overview shows of a year, kept as summaries so a visit reads one row
// instead of aggregating the ledger (ADR 030, after ADR 022's community summaries).
//
// `fundraising_data_version` is one row whose version a statement-level trigger raises on every
// write to a table the year's figures come from (donations, exchange rates), in the writer's
// transaction: imports, reverts, voids, refunds, manual entries, merges, syncs and rate changes
// all write one of them. A summary computed at version v is current exactly as long as the
// version is still v.
import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const fundraisingDataVersion = pgTable('fundraising_data_version', {
  /** always 1: one row */
  id: integer().primaryKey(),
  version: bigint({ mode: 'number' }).notNull(),
  changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const fundraisingSummaries = pgTable('fundraising_summaries', {
  /** the year, time zone and reporting currency, as JSON (see app/domain/fundraising/overview.server.ts) */
  key: text().primaryKey(),
  /** the fundraising_data_version it was computed at */
  version: bigint({ mode: 'number' }).notNull(),
  data: jsonb().notNull(),
  computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
