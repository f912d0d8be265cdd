import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Organisation-wide settings (time zone, reporting currency, …) as typed key/value pairs. */
export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
