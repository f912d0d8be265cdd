// The `contributors` and `contributors_overall` tables are kept by database triggers
// (db/migrations/0001_contributors.sql, 0002_contributor_last_and_kinds.sql). Whatever order
// contributions arrive in, in whatever batches, inserted or re-upserted, they must hold exactly
// each person's first and last contribution and the kinds seen, per repository and overall, bots
// and unknown authors left out.
import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commits, contributors, contributorsOverall, githubItemEvents, githubItems } from '#db/schema/index.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { buildItem, insertRepository } from '#tests/factories/community-health.ts'

setupTestDatabase()

const BASE = Date.parse('2024-01-01T00:00:00Z')
const DAY = 86_400_000

interface Contribution {
  source: 'item' | 'event' | 'commit'
  /** items: an issue or a discussion; events: a review or a comment */
  variant: boolean
  who: string | null
  bot: boolean
  day: number
  repo: number
}
const contribution: fc.Arbitrary<Contribution> = fc.record({
  source: fc.constantFrom('item' as const, 'event' as const, 'commit' as const),
  variant: fc.boolean(),
  who: fc.constantFrom('ann', 'bob', 'cy', null),
  bot: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  day: fc.integer({ min: 0, max: 400 }),
  repo: fc.integer({ min: 0, max: 1 }),
})

const kindOf = (c: Contribution) =>
  c.source === 'commit' ? 'commit' : c.source === 'item' ? (c.variant ? 'discussion' : 'issue') : c.variant ? 'review' : 'comment'

interface Person {
  key: string
  first: string
  last: string
  kinds: string[]
}
const sorted = (people: Person[]) => people.sort((a, b) => a.key.localeCompare(b.key))

/** The reference: first, last and kinds per (repository, identity), or per identity, over the human contributions. */
function expectedPeople(all: Contribution[], repoIds: string[] | null) {
  const people = new Map<string, { first: number; last: number; kinds: Set<string> }>()
  for (const c of all) {
    if (c.bot || c.who == null) continue
    const key = repoIds ? `${repoIds[c.repo]}|${c.who}` : c.who
    const at = BASE + c.day * DAY
    const p = people.get(key) ?? { first: at, last: at, kinds: new Set<string>() }
    p.first = Math.min(p.first, at)
    p.last = Math.max(p.last, at)
    p.kinds.add(kindOf(c))
    people.set(key, p)
  }
  return sorted(
    [...people].map(([key, p]) => ({
      key,
      first: new Date(p.first).toISOString(),
      last: new Date(p.last).toISOString(),
      kinds: [...p.kinds].sort(),
    })),
  )
}

async function storedPeople() {
  const row = (key: string, r: { firstAt: Date; lastAt: Date; kinds: string[] }) => ({
    key,
    first: r.firstAt.toISOString(),
    last: r.lastAt.toISOString(),
    kinds: [...r.kinds].sort(),
  })
  const perRepository = await db.select().from(contributors)
  const overall = await db.select().from(contributorsOverall)
  return {
    perRepository: sorted(perRepository.map((r) => row(`${r.repositoryId}|${r.identity}`, r))),
    overall: sorted(overall.map((r) => row(r.identity, r))),
  }
}

let hostSequence = 0

test('the contributors tables equal the first and last contributions and kinds computed from the history, batch after batch', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(contribution, { minLength: 1, maxLength: 8 }), {
        minLength: 1,
        maxLength: 5,
      }),
      async (batches) => {
        await db.execute(sql`truncate ${contributors}, ${contributorsOverall}, ${githubItemEvents}, ${githubItems}, ${commits} cascade`)
        const repos = [await insertRepository('first', `r${++hostSequence}`), await insertRepository('second', `r${++hostSequence}`)]
        const repoIds = repos.map((r) => r.id)
        // Every event hangs on an item nobody authored (no contribution of its own).
        const hosts = await db
          .insert(githubItems)
          .values(repos.map((r) => buildItem(r.id, { createdAt: new Date(BASE), authorLogin: null })))
          .returning()
        const seen: Contribution[] = []
        for (const batch of batches) {
          const items = batch.filter((c) => c.source === 'item')
          const events = batch.filter((c) => c.source === 'event')
          // A commit always has an author's name.
          const commitRows = batch.filter((c) => c.source === 'commit' && c.who != null)
          const at = (c: Contribution) => new Date(BASE + c.day * DAY)
          if (items.length) {
            const rows = items.map((c) =>
              buildItem(repoIds[c.repo], {
                kind: c.variant ? 'discussion' : 'issue',
                createdAt: at(c),
                authorLogin: c.who,
                authorIsBot: c.bot,
              }),
            )
            await db.insert(githubItems).values(rows)
            // A re-sync upserts the same items again (the update path of the triggers).
            await db
              .insert(githubItems)
              .values(rows)
              .onConflictDoUpdate({
                target: githubItems.nodeId,
                set: { title: sql`excluded.title` },
              })
          }
          if (events.length)
            await db.insert(githubItemEvents).values(
              events.map((c, i) => ({
                itemId: hosts[c.repo].id,
                repositoryId: repoIds[c.repo],
                kind: c.variant ? ('review' as const) : ('comment' as const),
                nodeId: `ev-${hostSequence}-${seen.length}-${i}`,
                actorLogin: c.who,
                actorIsBot: c.bot,
                occurredAt: at(c),
              })),
            )
          if (commitRows.length)
            await db.insert(commits).values(
              commitRows.map((c, i) => ({
                repositoryId: repoIds[c.repo],
                sha: `sha-${hostSequence}-${seen.length}-${i}`,
                authoredAt: at(c),
                committedAt: at(c),
                authorName: c.who!,
                authorKey: c.who!,
                isBot: c.bot,
              })),
            )
          seen.push(...batch.filter((c) => c.source !== 'commit' || c.who != null))
          expect(await storedPeople()).toEqual({
            perRepository: expectedPeople(seen, repoIds),
            overall: expectedPeople(seen, null),
          })
        }
      },
    ),
    { numRuns: 25 },
  )
})
