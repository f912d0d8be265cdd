// Forum topics in the triage queue (DESIGN.md, "Unanswered queue"): topics of active forums that
// have no reply from anyone but their author, are neither closed nor archived nor solved, and are
// not set aside — oldest first, with their age against the response target. "Handled elsewhere"
// and snoozes work as for GitHub items (triage.server.ts saves them here when the id is a topic's).
import { and, asc, count, desc, eq, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { communitySources, forumTopics, forumTriageStates } from '#db/schema/sources.ts'

/** As queueCondition in triage.server.ts: "not set aside" is a NOT EXISTS, so the queue reads forum_topics_triage_idx in order up to its limit. */
function forumQueueCondition(now: Date, sourceId?: string | null): SQL {
  return and(
    eq(communitySources.active, true),
    isNull(forumTopics.firstResponseAt),
    eq(forumTopics.closed, false),
    eq(forumTopics.archived, false),
    isNull(forumTopics.acceptedAnswerPostNumber),
    sql`not exists (select 1 from ${forumTriageStates} where ${forumTriageStates.topicId} = ${forumTopics.id} and (${forumTriageStates.handledAt} is not null or ${forumTriageStates.snoozedUntil} > ${now.toISOString()}::timestamptz))`,
    sourceId ? eq(forumTopics.sourceId, sourceId) : undefined,
  )!
}

export interface ForumTriageItem {
  id: string
  kind: 'forum'
  sourceId: string
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

export async function listForumTriageQueue(
  input: { now: Date; targetHours: number; sourceId?: string | null; limit?: number },
  tx: DbOrTx = db,
): Promise<ForumTriageItem[]> {
  const rows = await tx
    .select({
      id: forumTopics.id,
      sourceId: forumTopics.sourceId,
      source: communitySources.name,
      topicId: forumTopics.topicId,
      title: forumTopics.title,
      url: forumTopics.url,
      author: forumTopics.authorUsername,
      category: forumTopics.categoryName,
      createdAt: forumTopics.createdAt,
    })
    .from(forumTopics)
    .innerJoin(communitySources, eq(communitySources.id, forumTopics.sourceId))
    .where(forumQueueCondition(input.now, input.sourceId))
    .orderBy(asc(forumTopics.createdAt), asc(forumTopics.topicId))
    .limit(input.limit ?? 500)
  return rows.map((r) => {
    const ageHours = (input.now.getTime() - r.createdAt.getTime()) / 3_600_000
    return {
      id: r.id,
      kind: 'forum' as const,
      sourceId: r.sourceId,
      repository: r.source,
      number: r.topicId,
      title: r.title,
      url: r.url,
      authorLogin: r.author,
      category: r.category,
      createdAt: r.createdAt,
      ageHours,
      overTarget: ageHours > input.targetHours,
    }
  })
}

/** Per active forum: how many topics wait, and how many of them longer than the target. */
export async function countForumTriageBySource(input: { now: Date; targetHours: number }, tx: DbOrTx = db) {
  const threshold = new Date(input.now.getTime() - input.targetHours * 3_600_000)
  const totals = await tx
    .select({ sourceId: forumTopics.sourceId, name: communitySources.name, total: count() })
    .from(forumTopics)
    .innerJoin(communitySources, eq(communitySources.id, forumTopics.sourceId))
    .where(forumQueueCondition(input.now))
    .groupBy(forumTopics.sourceId, communitySources.name)
  const over = await tx
    .select({ sourceId: forumTopics.sourceId, n: count() })
    .from(forumTopics)
    .innerJoin(communitySources, eq(communitySources.id, forumTopics.sourceId))
    .where(and(forumQueueCondition(input.now), lt(forumTopics.createdAt, threshold)))
    .groupBy(forumTopics.sourceId)
  return totals
    .map((t) => ({
      sourceId: t.sourceId,
      name: t.name,
      total: Number(t.total),
      overTarget: Number(over.find((o) => o.sourceId === t.sourceId)?.n ?? 0),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Forum topics set aside (handled elsewhere, or snoozed into the future) that still wait. */
export function listForumSetAside(now: Date, tx: DbOrTx = db) {
  return tx
    .select({
      id: forumTopics.id,
      number: forumTopics.topicId,
      title: forumTopics.title,
      url: forumTopics.url,
      handledAt: forumTriageStates.handledAt,
      handledNote: forumTriageStates.handledNote,
      snoozedUntil: forumTriageStates.snoozedUntil,
      updatedAt: forumTriageStates.updatedAt,
    })
    .from(forumTriageStates)
    .innerJoin(forumTopics, eq(forumTopics.id, forumTriageStates.topicId))
    .where(and(or(isNotNull(forumTriageStates.handledAt), gt(forumTriageStates.snoozedUntil, now)), isNull(forumTopics.firstResponseAt)))
    .orderBy(desc(forumTriageStates.updatedAt))
    .limit(50)
}

/** The forum topic an id names, and its triage state; undefined when the id is not a forum topic's. */
export async function findForumTopicForTriage(tx: DbOrTx, id: string) {
  const [topic] = await tx.select({ id: forumTopics.id }).from(forumTopics).where(eq(forumTopics.id, id))
  if (!topic) return undefined
  const [state] = await tx.select().from(forumTriageStates).where(eq(forumTriageStates.topicId, id))
  return { topic, before: state ?? null }
}

export async function saveForumTriageState(
  tx: DbOrTx,
  input: { topicId: string; actorId: string; values: { handledAt: Date | null; handledNote: string | null; snoozedUntil: Date | null } },
) {
  const values = { ...input.values, updatedById: input.actorId, updatedAt: new Date() }
  const [after] = await tx
    .insert(forumTriageStates)
    .values({ topicId: input.topicId, ...values })
    .onConflictDoUpdate({ target: forumTriageStates.topicId, set: values })
    .returning()
  return after!
}
