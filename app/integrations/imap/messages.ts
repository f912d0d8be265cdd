// One message as the mailbox sync keeps it: identifiers, addresses, dates and the headers that
// tell people from machines. Never a body. Pure: the IMAP side lives in mailbox.server.ts.
import type { FetchMessageObject } from 'imapflow'

export interface MailAddress {
  name: string
  address: string
}

export interface MailMessage {
  folder: string
  uid: number
  /** Message-ID without its angle brackets; null when the message has none */
  messageId: string | null
  /** In-Reply-To, each id without angle brackets (usually one) */
  inReplyTo: string[]
  /** References, oldest ancestor first, without angle brackets */
  references: string[]
  from: MailAddress | null
  to: string[]
  cc: string[]
  /** decoded (RFC 2047) */
  subject: string
  /** when the server received it (INTERNALDATE): senders set the Date header, servers this */
  internalDate: Date
  /** the Date header, as the sender wrote it; null when absent or unreadable */
  date: Date | null
  /** RFC 3834 Auto-Submitted, as written (`no`, `auto-replied`, …); null when absent */
  autoSubmitted: string | null
  /** Precedence (`bulk`, `list`, `junk`); null when absent */
  precedence: string | null
  hasListId: boolean
  hasListUnsubscribe: boolean
}

/** The header fields fetched beside the envelope (BODY.PEEK[HEADER.FIELDS (…)]): the envelope lacks them. */
export const EXTRA_HEADER_FIELDS = ['references', 'auto-submitted', 'precedence', 'list-id', 'list-unsubscribe'] as const

/**
 * Parses a block of header lines (as IMAP returns for HEADER.FIELDS) into lower-case names and
 * their values, unfolded (RFC 5322 2.2.3: a line break followed by a space or tab continues
 * the field). A name repeated keeps every value in order.
 */
export function parseHeaderFields(raw: Buffer | string): Map<string, string[]> {
  const text = (typeof raw === 'string' ? raw : raw.toString('utf8')).replace(/\r?\n(?=[ \t])/g, '')
  const fields = new Map<string, string[]>()
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  return fields
}

/**
 * The message ids in a Message-ID, In-Reply-To or References value, without angle brackets, in
 * order, each once. Tolerates comments and phrases between ids, and a bare `local@domain` left
 * by clients that drop the brackets.
 */
export function parseMessageIds(value: string | null | undefined): string[] {
  if (!value) return []
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1])
  const ids = bracketed.length ? bracketed : value.split(/[\s,]+/).filter((token) => /^[^<>()\s]+@[^<>()\s]+$/.test(token))
  return [...new Set(ids)]
}

const first = (fields: Map<string, string[]>, name: string) => {
  const value = fields.get(name)?.[0]
  return value === undefined || value === '' ? null : value
}

const toDate = (value: Date | string | undefined) => {
  if (value === undefined) return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

const addresses = (list: Array<{ address?: string }> | undefined) =>
  (list ?? []).map((a) => a.address?.trim() ?? '').filter((address) => address.includes('@'))

/** Turns what imapflow fetched (envelope, INTERNALDATE, the extra header fields) into a MailMessage. */
export function toMailMessage(folder: string, fetched: FetchMessageObject): MailMessage {
  const envelope = fetched.envelope ?? {}
  const fields = parseHeaderFields(fetched.headers ?? '')
  const sender = envelope.from?.find((a) => a.address?.includes('@'))
  const internalDate = toDate(fetched.internalDate)
  if (!internalDate) throw new Error(`The server gave no INTERNALDATE for message ${fetched.uid} in ${folder}.`)
  return {
    folder,
    uid: fetched.uid,
    messageId: parseMessageIds(envelope.messageId)[0] ?? null,
    inReplyTo: parseMessageIds(envelope.inReplyTo),
    references: parseMessageIds(fields.get('references')?.join(' ')),
    from: sender ? { name: sender.name?.trim() ?? '', address: sender.address!.trim() } : null,
    to: addresses(envelope.to),
    cc: addresses(envelope.cc),
    subject: envelope.subject ?? '',
    internalDate,
    date: toDate(envelope.date),
    autoSubmitted: first(fields, 'auto-submitted'),
    precedence: first(fields, 'precedence'),
    hasListId: first(fields, 'list-id') !== null,
    hasListUnsubscribe: first(fields, 'list-unsubscribe') !== null,
  }
}
