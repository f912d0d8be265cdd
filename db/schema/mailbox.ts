// Tables of the project's mailbox (issue 13; ADRs 012 and 014): what the read-only IMAP sync keeps
// of INBOX and the folder the server marks \Sent — identifiers, thread, dates, direction, sender
// and subject. Never a body.
//
// Written by app/domain/community/mailbox-sync.server.ts, one transaction per page of messages
// (the messages, the threads they touch and the folder's cursor together); read by
// app/domain/community/mailbox-metrics.server.ts.
//
// Every table is keyed by `source_id`, the community source (kind 'imap') the rows belong to, a
// foreign key to `community_sources`; deleting a source row deletes its mail (removing a source
// on the sources page only deactivates it, so its mail stays).
import { sql } from 'drizzle-orm'
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { communitySources } from './sources.ts'
import type { EmailDirection, EmailMessageKind, MailboxFolderRole } from '#app/domain/community/mailbox-vocabulary.ts'

/** Where the sync stands in each folder: (UIDVALIDITY, highest UID stored). */
export const mailboxFolders = pgTable(
  'mailbox_folders',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id, { onDelete: 'cascade' }),
    path: text().notNull(),
    role: text().$type<MailboxFolderRole>().notNull(),
    /** UIDs are unsigned 32-bit numbers: beyond an integer column's range. */
    uidValidity: bigint({ mode: 'number' }).notNull(),
    lastUid: bigint({ mode: 'number' }).notNull().default(0),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.path] })],
)

/** One message in one folder (a message in both INBOX and Sent is two rows; the threads count it once). */
export const emailMessages = pgTable(
  'email_messages',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id, { onDelete: 'cascade' }),
    folder: text().notNull(),
    uid: bigint({ mode: 'number' }).notNull(),
    /** Message-ID without angle brackets; null when the message has none */
    messageId: text(),
    /** Message-ID, or `imap:<folder>:<uid>` for a message without one (it then stands alone) */
    messageKey: text().notNull(),
    inReplyTo: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** the References header, oldest ancestor first */
    references: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** email_threads.thread_id of its thread */
    threadId: text(),
    direction: text().$type<EmailDirection>().notNull(),
    kind: text().$type<EmailMessageKind>().notNull(),
    fromName: text().notNull().default(''),
    /** visible to the community and admin roles only */
    fromAddress: text(),
    subject: text().notNull().default(''),
    /** INTERNALDATE: when the server received (or stored) it; the Date header is the sender's clock */
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    /** the Date header, as the sender wrote it */
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.folder, t.uid] }),
    index('email_messages_thread_idx').on(t.sourceId, t.threadId),
    index('email_messages_key_idx').on(t.sourceId, t.messageKey),
  ],
)

/**
 * Every message id a thread's messages carry or point to (their own, In-Reply-To, References —
 * including parents never seen), so a new message finds the threads it joins without reading the
 * others. Each id belongs to one thread.
 */
export const emailThreadIds = pgTable(
  'email_thread_ids',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id, { onDelete: 'cascade' }),
    messageId: text().notNull(),
    threadId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.messageId] }), index('email_thread_ids_thread_idx').on(t.sourceId, t.threadId)],
)

/** A conversation, as app/integrations/imap/threads.ts defines it; recomputed whenever a message joins it. */
export const emailThreads = pgTable(
  'email_threads',
  {
    sourceId: uuid()
      .notNull()
      .references(() => communitySources.id, { onDelete: 'cascade' }),
    /** the Message-ID its messages point to as their oldest ancestor (possibly never seen) */
    threadId: text().notNull(),
    subject: text().notNull().default(''),
    /** INTERNALDATE of its first inbound message from a person; null when only the project or machines wrote */
    createdAt: timestamp({ withTimezone: true }),
    /** that message's Message-ID, name and address (the address for community and admin only) */
    openerMessageId: text(),
    openerName: text(),
    openerAddress: text(),
    /** the earliest message from a project address at or after createdAt, not automatic */
    firstResponseAt: timestamp({ withTimezone: true }),
    firstResponderAddress: text(),
    messageCount: integer().notNull(),
    lastMessageAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.threadId] }),
    index('email_threads_created_idx').on(t.createdAt, t.sourceId),
    index('email_threads_waiting_idx')
      .on(t.createdAt)
      .where(sql`${t.firstResponseAt} is null and ${t.createdAt} is not null`),
  ],
)

export type MailboxFolder = typeof mailboxFolders.$inferSelect
export type EmailMessage = typeof emailMessages.$inferSelect
export type EmailThread = typeof emailThreads.$inferSelect
