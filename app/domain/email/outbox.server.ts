// The outbox: every e-mail is a row written in the transaction that caused it (so a message goes
// out if and only if its cause was saved), then delivered by the email.send job. Delivery claims
// the row first, so two workers never send the same message; a temporary failure is tried again
// with growing pauses (1, 2, 4 … minutes, up to MAX_ATTEMPTS); a permanent one stops at once. The
// email.sweep job (every minute) delivers whatever is due that no job picked up — after a crash,
// from the command line, or after a pause.
import { and, count, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { db, type DbOrTx } from '#db/client.server.ts'
import { emailOutbox, type OutboxEmail } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { createMailer, type Mailer, SmtpDeliveryError } from '#app/integrations/smtp/mailer.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { enqueueJob, jobsRunning } from '#jobs/boss.server.ts'
import { QUEUES } from '#jobs/queues.ts'
import type { EmailKind, EmailState } from './vocabulary.ts'

/** Attempts before a message that keeps failing temporarily is given up as failed (about an hour of tries). */
export const MAX_ATTEMPTS = 7
/** A claim older than this belongs to a process that died mid-delivery. */
const STALE_CLAIM_MS = 10 * 60_000

/** Minutes to wait after the nth failed attempt: 1, 2, 4, 8, 16, 32. */
export const retryDelayMinutes = (attempts: number) => 2 ** Math.max(0, attempts - 1)

export interface NewEmail {
  kind: EmailKind
  to: string
  toUserId?: string | null
  subject: string
  text: string
  html?: string | null
  /** where the person changes what they receive (List-Unsubscribe); absolute */
  unsubscribeUrl?: string
  /** a message that must go at most once: a second queueEmail with the same key does nothing */
  dedupeKey?: string
  /** the moment the message is written for, from which it is due (default: now, by this process's clock) */
  now?: Date
}

/** Whether e-mail can be sent at all (SMTP_URL is set). */
export function emailConfigured() {
  return Boolean(getEnv().SMTP_URL)
}

function messageIdFor(id: string) {
  const host = getEnv().STEWARD_PUBLIC_URL ? new URL(getEnv().STEWARD_PUBLIC_URL!).hostname : 'steward.invalid'
  return `<${id}@${host}>`
}

/**
 * Writes a message into the outbox inside `tx`, with the job that delivers it when this process
 * runs jobs. Returns the row's id, or null when a message with the same dedupeKey exists already.
 */
export async function queueEmail(message: NewEmail, tx: DbOrTx = db): Promise<string | null> {
  const id = randomUUID()
  const headers: Record<string, string> = {}
  if (message.unsubscribeUrl) headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`
  const rows = await tx
    .insert(emailOutbox)
    .values({
      id,
      kind: message.kind,
      toAddress: message.to,
      toUserId: message.toUserId ?? null,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html ?? null,
      headers,
      messageId: messageIdFor(id),
      dedupeKey: message.dedupeKey ?? null,
      // due from the caller's now, or this process's clock, which deliverEmail compares with: the
      // column's default, the database's now() in microseconds, could fall after a delivery in the same millisecond
      nextAttemptAt: message.now ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: emailOutbox.id })
  if (rows.length === 0) return null
  if (jobsRunning()) await enqueueJob(QUEUES.sendEmail, { outboxId: id }, { tx })
  return id
}

/** Takes a due message for delivery, unless another delivery has it or it went already. */
async function claim(id: string, now: Date): Promise<OutboxEmail | undefined> {
  const [row] = await db
    .update(emailOutbox)
    .set({ state: 'sending', claimedAt: now })
    .where(and(eq(emailOutbox.id, id), inArray(emailOutbox.state, ['queued', 'retrying']), lte(emailOutbox.nextAttemptAt, now)))
    .returning()
  return row
}

export type DeliveryOutcome = 'sent' | 'retrying' | 'failed' | 'skipped'

/** Delivers one message if it is due: sent, or rescheduled, or failed with the reason. */
export async function deliverEmail(id: string, options: { now?: Date; mailer?: Mailer } = {}): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date()
  const row = await claim(id, now)
  if (!row) return 'skipped'
  const env = getEnv()
  const attempts = row.attempts + 1
  const fail = async (state: EmailState, reason: string) => {
    await db
      .update(emailOutbox)
      .set({
        state,
        attempts,
        lastError: reason,
        claimedAt: null,
        nextAttemptAt: new Date(now.getTime() + retryDelayMinutes(attempts) * 60_000),
      })
      .where(eq(emailOutbox.id, id))
    return state as DeliveryOutcome
  }
  if (!env.SMTP_URL) return fail('failed', 'e-mail is not configured: set SMTP_URL (and STEWARD_PUBLIC_URL) and retry')
  const mailer = options.mailer ?? createMailer(env.SMTP_URL)
  try {
    await mailer.send({
      from: env.SMTP_FROM,
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      messageId: row.messageId,
      headers: row.headers,
    })
  } catch (error) {
    if (!(error instanceof SmtpDeliveryError)) throw error
    const { permanent, reason } = error.failure
    if (permanent) return fail('failed', reason)
    if (attempts >= MAX_ATTEMPTS) return fail('failed', `${reason}; gave up after ${attempts} attempts`)
    return fail('retrying', reason)
  } finally {
    if (!options.mailer) mailer.close()
  }
  await db
    .update(emailOutbox)
    .set({ state: 'sent', attempts, sentAt: new Date(), claimedAt: null, lastError: null })
    .where(eq(emailOutbox.id, id))
  return 'sent'
}

/**
 * Every minute: gives claims of dead processes back, then delivers what is due, oldest first, at
 * most `limit` per run (the rest waits for the next minute).
 */
export async function sweepOutbox(options: { now?: Date; mailer?: Mailer; limit?: number } = {}) {
  const now = options.now ?? new Date()
  await db
    .update(emailOutbox)
    .set({ state: 'retrying', claimedAt: null })
    .where(and(eq(emailOutbox.state, 'sending'), lt(emailOutbox.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS))))
  const due = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.state, ['queued', 'retrying']), lte(emailOutbox.nextAttemptAt, now)))
    .orderBy(emailOutbox.nextAttemptAt)
    .limit(options.limit ?? 100)
  const outcomes: Record<DeliveryOutcome, number> = { sent: 0, retrying: 0, failed: 0, skipped: 0 }
  for (const { id } of due) outcomes[await deliverEmail(id, { now, mailer: options.mailer })]++
  return outcomes
}

export interface EmailPage {
  configured: boolean
  from: string
  publicUrl: string | null
  counts: Record<EmailState, number>
  recent: Array<
    Pick<
      OutboxEmail,
      'id' | 'kind' | 'toAddress' | 'subject' | 'state' | 'attempts' | 'lastError' | 'createdAt' | 'sentAt' | 'nextAttemptAt'
    >
  >
}

/** /settings/email: is e-mail set up, and what went out lately (newest first). */
export async function getEmailPage(options: { state?: EmailState; limit?: number } = {}): Promise<EmailPage> {
  const env = getEnv()
  const grouped = await db.select({ state: emailOutbox.state, total: count() }).from(emailOutbox).groupBy(emailOutbox.state)
  const counts = { queued: 0, sending: 0, retrying: 0, sent: 0, failed: 0 } satisfies Record<EmailState, number>
  for (const g of grouped) counts[g.state] = g.total
  const recent = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      state: emailOutbox.state,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
      nextAttemptAt: emailOutbox.nextAttemptAt,
    })
    .from(emailOutbox)
    .where(options.state ? eq(emailOutbox.state, options.state) : undefined)
    .orderBy(desc(emailOutbox.createdAt))
    .limit(options.limit ?? 50)
  return { configured: Boolean(env.SMTP_URL), from: env.SMTP_FROM, publicUrl: env.STEWARD_PUBLIC_URL ?? null, counts, recent }
}

/** The admin's "Send a test e-mail": queued like any other message, audited. */
export async function sendTestEmail(input: { to: string; actorId: string }) {
  if (!emailConfigured()) throw new DomainError('E-mail is not configured: set SMTP_URL and STEWARD_PUBLIC_URL first', 'to')
  const env = getEnv()
  return db.transaction(async (tx) => {
    const id = await queueEmail(
      {
        kind: 'test',
        to: input.to,
        subject: 'Steward: test e-mail',
        text: `This is a test e-mail from Steward at ${env.STEWARD_PUBLIC_URL}.\n\nIf you can read it, e-mail works.\n`,
      },
      tx,
    )
    await recordAudit(tx, { actorId: input.actorId, entity: 'email', entityId: id, action: 'test', after: { to: input.to } })
    return id
  })
}

/** "Try again" on a failed message: back to the queue now, with its attempts kept. */
export async function retryEmail(input: { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailOutbox)
      .set({ state: 'queued', nextAttemptAt: sql`now()`, claimedAt: null })
      .where(and(eq(emailOutbox.id, input.id), or(eq(emailOutbox.state, 'failed'), eq(emailOutbox.state, 'retrying'))))
      .returning({ id: emailOutbox.id, toAddress: emailOutbox.toAddress })
    if (!row) throw new DomainError('Only a failed or waiting message can be tried again')
    if (jobsRunning()) await enqueueJob(QUEUES.sendEmail, { outboxId: row.id }, { tx })
    await recordAudit(tx, { actorId: input.actorId, entity: 'email', entityId: row.id, action: 'retry', after: { to: row.toAddress } })
    return row.id
  })
}
