// The identity map: which GitHub logins, commit author names, forum usernames and e-mail
// addresses are one person (issue 13; tables in db/schema/identities.ts). Community and admin
// merge two contributors on /community/contributors or with `steward identity merge A B`; every
// merge is audited and can be undone, which restores exactly the grouping it changed.
//
// How the counts use it (chaoss-metrics.server.ts): every contribution carries who made it and on
// which side — 'github' (a GitHub login, or a commit author's name when GitHub links the commit to
// no account: the one namespace of commits.author_key) or 'forum' (a Discourse username,
// lower-cased). `contributorKey` turns that into the key a person is counted under:
// `person:<uuid>` for a merged identity, else the GitHub-side identity as before, else
// `forum:<username>`. E-mail addresses belong to people but are no contributions of their own.
import { and, desc, eq, inArray, isNull, sql, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  contributorsOverall,
  forumPosts,
  type IdentityAssignment,
  identityMerges,
  people,
  personIdentities,
  users,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { describeIdentity, formatIdentityRef, type IdentityRef, IDENTITY_REF_HELP, parseIdentityRef } from './identity-refs.ts'
import type { IdentityKind } from './vocabulary.ts'

export type ContributionSide = 'github' | 'forum'

const PERSON_PREFIX = 'person:'
const FORUM_PREFIX = 'forum:'

/**
 * The key a contribution is counted under (see the top of this file). `who` is the GitHub-side
 * identity or the lower-cased forum username; `side` 'github' or 'forum'. One index probe of
 * person_identities per distinct identity: group by identity first, then by this key.
 */
export function contributorKey(who: SQLWrapper, side: SQLWrapper | ContributionSide) {
  const s = typeof side === 'string' ? sql`${side}::text` : side
  return sql<string>`coalesce(
    (select ${PERSON_PREFIX} || pi.person_id::text from ${personIdentities} pi
      where pi.value = ${who} and (case when ${s} = 'forum' then pi.kind = 'forum' else pi.kind in ('github', 'commit') end)
      limit 1),
    case when ${s} = 'forum' then ${FORUM_PREFIX} || ${who} else ${who} end)`
}

/** A counting key's person, when it is one. */
export function personOfKey(key: string) {
  return key.startsWith(PERSON_PREFIX) ? key.slice(PERSON_PREFIX.length) : null
}

/** Each person's identities, in a stable order (GitHub, commit, forum, e-mail; then by value). */
export async function listIdentitiesOfPeople(personIds: readonly string[], tx: DbOrTx = db) {
  const out = new Map<string, IdentityRef[]>()
  if (personIds.length === 0) return out
  const rows = await tx
    .select({ personId: personIdentities.personId, kind: personIdentities.kind, value: personIdentities.value })
    .from(personIdentities)
    .where(inArray(personIdentities.personId, [...personIds]))
  for (const r of rows.sort(byKindThenValue)) {
    const list = out.get(r.personId) ?? []
    list.push({ kind: r.kind, value: r.value })
    out.set(r.personId, list)
  }
  return out
}

const KIND_ORDER: Record<IdentityKind, number> = { github: 0, commit: 1, forum: 2, email: 3 }
function byKindThenValue(a: IdentityRef, b: IdentityRef) {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.value.localeCompare(b.value)
}

/** Everyone the map groups: each person with their identities (people made by merges). */
export async function listPeople(tx: DbOrTx = db) {
  const rows = await tx.select({ id: people.id, createdAt: people.createdAt }).from(people)
  const identities = await listIdentitiesOfPeople(
    rows.map((r) => r.id),
    tx,
  )
  return rows
    .map((r) => ({ id: r.id, identities: identities.get(r.id) ?? [] }))
    .sort((a, b) =>
      a.identities[0] && b.identities[0] ? byKindThenValue(a.identities[0], b.identities[0]) : a.identities.length - b.identities.length,
    )
}

// ---------------------------------------------------------------------------------------------
// Merging and undoing

/** Merges and undos one at a time: each reads the grouping it changes. */
async function lockIdentityMap(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('steward.identity_map'))`)
}

/**
 * The identity as the data spells it. A GitHub login or a commit author's name must be a known
 * contributor (GitHub logins matched without regard to case, stored as GitHub spells them); a
 * forum username must have posted; an e-mail address is taken as given.
 */
async function resolveIdentity(text: string, field: string, tx: DbOrTx): Promise<IdentityRef> {
  const ref = parseIdentityRef(text)
  if (!ref) throw new DomainError(`“${text}” is not an identity. ${IDENTITY_REF_HELP}`, field)
  if (ref.kind === 'email') return ref
  if (ref.kind === 'forum') {
    const [row] = await tx
      .select({ n: sql<number>`1` })
      .from(forumPosts)
      .where(sql`lower(${forumPosts.username}) = ${ref.value}`)
      .limit(1)
    if (!row) throw new DomainError(`Nobody called “${ref.value}” has posted on a synced forum.`, field)
    return ref
  }
  const match =
    ref.kind === 'github' ? sql`lower(${contributorsOverall.identity}) = ${ref.value}` : sql`${contributorsOverall.identity} = ${ref.value}`
  const [row] = await tx.select({ identity: contributorsOverall.identity }).from(contributorsOverall).where(match).limit(1)
  if (!row) {
    const what = ref.kind === 'github' ? 'GitHub login' : 'commit author'
    throw new DomainError(`No contributor with the ${what} “${ref.value}” in the synced repositories.`, field)
  }
  return { kind: ref.kind, value: row.identity }
}

/** The person an identity belongs to. GitHub logins and commit names share one namespace (commits.author_key). */
async function findPerson(ref: IdentityRef, tx: DbOrTx) {
  const kinds: IdentityKind[] = ref.kind === 'github' || ref.kind === 'commit' ? ['github', 'commit'] : [ref.kind]
  const [row] = await tx
    .select({ personId: personIdentities.personId })
    .from(personIdentities)
    .where(and(inArray(personIdentities.kind, kinds), eq(personIdentities.value, ref.value)))
    .limit(1)
  return row?.personId ?? null
}

async function identitiesOf(personId: string, tx: DbOrTx): Promise<IdentityAssignment[]> {
  const rows = await tx
    .select({ kind: personIdentities.kind, value: personIdentities.value, personId: personIdentities.personId })
    .from(personIdentities)
    .where(eq(personIdentities.personId, personId))
    .for('update')
  return rows.sort(byKindThenValue)
}

/**
 * Makes the two contributors one person: everyone grouped with `a` and everyone grouped with `b`.
 * Refuses unknown identities and two that are already one person. Audited.
 */
export async function mergeIdentities(input: { a: string; b: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    await lockIdentityMap(tx)
    const a = await resolveIdentity(input.a, 'a', tx)
    const b = await resolveIdentity(input.b, 'b', tx)
    const [personA, personB] = [await findPerson(a, tx), await findPerson(b, tx)]
    if (formatIdentityRef(a) === formatIdentityRef(b) || (personA && personA === personB))
      throw new DomainError(`${describeIdentity(a)} and ${describeIdentity(b)} are already one person.`, 'b')
    const before: IdentityAssignment[] = [
      ...(personA ? await identitiesOf(personA, tx) : [{ ...a, personId: null }]),
      ...(personB ? await identitiesOf(personB, tx) : [{ ...b, personId: null }]),
    ]
    // Into a person who already exists when there is one, so merging into a group keeps its id.
    let into = personA ?? personB
    if (!into) {
      const [created] = await tx.insert(people).values({}).returning({ id: people.id })
      into = created!.id
    }
    const from = into === personA ? personB : personA
    if (from) {
      await tx.update(personIdentities).set({ personId: into }).where(eq(personIdentities.personId, from))
      await tx.delete(people).where(eq(people.id, from))
    }
    const loose = before.filter((i) => i.personId === null)
    if (loose.length) await tx.insert(personIdentities).values(loose.map((i) => ({ kind: i.kind, value: i.value, personId: into })))
    const [merge] = await tx
      .insert(identityMerges)
      .values({
        a: formatIdentityRef(a),
        b: formatIdentityRef(b),
        intoPersonId: into,
        fromPersonId: from,
        before,
        mergedById: input.actorId,
      })
      .returning()
    const after = (await identitiesOf(into, tx)).map(formatIdentityRef)
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'identity_merge',
      entityId: merge!.id,
      action: 'merge',
      before: { groups: groupsOf(before) },
      after: { person: into, identities: after },
    })
    return { ...merge!, identities: after }
  })
}

/** The grouping `before` describes: each person's identities, and each identity that had none on its own. */
function groupsOf(assignments: readonly IdentityAssignment[]) {
  const groups = new Map<string, string[]>()
  for (const i of assignments) {
    const key = i.personId ?? formatIdentityRef(i)
    groups.set(key, [...(groups.get(key) ?? []), formatIdentityRef(i)])
  }
  return [...groups.values()]
}

/**
 * Undoes a merge: every identity it touched goes back to the person it belonged to (or to none).
 * Only while the merged person is as the merge left it; otherwise the later merge that changed it
 * has to be undone first. Audited.
 */
export async function undoMerge(input: { mergeId: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    await lockIdentityMap(tx)
    const [merge] = await tx.select().from(identityMerges).where(eq(identityMerges.id, input.mergeId)).for('update')
    if (!merge) throw new DomainError(`No merge with the id ${input.mergeId}.`, 'mergeId')
    if (merge.undoneAt) throw new DomainError(`The merge of ${merge.a} and ${merge.b} was already undone.`, 'mergeId')
    const current = await identitiesOf(merge.intoPersonId, tx)
    if (!sameIdentities(current, merge.before)) {
      const later = await laterMergeOf(merge, tx)
      throw new DomainError(
        later
          ? `Undo the later merge of ${later.a} and ${later.b} (${later.id}) first: it changed this person since.`
          : 'This person changed since the merge; it cannot be undone.',
        'mergeId',
      )
    }
    const personIds = [...new Set(merge.before.flatMap((i) => (i.personId ? [i.personId] : [])))]
    if (personIds.length)
      await tx
        .insert(people)
        .values(personIds.map((id) => ({ id })))
        .onConflictDoNothing()
    for (const i of merge.before) {
      const where = and(eq(personIdentities.kind, i.kind), eq(personIdentities.value, i.value))
      if (i.personId) await tx.update(personIdentities).set({ personId: i.personId }).where(where)
      else await tx.delete(personIdentities).where(where)
    }
    if (!personIds.includes(merge.intoPersonId)) await tx.delete(people).where(eq(people.id, merge.intoPersonId))
    const now = new Date()
    await tx.update(identityMerges).set({ undoneAt: now, undoneById: input.actorId }).where(eq(identityMerges.id, merge.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'identity_merge',
      entityId: merge.id,
      action: 'undo',
      before: { person: merge.intoPersonId, identities: current.map(formatIdentityRef) },
      after: { groups: groupsOf(merge.before) },
    })
    return { ...merge, undoneAt: now, restored: groupsOf(merge.before) }
  })
}

function sameIdentities(a: readonly IdentityRef[], b: readonly IdentityRef[]) {
  const key = (list: readonly IdentityRef[]) => list.map(formatIdentityRef).sort().join('\n')
  return key(a) === key(b)
}

/** The latest merge still in force, after this one, that took in or gave away the merged person. */
async function laterMergeOf(merge: typeof identityMerges.$inferSelect, tx: DbOrTx) {
  const [later] = await tx
    .select()
    .from(identityMerges)
    .where(
      and(
        isNull(identityMerges.undoneAt),
        sql`${identityMerges.mergedAt} >= ${merge.mergedAt.toISOString()}::timestamptz`,
        sql`${identityMerges.id} <> ${merge.id}`,
        sql`(${identityMerges.intoPersonId} = ${merge.intoPersonId} or ${identityMerges.fromPersonId} = ${merge.intoPersonId})`,
      ),
    )
    .orderBy(desc(identityMerges.mergedAt))
    .limit(1)
  return later ?? null
}

/**
 * The merges, newest first, with who made and undid them and whether an undo is possible now
 * (the merged person is as the merge left it).
 */
export async function listIdentityMerges(options: { limit?: number } = {}, tx: DbOrTx = db) {
  const mergedBy = alias(users, 'merged_by')
  const undoneBy = alias(users, 'undone_by')
  const rows = await tx
    .select({
      merge: identityMerges,
      mergedByName: mergedBy.name,
      undoneByName: undoneBy.name,
    })
    .from(identityMerges)
    .leftJoin(mergedBy, eq(mergedBy.id, identityMerges.mergedById))
    .leftJoin(undoneBy, eq(undoneBy.id, identityMerges.undoneById))
    .orderBy(desc(identityMerges.mergedAt))
    .limit(options.limit ?? 50)
  const identities = await listIdentitiesOfPeople([...new Set(rows.map((r) => r.merge.intoPersonId))], tx)
  return rows.map(({ merge, mergedByName, undoneByName }) => ({
    id: merge.id,
    a: merge.a,
    b: merge.b,
    mergedAt: merge.mergedAt,
    mergedBy: mergedByName ?? (merge.mergedById ? 'a removed user' : 'the command line'),
    undoneAt: merge.undoneAt,
    undoneBy: merge.undoneAt ? (undoneByName ?? (merge.undoneById ? 'a removed user' : 'the command line')) : null,
    canUndo: !merge.undoneAt && sameIdentities(identities.get(merge.intoPersonId) ?? [], merge.before),
  }))
}
