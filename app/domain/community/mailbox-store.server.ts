// Writes a mailbox source's messages and keeps its threads equal to what
// app/integrations/imap/threads.ts makes of the stored messages (ADR 014).
//
// Threads are connected components over message ids (a message's own, In-Reply-To, References),
// so a new message can only change the threads that share an id with it. email_thread_ids maps
// every id seen or pointed to onto its thread: storing a page reads the threads it touches,
// recomputes them with the messages of that page, and replaces them — in the caller's
// transaction, so the threads never disagree with the messages. Removing messages (a folder
// resynced or dropped) or changing the project addresses recomputes every thread of the source.
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { type DbOrTx, executeRows } from '#db/client.server.ts'
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
export function toEmailMessageRow(sourceId: string, message: MailMessage, projectAddresses: readonly string[]): EmailMessageRow {
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
  | 'threadId'
  | 'direction'
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
  threadId: emailMessages.threadId,
  direction: emailMessages.direction,
}

const MESSAGE_KEYS = [
  'sourceId',
  'folder',
  'uid',
  'messageId',
  'messageKey',
  'inReplyTo',
  'references',
  'threadId',
  'direction',
  'kind',
  'fromName',
  'fromAddress',
  'subject',
  'receivedAt',
  'sentAt',
] as const satisfies ReadonlyArray<keyof EmailMessageRow>

/** A list of strings as ONE jsonb parameter, unpacked in SQL: `col in (${jsonList(ids)})`. */
const jsonList = (values: readonly string[]) => sql`select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)`

/**
 * A multi-row insert as ONE statement with the rows in ONE jsonb parameter (jsonb_to_recordset),
 * the same SQL on PGlite and postgres.js: building `.values(rows)` for thousands of rows cost far
 * more than writing them (as in github-ingestion.server.ts). Dates travel as ISO strings.
 */
async function insertJson(tx: DbOrTx, table: PgTable, keys: readonly string[], rows: object[]) {
  if (rows.length === 0) return
  const columns = getTableColumns(table) as Record<string, PgColumn>
  const target = keys.map((k) => `"${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`).join(', ')
  const record = keys.map((k) => `"${k}" ${columns[k].getSQLType()}`).join(', ')
  const selected = keys.map((k) => `r."${k}"`).join(', ')
  for (const chunk of chunks(rows, 5_000)) {
    await tx.execute(
      sql`insert into ${sql.raw(`"${getTableName(table)}"`)} (${sql.raw(target)}) select ${sql.raw(selected)} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(${sql.raw(record)})`,
    )
  }
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Serialises the writers of one source (two syncs at once, a sync and the seed): held until the transaction ends. */
export async function lockMailboxSource(tx: DbOrTx, sourceId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${MAILBOX_LOCK_SPACE}, hashtext(${sourceId}))`)
}
// Any constant of our own: the first key of the two-key advisory lock, a hash of the source id the second.
const MAILBOX_LOCK_SPACE = 1_301

/**
 * Stores messages (a message already stored in that folder under that UID is left as it is) and
 * rethreads what they touch. Returns how many rows were new. Call inside a transaction, after
 * lockMailboxSource.
 */
export async function storeEmailMessages(tx: DbOrTx, sourceId: string, rows: EmailMessageRow[], projectAddresses: readonly string[]) {
  // What is already there (a page written by a run that was not told it committed) stays as it is.
  const present = new Set(
    (
      await executeRows<{ folder: string; uid: string | number }>(
        sql`
        select m.folder, m.uid from ${emailMessages} m
        join jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ folder: r.folder, uid: r.uid })))}::jsonb) as r(folder text, uid bigint)
          on m.folder = r.folder and m.uid = r.uid
        where m.source_id = ${sourceId}`,
        tx,
      )
    ).map((r) => `${r.folder}\n${r.uid}`),
  )
  const seen = new Set<string>()
  const fresh = rows.filter((r) => {
    const key = `${r.folder}\n${r.uid}`
    if (present.has(key) || seen.has(key)) return false
    seen.add(key)
    return true
  })
  if (fresh.length === 0) return 0

  // The threads these messages touch: every thread holding one of their ids.
  const ids = [...new Set(fresh.flatMap((r) => [r.messageKey, ...(r.inReplyTo ?? []), ...(r.references ?? [])]))]
  const affected = (
    await tx
      .selectDistinct({ threadId: emailThreadIds.threadId })
      .from(emailThreadIds)
      .where(sql`${emailThreadIds.sourceId} = ${sourceId} and ${emailThreadIds.messageId} in (${jsonList(ids)})`)
  ).map((r) => r.threadId)
  const members = affected.length
    ? await tx
        .select(memberColumns)
        .from(emailMessages)
        .where(sql`${emailMessages.sourceId} = ${sourceId} and ${emailMessages.threadId} in (${jsonList(affected)})`)
    : []
  const incoming: StoredMessage[] = fresh.map((r) => ({
    folder: r.folder,
    uid: r.uid,
    messageId: r.messageId ?? null,
    messageKey: r.messageKey,
    inReplyTo: r.inReplyTo ?? [],
    references: r.references ?? [],
    kind: r.kind,
    fromName: r.fromName ?? '',
    fromAddress: r.fromAddress ?? null,
    subject: r.subject ?? '',
    receivedAt: r.receivedAt,
    threadId: null,
    direction: r.direction,
  }))
  const placed = await replaceThreads(tx, sourceId, [...members, ...incoming], affected, projectAddresses)
  await insertJson(
    tx,
    emailMessages,
    MESSAGE_KEYS,
    fresh.map((r, i) => ({
      ...Object.fromEntries(MESSAGE_KEYS.map((k) => [k, r[k] ?? null])),
      inReplyTo: r.inReplyTo ?? [],
      references: r.references ?? [],
      fromName: r.fromName ?? '',
      subject: r.subject ?? '',
      threadId: placed.get(incoming[i])!.threadId,
      direction: placed.get(incoming[i])!.direction,
    })),
  )
  return fresh.length
}

/** Recomputes every thread of the source from its stored messages (after removals, or new project addresses). */
export async function rethreadMailboxSource(tx: DbOrTx, sourceId: string, projectAddresses: readonly string[]) {
  const members = await tx.select(memberColumns).from(emailMessages).where(eq(emailMessages.sourceId, sourceId))
  await tx.delete(emailThreads).where(eq(emailThreads.sourceId, sourceId))
  await tx.delete(emailThreadIds).where(eq(emailThreadIds.sourceId, sourceId))
  await replaceThreads(tx, sourceId, members, [], projectAddresses)
}

/** Whether any stored message's direction disagrees with these project addresses. */
export async function directionsDisagree(tx: DbOrTx, sourceId: string, projectAddresses: readonly string[]) {
  const project = [...normalise(projectAddresses)]
  const isProject = project.length ? sql`coalesce(lower(trim(${emailMessages.fromAddress})) in (${jsonList(project)}), false)` : sql`false`
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(sql`${emailMessages.sourceId} = ${sourceId} and (${emailMessages.direction} = 'outbound') <> ${isProject}`)
  return Number(row?.n ?? 0) > 0
}

const THREAD_KEYS = [
  'sourceId',
  'threadId',
  'subject',
  'createdAt',
  'openerMessageId',
  'openerName',
  'openerAddress',
  'firstResponseAt',
  'firstResponderAddress',
  'messageCount',
  'lastMessageAt',
] as const satisfies ReadonlyArray<keyof typeof emailThreads.$inferInsert>

/**
 * Replaces the threads `replacing` (none: the caller removed them all) with the threads of
 * `members`, and the ids that lead to them. Stored members whose thread or direction changed are
 * updated; returns where each member belongs (for members not stored yet).
 */
async function replaceThreads(
  tx: DbOrTx,
  sourceId: string,
  members: StoredMessage[],
  replacing: string[],
  projectAddresses: readonly string[],
) {
  const project = normalise(projectAddresses)
  const threads = threadClassifiedMessages(members.map(threadable), [...project])
  if (replacing.length) {
    await tx
      .delete(emailThreads)
      .where(sql`${emailThreads.sourceId} = ${sourceId} and ${emailThreads.threadId} in (${jsonList(replacing)})`)
    await tx
      .delete(emailThreadIds)
      .where(sql`${emailThreadIds.sourceId} = ${sourceId} and ${emailThreadIds.threadId} in (${jsonList(replacing)})`)
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
  await insertJson(tx, emailThreads, THREAD_KEYS, threadRows)
  await insertJson(
    tx,
    emailThreadIds,
    ['sourceId', 'messageId', 'threadId'],
    [...idRows].map(([messageId, threadId]) => ({ sourceId, messageId, threadId })),
  )
  // Each member learns its thread and its direction under the current project addresses; only
  // stored rows that changed are written.
  const placed = new Map<StoredMessage, { threadId: string; direction: EmailDirection }>()
  const changed: Array<{ folder: string; uid: number; thread_id: string; direction: EmailDirection }> = []
  for (const m of members) {
    const place = { threadId: threadOfKey.get(m.messageKey)!, direction: directionOf(m.fromAddress, project) }
    placed.set(m, place)
    if (m.threadId !== null && (m.threadId !== place.threadId || m.direction !== place.direction)) {
      changed.push({ folder: m.folder, uid: m.uid, thread_id: place.threadId, direction: place.direction })
    }
  }
  for (const chunk of chunks(changed, 5_000)) {
    await tx.execute(sql`
      update ${emailMessages} as m
      set thread_id = r.thread_id, direction = r.direction
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(folder text, uid bigint, thread_id text, direction text)
      where m.source_id = ${sourceId} and m.folder = r.folder and m.uid = r.uid`)
  }
  return placed
}
