import { sql } from 'drizzle-orm'
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { DELIVERIES, NOTIFICATION_KINDS, PREFERENCE_KINDS } from '#app/domain/notifications/vocabulary.ts'
import { users } from './accounts.ts'

/**
 * What Steward tells one person. Derived by producers (app/domain/notifications): `key` is
 * kind:subject:occurrence, unique per person, so deriving again adds nothing twice; `resolvedAt`
 * is set when the thing it is about has been handled (the producer no longer finds it).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: NOTIFICATION_KINDS }).notNull().default('grant-deadline'),
    text: text().notNull(),
    link: text(),
    key: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
    /** the underlying thing was handled (or the reminder superseded by a later one) */
    resolvedAt: timestamp({ withTimezone: true }),
    /** the person put it away themselves (kinds that allow it): it stays done even if still found */
    dismissedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_user_key').on(t.userId, t.key),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    // the bell: a person's open, unread notifications
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null and ${t.resolvedAt} is null`),
    index('notifications_open_kind_idx')
      .on(t.kind)
      .where(sql`${t.resolvedAt} is null`),
  ],
)

/** A person's choice of delivery for one kind; without a row, the default for their roles applies. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** a notification kind, or weekly-digest (email or off) */
    kind: text({ enum: PREFERENCE_KINDS }).notNull(),
    delivery: text({ enum: DELIVERIES }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
)

export type Notification = typeof notifications.$inferSelect
