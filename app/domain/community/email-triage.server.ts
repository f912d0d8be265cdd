// E-mail threads in the triage queue (DESIGN.md, "Unanswered queue"; issue 13): threads of active
// mailboxes that a person opened and nobody from the project has answered, not set aside — oldest
// first, with their age against the response target. "Handled elsewhere" and snoozes work as for
// GitHub items and forum topics (triage.server.ts saves them here when the id is an e-mail
// thread's, email-triage.ts). Time to first response ignores them (mailbox-metrics.server.ts), as
// it does for the forum.
//
// A state is keyed by the thread's mailbox and its opener's Message-ID (ADR 014), the thread's id
// when the opener has none; `email_thread_ids` maps every id a thread holds to the thread, so a
// state finds its thread through two primary keys, never a pass over the mailbox.
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, gt, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { emailThreadIds, emailThreads } from '#db/schema/mailbox.ts'
import { communitySources, emailTriageStates } from '#db/schema/sources.ts'
import { emailTriageItemId } from './email-triage.ts'

/** A thread's id in the page of a viewer who may not see its Message-ID: unique, and names nothing. */
const opaqueItemId = (sourceId: string, key: string) => `email:${sourceId}:#${createHash('sha256').update(key).digest('hex').slice(0, 16)}`

/** The key a thread's triage state is stored under: its opener's Message-ID, else its thread id. */
const openerKey = sql<string>`coalesce(${emailThreads.openerMessageId}, ${emailThreads.threadId})`

/**
 * In the queue: threads of an active mailbox opened by a person (createdAt set), without a first
 * response from a project address, not set aside (now). As queueCondition in triage.server.ts,
 * "not set aside" is a NOT EXISTS (one primary-key probe per thread), so the list reads
 * email_threads_waiting_idx in the queue's order and stops at its limit.
 */
function emailQueueCondition(now: Date, sourceId?: string | null): SQL {
  return and(
    eq(communitySources.active, true),
    isNotNull(emailThreads.createdAt),
    isNull(emailThreads.firstResponseAt),
    sql`not exists (select 1 from ${emailTriageStates} where ${emailTriageStates.sourceId} = ${emailThreads.sourceId} and ${emailTriageStates.openerKey} = ${openerKey} and (${emailTriageStates.handledAt} is not null or ${emailTriageStates.snoozedUntil} > ${now.toISOString()}::timestamptz))`,
    sourceId ? eq(emailThreads.sourceId, sourceId) : undefined,
  )!
}

export interface EmailTriageItem {
  /**
   * `email:<source id>:<opener key>` (email-triage.ts); for a viewer without senders an opaque
   * `email:<source id>:#<digest>` instead, as the opener key is a Message-ID
   */
  id: string
  kind: 'email'
  sourceId: string
  /** the mailbox's name */
  mailbox: string
  /** Null for a viewer who may not see who wrote (canSeeEmailSenders): the thread's ids, subject and sender are theirs. */
  threadId: string | null
  subject: string | null
  /** the Message-ID of the message that opened it (to find it in a mail client) */
  messageId: string | null
  senderName: string | null
  senderAddress: string | null
  createdAt: Date
  ageHours: number
  overTarget: boolean
}

/**
 * The waiting threads, oldest first (ties by thread id), up to `limit` from `offset`. Without
 * `withSenders` the subject, sender and Message-ID stay on the server: the viewer sees the
 * mailbox and the age only.
 */
export async function listEmailTriageQueue(
  input: { now: Date; targetHours: number; withSenders: boolean; sourceId?: string | null; limit?: number; offset?: number },
  tx: DbOrTx = db,
): Promise<EmailTriageItem[]> {
  const rows = await tx
    .select({
      sourceId: emailThreads.sourceId,
      mailbox: communitySources.name,
      threadId: emailThreads.threadId,
      openerKey,
      subject: emailThreads.subject,
      messageId: emailThreads.openerMessageId,
      senderName: emailThreads.openerName,
      senderAddress: emailThreads.openerAddress,
      createdAt: emailThreads.createdAt,
    })
    .from(emailThreads)
    .innerJoin(communitySources, eq(communitySources.id, emailThreads.sourceId))
    .where(emailQueueCondition(input.now, input.sourceId))
    .orderBy(asc(emailThreads.createdAt), asc(emailThreads.threadId))
    .limit(input.limit ?? 500)
    .offset(input.offset ?? 0)
  return rows.map((r) => {
    const createdAt = r.createdAt!
    const ageHours = (input.now.getTime() - createdAt.getTime()) / 3_600_000
    return {
      id: input.withSenders ? emailTriageItemId(r.sourceId, r.openerKey) : opaqueItemId(r.sourceId, r.openerKey),
      kind: 'email' as const,
      sourceId: r.sourceId,
      mailbox: r.mailbox,
      threadId: input.withSenders ? r.threadId : null,
      subject: input.withSenders ? r.subject : null,
      messageId: input.withSenders ? r.messageId : null,
      senderName: input.withSenders ? (r.senderName ?? '') : null,
      senderAddress: input.withSenders ? r.senderAddress : null,
      createdAt,
      ageHours,
      overTarget: ageHours > input.targetHours,
    }
  })
}

/** Per active mailbox with waiting threads: how many wait, and how many of them longer than the target; by name. */
export async function countEmailTriageBySource(input: { now: Date; targetHours: number; sourceId?: string | null }, tx: DbOrTx = db) {
  const threshold = new Date(input.now.getTime() - input.targetHours * 3_600_000)
  const rows = await tx
    .select({
      sourceId: emailThreads.sourceId,
      name: communitySources.name,
      total: sql<number>`count(*)::int`,
      overTarget: sql<number>`(count(*) filter (where ${emailThreads.createdAt} < ${threshold.toISOString()}::timestamptz))::int`,
    })
    .from(emailThreads)
    .innerJoin(communitySources, eq(communitySources.id, emailThreads.sourceId))
    .where(emailQueueCondition(input.now, input.sourceId))
    .groupBy(emailThreads.sourceId, communitySources.name)
  return rows
    .map((r) => ({ sourceId: r.sourceId, name: r.name, total: Number(r.total), overTarget: Number(r.overTarget) }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * E-mail threads set aside (handled elsewhere, or snoozed into the future) that still wait, most
 * recently changed first. Each state finds its thread by primary keys: the opener key in
 * email_thread_ids, then the thread, whose opener key must still be the state's.
 */
export async function listEmailSetAside(input: { now: Date; withSenders: boolean }, tx: DbOrTx = db) {
  const rows = await tx
    .select({
      sourceId: emailTriageStates.sourceId,
      openerKey: emailTriageStates.openerKey,
      mailbox: communitySources.name,
      subject: emailThreads.subject,
      handledAt: emailTriageStates.handledAt,
      handledNote: emailTriageStates.handledNote,
      snoozedUntil: emailTriageStates.snoozedUntil,
      updatedAt: emailTriageStates.updatedAt,
    })
    .from(emailTriageStates)
    .innerJoin(
      emailThreadIds,
      and(eq(emailThreadIds.sourceId, emailTriageStates.sourceId), eq(emailThreadIds.messageId, emailTriageStates.openerKey)),
    )
    .innerJoin(emailThreads, and(eq(emailThreads.sourceId, emailThreadIds.sourceId), eq(emailThreads.threadId, emailThreadIds.threadId)))
    .innerJoin(communitySources, eq(communitySources.id, emailTriageStates.sourceId))
    .where(
      and(
        or(isNotNull(emailTriageStates.handledAt), gt(emailTriageStates.snoozedUntil, input.now)),
        sql`${openerKey} = ${emailTriageStates.openerKey}`,
        isNotNull(emailThreads.createdAt),
        isNull(emailThreads.firstResponseAt),
      ),
    )
    .orderBy(desc(emailTriageStates.updatedAt))
    .limit(50)
  return rows.map((r) => ({
    id: input.withSenders ? emailTriageItemId(r.sourceId, r.openerKey) : opaqueItemId(r.sourceId, r.openerKey),
    mailbox: r.mailbox,
    subject: input.withSenders ? r.subject : null,
    handledAt: r.handledAt,
    handledNote: r.handledNote,
    snoozedUntil: r.snoozedUntil,
    updatedAt: r.updatedAt,
  }))
}

/** The thread a mailbox and opener key name, and its triage state; undefined when no stored thread has that opener. */
export async function findEmailThreadForTriage(tx: DbOrTx, ref: { sourceId: string; openerKey: string }) {
  const [thread] = await tx
    .select({ sourceId: emailThreads.sourceId, threadId: emailThreads.threadId })
    .from(emailThreadIds)
    .innerJoin(emailThreads, and(eq(emailThreads.sourceId, emailThreadIds.sourceId), eq(emailThreads.threadId, emailThreadIds.threadId)))
    .where(
      and(
        eq(emailThreadIds.sourceId, ref.sourceId),
        eq(emailThreadIds.messageId, ref.openerKey),
        sql`${openerKey} = ${ref.openerKey}`,
        isNotNull(emailThreads.createdAt),
      ),
    )
  if (!thread) return undefined
  const [state] = await tx
    .select()
    .from(emailTriageStates)
    .where(and(eq(emailTriageStates.sourceId, ref.sourceId), eq(emailTriageStates.openerKey, ref.openerKey)))
  return { thread, before: state ?? null }
}

export async function saveEmailTriageState(
  tx: DbOrTx,
  input: {
    sourceId: string
    openerKey: string
    actorId: string
    values: { handledAt: Date | null; handledNote: string | null; snoozedUntil: Date | null }
  },
) {
  const values = { ...input.values, updatedById: input.actorId, updatedAt: new Date() }
  const [after] = await tx
    .insert(emailTriageStates)
    .values({ sourceId: input.sourceId, openerKey: input.openerKey, ...values })
    .onConflictDoUpdate({ target: [emailTriageStates.sourceId, emailTriageStates.openerKey], set: values })
    .returning()
  return after!
}
