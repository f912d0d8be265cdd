import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    // argon2id PHC string; null until the invited person sets a password.
    passwordHash: text(),
    /** IANA zone for this person's week, digest and dates; null: the organisation's */
    timeZone: text(),
    /** this person's weekly time budget; null: the organisation's */
    weeklyBudgetMinutes: integer(),
    /** this person's minutes per kind of task (TaskKind → minutes); kinds left out follow the organisation */
    taskMinutes: jsonb().$type<Partial<Record<string, number>>>(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
)

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: text({ enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 (hex) of the token in the cookie, never the token itself.
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // the last request made with it, to the hour: a session idle for STEWARD_SESSION_IDLE_DAYS ends
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    clientAddress: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    // SHA-256 of the token in the link: a leaked database does not leak usable links.
    tokenHash: text().notNull().unique(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('invitations_user_idx').on(t.userId), index('invitations_expires_idx').on(t.expiresAt)],
)

// Every sign-in attempt, written before the password is checked (so parallel guesses count):
// succeeded stays false until the password proved right. Kept a day.
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    clientAddress: text().notNull(),
    // the device cookie's id when the browser held a valid one for this email (its own allowance)
    deviceId: text(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_email_idx').on(t.email, t.at),
    index('login_attempts_address_idx').on(t.clientAddress, t.at),
    index('login_attempts_device_idx').on(t.deviceId, t.at),
  ],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type Invitation = typeof invitations.$inferSelect

/** "Forgot password" links: single-use, an hour long; like invitations, only the token's hash is kept. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    // SHA-256 of the token in the e-mailed link
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId), index('password_resets_expires_idx').on(t.expiresAt)],
)
