// The identity map against a real database: merging contributors makes one person of them in
// every count, forum posters count as contributors, e-mail addresses never do, each merge and
// undo is audited, and undoing restores exactly the grouping before.
import { and, eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, identityMerges, people, personIdentities } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCommit, insertForumPost, insertForumSource, insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { contributorCounts, listContributors, monthlySeries } from './chaoss-metrics.server.ts'
import { listIdentityMerges, listPeople, mergeIdentities, undoMerge } from './identity-map.server.ts'
import { getContributorsPage } from './pages.server.ts'

setupTestDatabase()

const d = (iso: string) => new Date(iso)
// January 2026; the previous period is the 31 days before it, 1–31 December 2025.
const jan = { start: d('2026-01-01T00:00:00Z'), end: d('2026-02-01T00:00:00Z') }
const filter = { range: jan, timeZone: 'UTC' }

let repoId: string
let actorId: string

beforeEach(async () => {
  const repo = await insertRepository()
  repoId = repo.id
  actorId = (await insertUser({ roles: ['community'] })).id
  const forum = await insertForumSource()
  // GitHub side
  await insertCommit(repoId, { author: 'ann', at: d('2025-12-10T09:00:00Z') })
  await insertCommit(repoId, { author: 'ann', at: d('2026-01-12T09:00:00Z') })
  await insertCommit(repoId, { author: 'Ann Smith', at: d('2025-11-05T09:00:00Z'), linked: false })
  await insertCommit(repoId, { author: 'Ann Smith', at: d('2026-01-20T09:00:00Z'), linked: false })
  await insertItem(repoId, { kind: 'issue', authorLogin: 'bob', createdAt: d('2025-12-05T09:00:00Z') })
  await insertCommit(repoId, { author: 'dan', at: d('2026-01-15T09:00:00Z') })
  await insertCommit(repoId, { author: 'dan', at: d('2026-01-16T09:00:00Z'), isMerge: true })
  // the forum (a moderator action and the system user are no contributions)
  await insertForumPost(forum.id, { username: 'Annie', at: d('2026-01-08T09:00:00Z') })
  await insertForumPost(forum.id, { username: 'bob_f', at: d('2025-12-20T09:00:00Z') })
  await insertForumPost(forum.id, { username: 'cy', at: d('2026-01-03T09:00:00Z') })
  await insertForumPost(forum.id, { username: 'cy', at: d('2026-01-04T09:00:00Z') })
  await insertForumPost(forum.id, { username: 'eve', at: d('2026-01-05T09:00:00Z'), postType: 2 })
  await insertForumPost(forum.id, { username: 'system', at: d('2026-01-05T09:00:00Z') })
})

test('merging contributors counts each person once; forum posters count, e-mail addresses do not; undo restores the counts', async () => {
  // Before: active in Jan = ann, Ann Smith, dan, forum annie, forum cy → 5; inactive (Dec, not Jan)
  // = bob, forum bob_f → 2; new (first ever in Jan) = dan, annie, cy → 3 (ann first 10 Dec, Ann
  // Smith 5 Nov); absence: non-merge commits in Jan ann 1, Ann Smith 1, dan 1 → 2 of 3 needed → 2.
  const before = { newContributors: 3, activeContributors: 5, inactiveContributors: 2, contributorAbsenceFactor: 2 }
  expect(await contributorCounts(filter)).toEqual(before)
  // One repository: the forum belongs to none → active ann, Ann Smith, dan = 3; inactive bob = 1; new dan = 1.
  expect(await contributorCounts({ ...filter, repositoryId: repoId })).toEqual({
    newContributors: 1,
    activeContributors: 3,
    inactiveContributors: 1,
    contributorAbsenceFactor: 2,
  })

  const m1 = await mergeIdentities({ a: 'github:ANN', b: 'commit:Ann Smith', actorId })
  // ann + Ann Smith = one person P: active P, dan, annie, cy = 4; new unchanged (P first 5 Nov);
  // absence: P 2, dan 1 → P alone covers 2 of 3 → 1.
  expect(await contributorCounts(filter)).toEqual({
    newContributors: 3,
    activeContributors: 4,
    inactiveContributors: 2,
    contributorAbsenceFactor: 1,
  })

  const m2 = await mergeIdentities({ a: 'forum:annie', b: 'github:ann', actorId })
  // annie joins P: her first post (8 Jan) is no longer a first contribution → new dan, cy = 2; active P, dan, cy = 3.
  expect(await contributorCounts(filter)).toEqual({
    newContributors: 2,
    activeContributors: 3,
    inactiveContributors: 2,
    contributorAbsenceFactor: 1,
  })

  const m3 = await mergeIdentities({ a: 'forum:bob_f', b: 'github:bob', actorId })
  // bob and bob_f, both only active in December, are one inactive person → inactive 1.
  expect(await contributorCounts(filter)).toEqual({
    newContributors: 2,
    activeContributors: 3,
    inactiveContributors: 1,
    contributorAbsenceFactor: 1,
  })

  const m4 = await mergeIdentities({ a: 'email:Ann@Example.org', b: 'forum:annie', actorId })
  // an e-mail address is no contribution: nothing changes.
  expect(await contributorCounts(filter)).toEqual({
    newContributors: 2,
    activeContributors: 3,
    inactiveContributors: 1,
    contributorAbsenceFactor: 1,
  })

  const m5 = await mergeIdentities({ a: 'github:dan', b: 'forum:cy', actorId })
  // dan (first 15 Jan) and cy (first 3 Jan) are one new person → new 1; active P and dan/cy = 2.
  expect(await contributorCounts(filter)).toEqual({
    newContributors: 1,
    activeContributors: 2,
    inactiveContributors: 1,
    contributorAbsenceFactor: 1,
  })

  const list = await listContributors(filter)
  expect(list.map((c) => [c.identity, c.status, c.kinds.join('+'), c.inPeriod, c.aliases.join('; ')])).toEqual([
    // P: first 5 Nov, last 20 Jan; in Jan commits on 12 and 20 Jan and the post of 8 Jan → 3.
    // dan + cy: commits 15 and 16 Jan (a merge commit is a contribution), posts 3 and 4 Jan → 4.
    ['ann', 'returning', 'commit+forum', 3, 'Ann Smith (commit author); annie (forum username); ann@example.org (e-mail address)'],
    ['dan', 'new', 'commit+forum', 4, 'cy (forum username)'],
    ['bob', 'inactive', 'forum+issue', 0, 'bob_f (forum username)'],
  ])
  expect(list[0]!.firstAt).toEqual(d('2025-11-05T09:00:00Z'))

  // Undo in any order but the reverse is refused when a later merge changed the person.
  await expect(undoMerge({ mergeId: m2.id, actorId })).rejects.toThrow(
    `Undo the later merge of email:ann@example.org and forum:annie (${m4.id}) first`,
  )

  for (const m of [m5, m4, m3, m2, m1]) await undoMerge({ mergeId: m.id, actorId })
  expect(await contributorCounts(filter)).toEqual(before)
  expect(await db.select().from(personIdentities)).toEqual([])
  expect(await db.select().from(people)).toEqual([])
  await expect(undoMerge({ mergeId: m1.id, actorId })).rejects.toThrow('The merge of github:ann and commit:Ann Smith was already undone.')

  // five merges and five undos, each with its actor
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'identity_merge'))
  expect(audit.map((a) => a.action).sort()).toEqual([...Array(5).fill('merge'), ...Array(5).fill('undo')])
  expect(audit.every((a) => a.actorId === actorId)).toBe(true)
  const [first] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, m1.id), eq(auditEvents.action, 'merge')))
  expect(first!.before).toEqual({ groups: [['github:ann'], ['commit:Ann Smith']] })
  expect(first!.after).toEqual({ person: m1.intoPersonId, identities: ['github:ann', 'commit:Ann Smith'] })
})

test('the monthly new contributors count a merged person once, in the month of their earliest identity; undo restores the series', async () => {
  // November 2025 to January 2026, all repositories and the forum.
  const range = { start: d('2025-11-01T00:00:00Z'), end: d('2026-02-01T00:00:00Z') }
  const months = ['2025-11', '2025-12', '2026-01']
  const series = async () => (await monthlySeries({ range, timeZone: 'UTC' }, months)).map((m) => m.newContributors)
  // Firsts: Ann Smith 5 Nov; bob 5 Dec, ann 10 Dec, forum bob_f 20 Dec; forum cy 3 Jan, forum annie
  // 8 Jan, dan 15 Jan (eve's moderator action and the system user are no contributions) → 1, 3, 3.
  expect(await series()).toEqual([1, 3, 3])
  // January's figure is the period's new contributors.
  expect((await contributorCounts(filter)).newContributors).toBe(3)

  const m1 = await mergeIdentities({ a: 'github:ann', b: 'commit:Ann Smith', actorId })
  // ann (10 Dec) is Ann Smith (5 Nov): one person, new in November → 1, 2, 3.
  expect(await series()).toEqual([1, 2, 3])
  const m2 = await mergeIdentities({ a: 'github:dan', b: 'forum:bob_f', actorId })
  // dan's first commit is 15 Jan, bob_f's first post 20 Dec: one person, new in December, not
  // January → 1, 2 (bob, dan/bob_f), 2 (cy, annie).
  expect(await series()).toEqual([1, 2, 2])
  expect((await contributorCounts(filter)).newContributors).toBe(2)
  // One repository: the forum belongs to none, so only the GitHub side counts — Ann Smith/ann in
  // November, bob in December, dan in January → 1, 1, 1.
  expect((await monthlySeries({ range, timeZone: 'UTC', repositoryId: repoId }, months)).map((m) => m.newContributors)).toEqual([1, 1, 1])

  await undoMerge({ mergeId: m2.id, actorId })
  expect(await series()).toEqual([1, 2, 3])
  await undoMerge({ mergeId: m1.id, actorId })
  expect(await series()).toEqual([1, 3, 3])
  expect((await contributorCounts(filter)).newContributors).toBe(3)
})

test('the contributors page counts a merged person once, from its summary, and is computed again after a merge and an undo', async () => {
  const january = new URLSearchParams({ period: 'custom', from: '2026-01-01', to: '2026-01-31' })
  const now = d('2026-02-15T00:00:00Z')
  const page = async () => {
    const p = await getContributorsPage(january, now)
    return { counts: p.counts, rows: p.contributors.map((c) => [c.ref, c.status, c.inPeriod]) }
  }
  // Before: new dan, annie, cy (first in January) = 3; returning ann (first 10 Dec), Ann Smith
  // (5 Nov) = 2; inactive bob, bob_f (December only) = 2. Newest activity first: Ann Smith 20 Jan,
  // dan 16 Jan (a merge commit counts as activity), ann 12 Jan, annie 8 Jan, cy 4 Jan, bob_f 20 Dec, bob 5 Dec.
  const before = {
    counts: { new: 3, returning: 2, inactive: 2 },
    rows: [
      ['commit:Ann Smith', 'returning', 1],
      ['github:dan', 'new', 2],
      ['github:ann', 'returning', 1],
      ['forum:annie', 'new', 1],
      ['forum:cy', 'new', 2],
      ['forum:bob_f', 'inactive', 0],
      ['github:bob', 'inactive', 0],
    ],
  }
  expect(await page()).toEqual(before)
  expect(await page()).toEqual(before) // read back from its summary

  const m = await mergeIdentities({ a: 'github:dan', b: 'forum:bob_f', actorId })
  // dan + bob_f: first post 20 Dec → returning, with dan's 2 January contributions; new annie, cy = 2;
  // returning ann, Ann Smith, dan/bob_f = 3; inactive bob = 1.
  expect(await page()).toEqual({
    counts: { new: 2, returning: 3, inactive: 1 },
    rows: [
      ['commit:Ann Smith', 'returning', 1],
      ['github:dan', 'returning', 2],
      ['github:ann', 'returning', 1],
      ['forum:annie', 'new', 1],
      ['forum:cy', 'new', 2],
      ['github:bob', 'inactive', 0],
    ],
  })
  await undoMerge({ mergeId: m.id, actorId })
  expect(await page()).toEqual(before)
  // One status: only its rows, the counts still over everyone.
  const inactive = await getContributorsPage(new URLSearchParams([...january, ['status', 'inactive']]), now)
  expect(inactive.counts).toEqual(before.counts)
  expect(inactive.contributors.map((c) => c.ref)).toEqual(['forum:bob_f', 'github:bob'])
})

test('undo restores exactly the grouping before, including people that existed already', async () => {
  const m1 = await mergeIdentities({ a: 'github:ann', b: 'commit:Ann Smith', actorId })
  const m2 = await mergeIdentities({ a: 'github:dan', b: 'forum:cy', actorId })
  const grouping = async () => (await listPeople()).map((p) => ({ id: p.id, identities: p.identities.map((i) => `${i.kind}:${i.value}`) }))
  const twoPeople = await grouping()
  expect(twoPeople).toEqual([
    { id: m1.intoPersonId, identities: ['github:ann', 'commit:Ann Smith'] },
    { id: m2.intoPersonId, identities: ['github:dan', 'forum:cy'] },
  ])
  // Merging the two groups keeps the first person and folds in the second …
  const m3 = await mergeIdentities({ a: 'forum:cy', b: 'commit:Ann Smith', actorId })
  expect(m3.intoPersonId).toBe(m2.intoPersonId)
  expect(await grouping()).toEqual([{ id: m2.intoPersonId, identities: ['github:ann', 'github:dan', 'commit:Ann Smith', 'forum:cy'] }])
  expect((await listIdentityMerges()).map((m) => [m.a, m.b, m.canUndo])).toEqual([
    ['forum:cy', 'commit:Ann Smith', true],
    ['github:dan', 'forum:cy', false],
    ['github:ann', 'commit:Ann Smith', false],
  ])
  // … and undoing it brings back both, with their ids.
  await undoMerge({ mergeId: m3.id, actorId })
  expect(await grouping()).toEqual(twoPeople)
  const stored = await db.select().from(identityMerges).where(eq(identityMerges.id, m3.id))
  expect(stored[0]!.undoneById).toBe(actorId)
})

test('refuses identities nobody has used, unreadable ones and two that are already one person', async () => {
  await expect(mergeIdentities({ a: 'github:nobody', b: 'github:ann', actorId })).rejects.toMatchObject({
    message: 'No contributor with the GitHub login “nobody” in the synced repositories.',
    field: 'a',
  })
  await expect(mergeIdentities({ a: 'github:ann', b: 'forum:ghost', actorId })).rejects.toMatchObject({
    message: 'Nobody called “ghost” has posted on a synced forum.',
    field: 'b',
  })
  await expect(mergeIdentities({ a: 'ann', b: 'github:dan', actorId })).rejects.toMatchObject({ field: 'a' })
  await mergeIdentities({ a: 'github:ann', b: 'forum:annie', actorId })
  await expect(mergeIdentities({ a: 'forum:Annie', b: 'github:Ann', actorId })).rejects.toMatchObject({
    message: 'annie (forum username) and ann (GitHub login) are already one person.',
    field: 'b',
  })
  // a commit author's name and the login of the same spelling are one identity (commits.author_key)
  await expect(mergeIdentities({ a: 'commit:ann', b: 'forum:annie', actorId })).rejects.toMatchObject({ field: 'b' })
})
