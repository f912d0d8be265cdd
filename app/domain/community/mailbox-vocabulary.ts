// The words of the project's mailbox (a community source): browser-safe, read by the schema
// (db/schema/mailbox.ts), the domain and, later, the pages. Kept apart from vocabulary.ts so the
// mailbox and the forum work can grow side by side.

/** inbound: from anyone else; outbound: from one of the source's project addresses (case-insensitive). */
export const EMAIL_DIRECTIONS = ['inbound', 'outbound'] as const
export type EmailDirection = (typeof EMAIL_DIRECTIONS)[number]

/**
 * What sent a message, from its headers (app/integrations/imap/threads.ts, classifyMessage):
 * only `person` messages open a thread or answer one; auto-replies, bulk mail and mailing-list
 * traffic count neither way.
 */
export const EMAIL_MESSAGE_KINDS = ['person', 'auto-reply', 'bulk', 'list'] as const
export type EmailMessageKind = (typeof EMAIL_MESSAGE_KINDS)[number]

/** The folders a mailbox source reads: INBOX, and the one the server marks \Sent. */
export const MAILBOX_FOLDER_ROLES = ['inbox', 'sent'] as const
export type MailboxFolderRole = (typeof MAILBOX_FOLDER_ROLES)[number]
