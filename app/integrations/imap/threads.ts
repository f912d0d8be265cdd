// Threads and first responses from a mailbox's messages (DESIGN.md, "Sources of conversations").
// Pure: messages in, threads out.
//
// - A thread is every message joined through Message-ID, In-Reply-To and References, in any
//   order they were seen, with parents that were never seen (deleted, or in a folder not synced)
//   still joining their children.
// - A message is outbound when it is from a project address (compared without regard to case).
// - Auto-replies, bulk mail and mailing-list traffic count neither way: they do not open a
//   thread, and they are not a response.
// - The thread is created at the INTERNALDATE of its first inbound message that counts; its
//   first response is the earliest counted outbound message from then on, from whichever
//   folder (Sent, or a colleague's copy in INBOX). Times are INTERNALDATEs throughout: the
//   server's clock, not the sender's.
import type { MailMessage } from './messages.ts'

export type MessageKind = 'person' | 'auto-reply' | 'bulk' | 'list'

/**
 * What sent a message, from its headers:
 * - `auto-reply`: Auto-Submitted is present and anything but `no` (RFC 3834: auto-replied,
 *   auto-generated, auto-notified, and whatever comes next);
 * - `bulk`: Precedence bulk or junk, or a List-Unsubscribe without a List-Id (newsletters);
 * - `list`: Precedence list, or a List-Id (RFC 2919: it came through a mailing list);
 * - `person`: everything else.
 */
export function classifyMessage(
  message: Pick<MailMessage, 'autoSubmitted' | 'precedence' | 'hasListId' | 'hasListUnsubscribe'>,
): MessageKind {
  const autoSubmitted = headerToken(message.autoSubmitted)
  if (autoSubmitted !== null && autoSubmitted !== 'no') return 'auto-reply'
  const precedence = headerToken(message.precedence)
  if (precedence === 'bulk' || precedence === 'junk') return 'bulk'
  if (precedence === 'list' || message.hasListId) return 'list'
  if (message.hasListUnsubscribe) return 'bulk'
  return 'person'
}

/** The value before any `;` parameters or `(comments)`, lower-case: `Auto-Replied; owner-email=…` → `auto-replied`. */
function headerToken(value: string | null) {
  if (value === null) return null
  const token = value
    .replace(/\([^)]*\)/g, ' ')
    .split(';')[0]
    .trim()
    .toLowerCase()
  return token === '' ? null : token
}

/** What threading reads of a message: its ids, sender, subject, INTERNALDATE and what sent it. */
export type ThreadableMessage = Pick<
  MailMessage,
  'folder' | 'uid' | 'messageId' | 'inReplyTo' | 'references' | 'from' | 'subject' | 'internalDate'
> & { kind: MessageKind }

export type ThreadMessage<M extends ThreadableMessage = MailMessage & { kind: MessageKind }> = M & {
  direction: 'inbound' | 'outbound'
}

export interface MailThread<M extends ThreadableMessage = MailMessage & { kind: MessageKind }> {
  /** the Message-ID its messages point to as their oldest ancestor (possibly a message never seen) */
  id: string
  subject: string
  /** in time order (INTERNALDATE), each message once even when it sits in several folders */
  messages: ThreadMessage<M>[]
  /** INTERNALDATE of the first inbound message that counts; null when no one outside the project wrote */
  createdAt: Date | null
  /** the earliest counted outbound message at or after createdAt; null while unanswered */
  firstResponse: ThreadMessage<M> | null
}

// A message without a Message-ID stands alone; its key has no '@', so it never meets a real id.
export const keyOf = (m: Pick<MailMessage, 'messageId' | 'folder' | 'uid'>) => m.messageId ?? `imap:${m.folder}:${m.uid}`
const byTime = (a: ThreadableMessage, b: ThreadableMessage) =>
  a.internalDate.getTime() - b.internalDate.getTime() || a.folder.localeCompare(b.folder) || a.uid - b.uid

/** Groups messages into threads, oldest thread first, with each thread's creation and first response. */
export function threadMessages(messages: MailMessage[], projectAddresses: string[]): MailThread[] {
  return threadClassifiedMessages(
    messages.map((message) => ({ ...message, kind: classifyMessage(message) })),
    projectAddresses,
  )
}

/** The same as threadMessages, for messages already classified (as the mailbox sync stores them). */
export function threadClassifiedMessages<M extends ThreadableMessage>(messages: M[], projectAddresses: string[]): MailThread<M>[] {
  const project = new Set(projectAddresses.map((a) => a.trim().toLowerCase()))

  // The same message in two folders (Sent, and a copy in INBOX) is one message: its earliest copy.
  const unique = new Map<string, M>()
  for (const message of [...messages].sort(byTime)) {
    if (!unique.has(keyOf(message))) unique.set(keyOf(message), message)
  }

  // Union-find over ids, the never-seen ones included, so order and gaps do not matter.
  const parent = new Map<string, string>()
  const find = (id: string): string => {
    let root = id
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!
    parent.set(id, root)
    return root
  }
  const join = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)]
    if (ra !== rb) parent.set(rb, ra)
  }
  for (const [key, message] of unique) {
    find(key)
    for (const id of [...message.references, ...message.inReplyTo]) join(key, id)
  }

  const groups = new Map<string, ThreadMessage<M>[]>()
  for (const [key, message] of unique) {
    const direction = message.from && project.has(message.from.address.toLowerCase()) ? 'outbound' : 'inbound'
    const root = find(key)
    groups.set(root, [...(groups.get(root) ?? []), { ...message, direction }])
  }

  const threads = [...groups.values()].map((members): MailThread<M> => {
    members.sort(byTime)
    const earliest = members[0]
    const opener = members.find((m) => m.direction === 'inbound' && m.kind === 'person') ?? null
    const createdAt = opener?.internalDate ?? null
    const firstResponse =
      createdAt === null
        ? null
        : (members.find((m) => m.direction === 'outbound' && m.kind === 'person' && m.internalDate >= createdAt) ?? null)
    return {
      id: earliest.references[0] ?? earliest.inReplyTo[0] ?? keyOf(earliest),
      subject: (opener ?? earliest).subject,
      messages: members,
      createdAt,
      firstResponse,
    }
  })
  return threads.sort((a, b) => byTime(a.messages[0], b.messages[0]))
}
