// Property: whatever contributions exist and whatever merges are made, the contributor counts
// equal the definitions in metrics.ts applied with every identity replaced by its person (so no
// person is ever counted twice), and undoing the merges in reverse gives back the counts from
// before the first merge and an empty identity map.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { people, personIdentities } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCommit, insertForumPost, insertForumSource, insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase, truncateAll } from '#tests/setup/database.ts'
import { contributorCounts, listContributors } from './chaoss-metrics.server.ts'
import { mergeIdentities, undoMerge } from './identity-map.server.ts'
import {
  activeContributors,
  type Contribution,
  contributorAbsenceFactor,
  inactiveContributors,
  newContributors,
  previousRange,
} from './metrics.ts'
import { DomainError } from '../errors.ts'

const database = setupTestDatabase()

const jan = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') }
const DAY = 86_400_000
/** days from 1 November 2025: November, December (the previous period) and January */
const at = (day: number) => new Date(Date.parse('2025-11-01T00:00:00Z') + day * DAY + 9 * 3_600_000)

// GitHub logins (commits and issues), a commit author's name GitHub links to nobody, forum
// usernames (one spelled like a login: a different identity) and an e-mail address.
const IDENTITIES = [
  'github:ann',
  'github:bob',
  'github:cy',
  'commit:Dee Name',
  'forum:ann',
  'forum:eve',
  'forum:fay',
  'email:x@example.org',
]
const CONTRIBUTING = IDENTITIES.slice(0, 7)

interface Made {
  who: number
  day: number
  /** github logins: an issue instead of a commit */
  issue: boolean
  isMerge: boolean
}
const made: fc.Arbitrary<Made> = fc.record({
  who: fc.integer({ min: 0, max: CONTRIBUTING.length - 1 }),
  day: fc.integer({ min: 0, max: 91 }),
  issue: fc.boolean(),
  isMerge: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
})
const pair = fc.tuple(fc.integer({ min: 0, max: IDENTITIES.length - 1 }), fc.integer({ min: 0, max: IDENTITIES.length - 1 }))

/** The counts metrics.ts defines, with each identity replaced by `personOf(identity)`. */
function expectedCounts(contributions: Contribution[], personOf: (identity: string) => string) {
  const mapped = contributions.map((c) => ({ ...c, identity: personOf(c.identity) }))
  return {
    newContributors: newContributors(mapped, jan).length,
    activeContributors: activeContributors(mapped, jan).length,
    inactiveContributors: inactiveContributors(mapped, jan).length,
    contributorAbsenceFactor: contributorAbsenceFactor(mapped, jan),
  }
}

test('merging any identities counts each person once; undoing in reverse restores the counts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(made, { maxLength: 14 }), fc.array(pair, { maxLength: 6 }), async (extra, merges) => {
      await truncateAll(database())
      const actor = await insertUser({ roles: ['community'] })
      const repo = await insertRepository()
      const forum = await insertForumSource()
      // everyone who can contribute has contributed at least once (else they could not be merged)
      const all = [...CONTRIBUTING.map((_, who) => ({ who, day: 10 + who * 11, issue: false, isMerge: false })), ...extra]
      const contributions: Contribution[] = []
      for (const c of all) {
        const [kind, name] = CONTRIBUTING[c.who]!.split(':') as [string, string]
        if (kind === 'forum') {
          await insertForumPost(forum.id, { username: name, at: at(c.day) })
          contributions.push({ identity: CONTRIBUTING[c.who]!, kind: 'forum', at: at(c.day), isBot: false })
        } else if (kind === 'github' && c.issue) {
          await insertItem(repo.id, { kind: 'issue', authorLogin: name, createdAt: at(c.day) })
          contributions.push({ identity: CONTRIBUTING[c.who]!, kind: 'issue', at: at(c.day), isBot: false })
        } else {
          await insertCommit(repo.id, { author: name, at: at(c.day), isMerge: c.isMerge, linked: kind === 'github' })
          contributions.push({ identity: CONTRIBUTING[c.who]!, kind: 'commit', at: at(c.day), isBot: false, isMerge: c.isMerge })
        }
      }
      const filter = { range: jan, timeZone: 'UTC' }
      const before = await contributorCounts(filter)
      expect(before).toEqual(expectedCounts(contributions, (i) => i))

      // The reference grouping: a union-find over the identities.
      const parent = new Map(IDENTITIES.map((i) => [i, i]))
      const find = (i: string): string => (parent.get(i) === i ? i : find(parent.get(i)!))
      const done: string[] = []
      for (const [x, y] of merges) {
        const [a, b] = [IDENTITIES[x]!, IDENTITIES[y]!]
        const same = find(a) === find(b)
        const merge = await mergeIdentities({ a, b, actorId: actor.id }).catch((error: unknown) => {
          if (error instanceof DomainError) return null
          throw error
        })
        expect(merge === null, `${a} + ${b}`).toBe(same)
        if (!merge) continue
        parent.set(find(a), find(b))
        done.push(merge.id)
        expect(await contributorCounts(filter)).toEqual(expectedCounts(contributions, find))
      }
      // The list has one row per person active in January or December, never two.
      const list = await listContributors(filter)
      const prev = previousRange(jan)
      const activePeople = new Set(contributions.filter((c) => c.at >= prev.start && c.at < jan.end).map((c) => find(c.identity)))
      expect(list).toHaveLength(activePeople.size)
      expect(new Set(list.map((r) => r.key)).size).toBe(list.length)

      for (const id of done.reverse()) await undoMerge({ mergeId: id, actorId: actor.id })
      expect(await contributorCounts(filter)).toEqual(before)
      expect(await db.select().from(personIdentities)).toEqual([])
      expect(await db.select().from(people)).toEqual([])
    }),
    { numRuns: 12 },
  )
}, 600_000)
