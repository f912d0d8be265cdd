// E-mail threads in the community metrics (issue 13): time to first response over the threads of
// the project's mailboxes, with the same definition and shape as GitHub's (responseTimes in
// chaoss-metrics.server.ts: median and 90th percentile in hours by percentile_cont, the count
// answered and the count still waiting), and the threads still waiting for the triage queue.
// Setting a thread aside (triage) takes it off the waiting list, not out of the time to first
// response: that counts every thread created in the period, as the forum's does.
//
// A thread is created by its first inbound message from a person (INTERNALDATE) and answered by
// the earliest later message from a project address that is not automatic (ADR 012). Sender
// addresses are personal data: they go to the community and admin roles only; everyone else
// sees counts.
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { emailThreads } from '#db/schema/mailbox.ts'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { DEFINITIONS } from './definitions.ts'
import { countEmailTriageBySource, listEmailTriageQueue } from './email-triage.server.ts'
import type { ResponseTimeSummary, TimeRange } from './metrics.ts'

/** The definition shown beside the figure (definitions.ts, where every community definition lives). */
export const EMAIL_FIRST_RESPONSE_DEFINITION = DEFINITIONS.emailFirstResponse

/** Whether any mailbox has a thread a person opened (the /community tile shows from then on). */
export async function hasEmailData(tx: DbOrTx = db) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(emailThreads)
    .where(isNotNull(emailThreads.createdAt))
    .limit(1)
  return Number(row?.n ?? 0) > 0
}

export interface EmailFilter {
  range: TimeRange
  /** null or undefined: every mailbox source */
  sourceId?: string | null
}

const num = (v: unknown) => (v == null ? null : Number(v))
const sourceIs = (sourceId: string | null | undefined) => (sourceId == null ? undefined : eq(emailThreads.sourceId, sourceId))

/** Time to first response of e-mail threads created in the period (hours), with the count still waiting. */
export async function emailResponseTimes(filter: EmailFilter, tx: DbOrTx = db): Promise<ResponseTimeSummary> {
  const hours = sql`extract(epoch from (${emailThreads.firstResponseAt} - ${emailThreads.createdAt})) / 3600.0`
  const [row] = await tx
    .select({
      median: sql<
        string | null
      >`percentile_cont(0.5) within group (order by ${hours}) filter (where ${emailThreads.firstResponseAt} is not null)`,
      p90: sql<
        string | null
      >`percentile_cont(0.9) within group (order by ${hours}) filter (where ${emailThreads.firstResponseAt} is not null)`,
      count: sql<number>`count(${emailThreads.firstResponseAt})::int`,
      waiting: sql<number>`(count(*) - count(${emailThreads.firstResponseAt}))::int`,
    })
    .from(emailThreads)
    .where(and(gte(emailThreads.createdAt, filter.range.start), lt(emailThreads.createdAt, filter.range.end), sourceIs(filter.sourceId)))
  return { median: num(row?.median), p90: num(row?.p90), count: Number(row?.count ?? 0), waiting: Number(row?.waiting ?? 0) }
}

/** Whether the person may see who wrote to the project (names and addresses): community and admin. */
export const canSeeEmailSenders = (viewer: { roles: readonly Role[] }) => hasRole(viewer, 'community')

export interface WaitingEmailThread {
  sourceId: string
  threadId: string
  subject: string
  /** the Message-ID of the message that opened it (to find it in a mail client) */
  messageId: string | null
  senderName: string
  senderAddress: string | null
  createdAt: Date
  ageHours: number
  overTarget: boolean
}

export interface WaitingEmailThreads {
  total: number
  overTarget: number
  /** oldest first; null for a viewer who may not see senders (counts only) */
  threads: WaitingEmailThread[] | null
}

/**
 * The e-mail threads nobody from the project has answered and nobody has set aside (snoozed or
 * handled elsewhere: email-triage.server.ts), oldest first, with their age against the response
 * target. Senders only for community and admin; counts for anyone. The triage page and This week
 * read the same functions (listEmailTriageQueue, countEmailTriageBySource).
 */
export async function listWaitingEmailThreads(
  input: {
    viewer: { roles: readonly Role[] }
    now: Date
    targetHours: number
    sourceId?: string | null
    limit?: number
    offset?: number
  },
  tx: DbOrTx = db,
): Promise<WaitingEmailThreads> {
  const counts = await countEmailTriageBySource(input, tx)
  const total = counts.reduce((n, c) => n + c.total, 0)
  const overTarget = counts.reduce((n, c) => n + c.overTarget, 0)
  if (!canSeeEmailSenders(input.viewer)) return { total, overTarget, threads: null }
  const rows = await listEmailTriageQueue({ ...input, withSenders: true }, tx)
  const threads = rows.map((r) => ({
    sourceId: r.sourceId,
    threadId: r.threadId!,
    subject: r.subject!,
    messageId: r.messageId,
    senderName: r.senderName!,
    senderAddress: r.senderAddress,
    createdAt: r.createdAt,
    ageHours: r.ageHours,
    overTarget: r.overTarget,
  }))
  return { total, overTarget, threads }
}
