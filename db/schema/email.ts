import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { EMAIL_KINDS, EMAIL_STATES } from '#app/domain/email/vocabulary.ts'
import { users } from './accounts.ts'

export const emailState = pgEnum('email_state', EMAIL_STATES)

/**
 * Every e-mail Steward sends: written in the transaction that caused it, delivered by the
 * email.send job, kept with its state so an admin can see what went out and what did not.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: EMAIL_KINDS }).notNull(),
    toAddress: text().notNull(),
    /** the person it is for, when it is for a user (null for an address typed by an admin) */
    toUserId: uuid().references(() => users.id),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text(),
    /** extra headers, e.g. List-Unsubscribe */
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** the Message-ID header, fixed when queued so a repeated delivery is recognisably the same message */
    messageId: text().notNull(),
    /** a message that must go at most once (e.g. digest:<user>:<week>) */
    dedupeKey: text(),
    state: emailState().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** the last failure, in plain words */
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** when a delivery claimed it (a claim older than a few minutes belongs to a process that died) */
    claimedAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_key').on(t.dedupeKey),
    index('email_outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('email_outbox_created_idx').on(t.createdAt),
  ],
)

export type OutboxEmail = typeof emailOutbox.$inferSelect
