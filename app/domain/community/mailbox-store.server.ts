// Writes a mailbox source's messages and keeps its threads equal to what
// app/integrations/imap/threads.ts makes of the stored messages (ADR 013).
//
// Threads are connected components over message ids (a message's own, In-Reply-To, References),
// so a new message can only change the threads that share an id with it. email_thread_ids maps
// every id seen or pointed to onto its thread: storing a page reads the threads it touches,
// recomputes them with the messages of that page, and replaces them — in the caller's
// transaction, so the threads never disagree with the messages. Removing messages (a folder
// resynced or dropped) or changing the project addresses recomputes every thread of the source.
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server.ts'
import { emailMessages, emailThreadIds, emailThreads, type EmailMessage } from '#db/schema/mailbox.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { classifyMessage, keyOf, threadClassifiedMessages, type ThreadableMessage } from '#app/integrations/imap/threads.ts'
import type { EmailDirection } from './mailbox-vocabulary.ts'

/** What is stored of one message (no body, ever). */
export type EmailMessageRow = typeof emailMessages.$inferInsert

const normalise = (addresses: readonly string[]) => new Set(addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))

function directionOf(address: string | null | undefined, project: Set<string>): EmailDirection {
  return address && project.has(address.trim().toLowerCase()) ? 'outbound' : 'inbound'
}

/** A fetched message as a row of email_messages. */
export function toEmailMessageRow(sourceId: number, message: MailMessage, projectAddresses: readonly string[]): EmailMessageRow {
  return {
    sourceId,
    folder: message.folder,
    uid: message.uid,
    messageId: message.messageId,
    messageKey: keyOf(message),
    inReplyTo: message.inReplyTo,
    references: message.references,
    direction: directionOf(message.from?.address, normalise(projectAddresses)),
    kind: classifyMessage(message),
    fromName: message.from?.name ?? '',
    fromAddress: message.from?.address ?? null,
    subject: message.subject,
    receivedAt: message.internalDate,
    sentAt: message.date,
  }
}

type StoredMessage = Pick<
  EmailMessage,
  | 'folder'
  | 'uid'
  | 'messageId'
  | 'messageKey'
  | 'inReplyTo'
  | 'references'
  | 'kind'
  | 'fromName'
  | 'fromAddress'
  | 'subject'
  | 'receivedAt'
>

const threadable = (m: StoredMessage): ThreadableMessage & { row: StoredMessage } => ({
  folder: m.folder,
  uid: m.uid,
  messageId: m.messageId,
  inReplyTo: m.inReplyTo,
  references: m.references,
  from: m.fromAddress ? { name: m.fromName, address: m.fromAddress } : null,
  subject: m.subject,
  internalDate: m.receivedAt,
  kind: m.kind,
  row: m,
})

const memberColumns = {
  folder: emailMessages.folder,
  uid: emailMessages.uid,
  messageId: emailMessages.messageId,
  messageKey: emailMessages.messageKey,
  inReplyTo: emailMessages.inReplyTo,
  references: emailMessages.references,
  kind: emailMessages.kind,
  fromName: emailMessages.fromName,
  fromAddress: emailMessages.fromAddress,
  subject: emailMessages.subject,
  receivedAt: emailMessages.receivedAt,
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Serialises the writers of one source (two syncs at once, a sync and the seed): held until the transaction ends. */
export async function lockMailboxSource(tx: DbOrTx, sourceId: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${MAILBOX_LOCK_SPACE}, ${sourceId})`)
}
// Any constant of our own: the first key of the two-key advisory lock, the source id the second.
const MAILBOX_LOCK_SPACE = 1_301

/**
 * Stores messages (a message already stored in that folder under that UID is left as it is) and
 * rethreads what they touch. Returns how many rows were new. Call inside a transaction.
 */
export async function storeEmailMessages(tx: DbOrTx, sourceId: number, rows: EmailMessageRow[], projectAddresses: readonly string[]) {
  let inserted = 0
  for (const chunk of chunks(rows, 1_000)) {
    const written = await tx
      .insert(emailMessages)
      .values(chunk.map((r) => ({ ...r, threadId: null })))
      .onConflictDoNothing()
      .returning({ uid: emailMessages.uid })
    inserted += written.length
  }
  if (inserted === 0) return 0
  const ids = [...new Set(rows.flatMap((r) => [r.messageKey, ...(r.inReplyTo ?? []), ...(r.references ?? [])]))]
  const touched = new Set<string>()
  for (const chunk of chunks(ids, 5_000)) {
    const found = await tx
      .selectDistinct({ threadId: emailThreadIds.threadId })
      .from(emailThreadIds)
      .where(and(eq(emailThreadIds.sourceId, sourceId), inArray(emailThreadIds.messageId, chunk)))
    for (const f of found) touched.add(f.threadId)
  }
  const affected = [...touched]
  const members = await tx
    .select(memberColumns)
    .from(emailMessages)
    .where(
      and(
        eq(emailMessages.sourceId, sourceId),
        affected.length ? or(isNull(emailMessages.threadId), inArray(emailMessages.threadId, affected)) : isNull(emailMessages.threadId),
      ),
    )
  await replaceThreads(tx, sourceId, members, affected, projectAddresses)
  return inserted
}

/** Recomputes every thread of the source from its stored messages (after removals, or new project addresses). */
export async function rethreadMailboxSource(tx: DbOrTx, sourceId: number, projectAddresses: readonly string[]) {
  const members = await tx.select(memberColumns).from(emailMessages).where(eq(emailMessages.sourceId, sourceId))
  await tx.delete(emailThreads).where(eq(emailThreads.sourceId, sourceId))
  await tx.delete(emailThreadIds).where(eq(emailThreadIds.sourceId, sourceId))
  await replaceThreads(tx, sourceId, members, [], projectAddresses)
}

/** Whether any stored message's direction disagrees with these project addresses. */
export async function directionsDisagree(tx: DbOrTx, sourceId: number, projectAddresses: readonly string[]) {
  const project = [...normalise(projectAddresses)]
  const isProject = project.length
    ? sql`coalesce(lower(trim(${emailMessages.fromAddress})) in (select jsonb_array_elements_text(${JSON.stringify(project)}::jsonb)), false)`
    : sql`false`
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(and(eq(emailMessages.sourceId, sourceId), sql`(${emailMessages.direction} = 'outbound') <> ${isProject}`))
  return Number(row?.n ?? 0) > 0
}

async function replaceThreads(
  tx: DbOrTx,
  sourceId: number,
  members: StoredMessage[],
  replacing: string[],
  projectAddresses: readonly string[],
) {
  const project = normalise(projectAddresses)
  const threads = threadClassifiedMessages(members.map(threadable), [...project])
  if (replacing.length) {
    for (const chunk of chunks(replacing, 5_000)) {
      await tx.delete(emailThreads).where(and(eq(emailThreads.sourceId, sourceId), inArray(emailThreads.threadId, chunk)))
      await tx.delete(emailThreadIds).where(and(eq(emailThreadIds.sourceId, sourceId), inArray(emailThreadIds.threadId, chunk)))
    }
  }
  // Every id the threads were joined by goes to its thread: each kept message's own id, In-Reply-To
  // and References. (A second copy of a message, in another folder, is the same message: the
  // threads keep its earliest copy, and only that copy's headers join anything.)
  const threadOfKey = new Map<string, string>()
  const idRows = new Map<string, string>()
  for (const thread of threads) {
    for (const m of thread.messages) {
      threadOfKey.set(m.row.messageKey, thread.id)
      for (const id of [m.row.messageKey, ...m.inReplyTo, ...m.references]) idRows.set(id, thread.id)
    }
  }
  const threadRows = threads.map((t) => {
    const opener = t.messages.find((m) => m.direction === 'inbound' && m.kind === 'person')
    return {
      sourceId,
      threadId: t.id,
      subject: t.subject,
      createdAt: t.createdAt,
      openerMessageId: opener?.messageId ?? null,
      openerName: opener?.row.fromName ?? null,
      openerAddress: opener?.row.fromAddress ?? null,
      firstResponseAt: t.firstResponse?.internalDate ?? null,
      firstResponderAddress: t.firstResponse?.row.fromAddress ?? null,
      messageCount: t.messages.length,
      lastMessageAt: t.messages[t.messages.length - 1].internalDate,
    }
  })
  for (const chunk of chunks(threadRows, 2_000)) await tx.insert(emailThreads).values(chunk)
  const links = [...idRows].map(([messageId, threadId]) => ({ sourceId, messageId, threadId }))
  for (const chunk of chunks(links, 5_000)) await tx.insert(emailThreadIds).values(chunk)
  // Each member row learns its thread and its direction under the current project addresses.
  const updates = members.map((m) => ({
    folder: m.folder,
    uid: m.uid,
    thread_id: threadOfKey.get(m.messageKey)!,
    direction: directionOf(m.fromAddress, project),
  }))
  for (const chunk of chunks(updates, 5_000)) {
    await tx.execute(sql`
      update ${emailMessages} as m
      set thread_id = r.thread_id, direction = r.direction
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(folder text, uid bigint, thread_id text, direction text)
      where m.source_id = ${sourceId} and m.folder = r.folder and m.uid = r.uid`)
  }
}
