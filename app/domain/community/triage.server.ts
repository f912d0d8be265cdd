// The triage queue: open issues, pull requests and discussions that nobody but their author has
// answered yet (DESIGN.md, "Unanswered queue"; for a pull request a submitted review counts as an
// answer, as in the time to first response), oldest first, with their age against the response target. Items can be
// set aside — "handled elsewhere" with a note, or snoozed until a date — and put back. The
// response target (a setting) says when a waiting thread is over time. Forum topics
// (forum-triage.server.ts) and e-mail threads (email-triage.server.ts) are set aside and put back
// through the same functions, each kept in its own table.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { db, type DbOrTx } from '#db/client.server.ts'
import { githubItems, repositories, triageStates } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { readSetting, writeSetting } from '#app/domain/settings/keyed-settings.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { startOfLocalDay } from '#app/utils/time.ts'
import { parseEmailTriageItemId } from './email-triage.ts'
import { findEmailThreadForTriage, saveEmailTriageState } from './email-triage.server.ts'
import { findForumTopicForTriage, saveForumTriageState } from './forum-triage.server.ts'
import { fullName } from './repositories.ts'
import type { GithubItemKind } from './vocabulary.ts'

const RESPONSE_TARGET_KEY = 'community.responseTargetHours'
const DEFAULT_RESPONSE_TARGET_HOURS = 48

/** Hours until a thread waiting for a first response counts as over target (DESIGN.md, "Unanswered queue"). */
export function readResponseTargetHours(tx: DbOrTx = db) {
  return readSetting(
    RESPONSE_TARGET_KEY,
    z
      .number()
      .positive()
      .max(24 * 90),
    DEFAULT_RESPONSE_TARGET_HOURS,
    tx,
  )
}

export async function saveResponseTargetHours(input: { targetHours: number; actorId: string }) {
  await writeSetting({ key: RESPONSE_TARGET_KEY, value: input.targetHours, actorId: input.actorId })
}

/** The kinds of GitHub item the queue holds: every kind a person opens and waits on. */
export const TRIAGE_KINDS = ['issue', 'pull_request', 'discussion'] as const satisfies readonly GithubItemKind[]

/**
 * In the queue: open issues, pull requests and discussions without a first response (a comment,
 * review or answer by someone other than the author, bots excluded: firstResponse in
 * normalize.ts), not by a bot, not set aside (now).
 *
 * "Not set aside" is a NOT EXISTS rather than a left join filtered on the state's columns: the
 * planner estimates the anti-join's rows well, so it reads github_items_waiting_idx in the queue's
 * order and stops at the limit, where the filtered left join (guessed to keep a handful of rows)
 * fetched and sorted every waiting item (bench: 9,540 of 80,000 items, 55 ms → 8 ms).
 */
function queueCondition(now: Date, repositoryId?: string | null): SQL {
  return and(
    inArray(githubItems.kind, [...TRIAGE_KINDS]),
    eq(githubItems.state, 'open'),
    isNull(githubItems.firstResponseAt),
    eq(githubItems.authorIsBot, false),
    sql`not exists (select 1 from ${triageStates} where ${triageStates.itemId} = ${githubItems.id} and (${triageStates.handledAt} is not null or ${triageStates.snoozedUntil} > ${now.toISOString()}::timestamptz))`,
    repositoryId ? eq(githubItems.repositoryId, repositoryId) : undefined,
  )!
}

export interface TriageItem {
  id: string
  kind: GithubItemKind
  repository: string
  number: number
  title: string
  url: string
  authorLogin: string | null
  category: string | null
  createdAt: Date
  ageHours: number
  overTarget: boolean
}

export async function listTriageQueue(
  input: { now: Date; targetHours: number; repositoryId?: string | null; limit?: number },
  tx: DbOrTx = db,
): Promise<TriageItem[]> {
  const rows = await tx
    .select({
      id: githubItems.id,
      kind: githubItems.kind,
      owner: repositories.owner,
      name: repositories.name,
      number: githubItems.number,
      title: githubItems.title,
      url: githubItems.url,
      authorLogin: githubItems.authorLogin,
      category: githubItems.category,
      createdAt: githubItems.createdAt,
    })
    .from(githubItems)
    .innerJoin(repositories, eq(repositories.id, githubItems.repositoryId))
    .where(queueCondition(input.now, input.repositoryId))
    .orderBy(asc(githubItems.createdAt), asc(githubItems.number))
    .limit(input.limit ?? 500)
  return rows.map((r) => {
    const ageHours = (input.now.getTime() - r.createdAt.getTime()) / 3_600_000
    return {
      id: r.id,
      kind: r.kind,
      repository: fullName(r),
      number: r.number,
      title: r.title,
      url: r.url,
      authorLogin: r.authorLogin,
      category: r.category,
      createdAt: r.createdAt,
      ageHours,
      overTarget: ageHours > input.targetHours,
    }
  })
}

/** How many queue items wait, and how many of them longer than the target: in all and per kind. */
export async function countTriage(input: { now: Date; targetHours: number; repositoryId?: string | null }, tx: DbOrTx = db) {
  const threshold = new Date(input.now.getTime() - input.targetHours * 3_600_000)
  const rows = await tx
    .select({
      kind: githubItems.kind,
      total: count(),
      overTarget: sql<number>`count(*) filter (where ${githubItems.createdAt} < ${threshold.toISOString()}::timestamptz)`,
    })
    .from(githubItems)
    .where(queueCondition(input.now, input.repositoryId))
    .groupBy(githubItems.kind)
  const byKind = Object.fromEntries(TRIAGE_KINDS.map((k) => [k, { total: 0, overTarget: 0 }])) as Record<
    (typeof TRIAGE_KINDS)[number],
    { total: number; overTarget: number }
  >
  for (const r of rows) byKind[r.kind as (typeof TRIAGE_KINDS)[number]] = { total: Number(r.total), overTarget: Number(r.overTarget) }
  const sum = (key: 'total' | 'overTarget') => Object.values(byKind).reduce((n, k) => n + k[key], 0)
  return { total: sum('total'), overTarget: sum('overTarget'), byKind }
}

/** Items set aside: handled elsewhere, or snoozed into the future — so they can be put back. */
export async function listSetAside(now: Date, tx: DbOrTx = db) {
  return tx
    .select({
      id: githubItems.id,
      kind: githubItems.kind,
      number: githubItems.number,
      title: githubItems.title,
      url: githubItems.url,
      handledAt: triageStates.handledAt,
      handledNote: triageStates.handledNote,
      snoozedUntil: triageStates.snoozedUntil,
      updatedAt: triageStates.updatedAt,
    })
    .from(triageStates)
    .innerJoin(githubItems, eq(githubItems.id, triageStates.itemId))
    .where(
      and(
        or(isNotNull(triageStates.handledAt), gt(triageStates.snoozedUntil, now)),
        isNull(githubItems.firstResponseAt),
        eq(githubItems.state, 'open'),
      ),
    )
    .orderBy(desc(triageStates.updatedAt))
    .limit(50)
}

async function findGithubItem(tx: DbOrTx, itemId: string) {
  const [item] = await tx
    .select({ id: githubItems.id, kind: githubItems.kind, number: githubItems.number })
    .from(githubItems)
    .where(eq(githubItems.id, itemId))
  if (!item) return undefined
  const [state] = await tx.select().from(triageStates).where(eq(triageStates.itemId, itemId))
  return { item, before: state ?? null }
}

async function saveState(input: {
  itemId: string
  actorId: string
  action: string
  values: { handledAt: Date | null; handledNote: string | null; snoozedUntil: Date | null }
}) {
  return db.transaction(async (tx) => {
    // An e-mail thread's id (email-triage.ts): the same actions, kept in email_triage_states.
    const email = parseEmailTriageItemId(input.itemId)
    if (email) {
      const found = await findEmailThreadForTriage(tx, email)
      if (!found) throw new DomainError('This item is no longer synced.')
      const after = await saveEmailTriageState(tx, { ...email, actorId: input.actorId, values: input.values })
      await recordAudit(tx, {
        actorId: input.actorId,
        entity: 'triage_email_thread',
        entityId: input.itemId,
        action: input.action,
        before: found.before,
        after,
      })
      return after
    }
    const github = await findGithubItem(tx, input.itemId)
    if (!github) {
      // A forum topic's id: the same actions, kept in forum_triage_states.
      const forum = await findForumTopicForTriage(tx, input.itemId)
      if (!forum) throw new DomainError('This item is no longer synced.')
      const after = await saveForumTriageState(tx, { topicId: input.itemId, actorId: input.actorId, values: input.values })
      await recordAudit(tx, {
        actorId: input.actorId,
        entity: 'triage_forum_topic',
        entityId: input.itemId,
        action: input.action,
        before: forum.before,
        after,
      })
      return after
    }
    const { before } = github
    const now = new Date()
    const values = { ...input.values, updatedById: input.actorId, updatedAt: now }
    const [after] = await tx
      .insert(triageStates)
      .values({ itemId: input.itemId, ...values })
      .onConflictDoUpdate({ target: triageStates.itemId, set: values })
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'triage_item', entityId: input.itemId, action: input.action, before, after })
    return after!
  })
}

/** Takes an item out of the queue: someone answered it elsewhere (the note says where). */
export function markHandledElsewhere(input: { itemId: string; note: string; actorId: string }) {
  return saveState({
    itemId: input.itemId,
    actorId: input.actorId,
    action: 'handled_elsewhere',
    values: { handledAt: new Date(), handledNote: input.note.trim(), snoozedUntil: null },
  })
}

/** Hides an item until `until` (an instant; snoozeItemUntilDay takes the day a person picks). */
export async function snoozeItem(input: { itemId: string; until: Date; actorId: string; now?: Date }) {
  if (input.until.getTime() <= (input.now ?? new Date()).getTime()) throw new DomainError('Pick a date in the future.', 'until')
  return await saveState({
    itemId: input.itemId,
    actorId: input.actorId,
    action: 'snooze',
    values: { handledAt: null, handledNote: null, snoozedUntil: input.until },
  })
}

/** Hides an item until the start of a day picked in the project's time zone (`YYYY-MM-DD`). */
export async function snoozeItemUntilDay(input: { itemId: string; until: string; actorId: string }) {
  const { timeZone } = await getOrganisationSettings()
  return snoozeItem({ itemId: input.itemId, until: startOfLocalDay(input.until, timeZone).toJSDate(), actorId: input.actorId })
}

/** Puts an item back in the queue. */
export function returnToQueue(input: { itemId: string; actorId: string }) {
  return saveState({
    itemId: input.itemId,
    actorId: input.actorId,
    action: 'return_to_queue',
    values: { handledAt: null, handledNote: null, snoozedUntil: null },
  })
}
