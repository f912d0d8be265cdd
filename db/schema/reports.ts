// Tables of the reports area (see DESIGN.md, data model, and docs/report-json.md).
import { sql } from 'drizzle-orm'
import { type AnyPgColumn, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { REPORT_SECTIONS, REPORT_STATUSES } from '#app/domain/reports/vocabulary.ts'
import { users } from './accounts.ts'

/**
 * One version of one quarter's report. A correction of a published report is a new row with the
 * next version; the published one stays readable and points to it through `supersededById`.
 * At most one version of a quarter is open (draft or in review) at a time.
 */
export const quarterlyReports = pgTable(
  'quarterly_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** "2026-Q3" */
    quarter: text().notNull(),
    version: integer().notNull().default(1),
    status: text({ enum: REPORT_STATUSES }).notNull().default('draft'),
    /** the assembled numbers (sections, comparisons, charts): refreshed while open, frozen once published */
    data: jsonb().notNull(),
    generatedAt: timestamp({ withTimezone: true }).notNull(),
    /** null when the scheduled job generated it */
    generatedById: uuid().references(() => users.id),
    /** the complete document (numbers and narratives) as published; never changes afterwards */
    publishedDocument: jsonb(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedById: uuid().references(() => users.id),
    /** the published version this one corrects */
    correctionOfId: uuid().references((): AnyPgColumn => quarterlyReports.id),
    correctionReason: text(),
    /** the later version that corrects this published one */
    supersededById: uuid().references((): AnyPgColumn => quarterlyReports.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quarterly_reports_quarter_version_unique').on(t.quarter, t.version),
    uniqueIndex('quarterly_reports_one_open_per_quarter')
      .on(t.quarter)
      .where(sql`${t.status} <> 'published'`),
    index('quarterly_reports_status_idx').on(t.status, t.quarter),
  ],
)

/** Per report and section: the lead's Markdown narrative (who wrote it, when) and their "ready" mark. */
export const quarterlyReportSections = pgTable(
  'quarterly_report_sections',
  {
    reportId: uuid()
      .notNull()
      .references(() => quarterlyReports.id, { onDelete: 'cascade' }),
    section: text({ enum: REPORT_SECTIONS }).notNull(),
    narrative: text().notNull().default(''),
    narrativeUpdatedAt: timestamp({ withTimezone: true }),
    narrativeUpdatedById: uuid().references(() => users.id),
    readyAt: timestamp({ withTimezone: true }),
    readyById: uuid().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.section] })],
)

export type QuarterlyReport = typeof quarterlyReports.$inferSelect
export type QuarterlyReportSection = typeof quarterlyReportSections.$inferSelect
