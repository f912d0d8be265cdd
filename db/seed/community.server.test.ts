import { count } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commits, githubItems, internshipProgrammes, repositories } from '#db/schema/index.ts'
import { getCommunityHealth } from '#app/domain/community/chaoss-metrics.server.ts'
import { countTriage } from '#app/domain/community/triage.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { loadDemo } from './index.server.ts'

setupTestDatabase()

test('demo load builds a realistic PyBaMM community, and running it twice adds nothing', async () => {
  const now = new Date('2026-11-25T12:00:00Z')
  await loadDemo({ now })
  const counts = async () => ({
    repositories: (await db.select({ n: count() }).from(repositories))[0]!.n,
    commits: (await db.select({ n: count() }).from(commits))[0]!.n,
    items: (await db.select({ n: count() }).from(githubItems))[0]!.n,
    programmes: (await db.select({ n: count() }).from(internshipProgrammes))[0]!.n,
  })
  const first = await counts()
  expect(first.repositories).toBe(1)
  expect(first.commits).toBe(1118)
  expect(first.items).toBeGreaterThan(800)
  expect(first.programmes).toBe(2)
  await loadDemo({ now })
  expect(await counts()).toEqual(first)

  const triage = await countTriage({ now, targetHours: 48 })
  expect(triage.overTarget).toBeGreaterThanOrEqual(5)
  // The two waiting pull requests: 122 h old (over 48 h) and 10 h old.
  expect(triage.byKind.pull_request).toEqual({ total: 2, overTarget: 1 })
  const health = await getCommunityHealth({
    range: { start: new Date('2026-08-27T00:00:00Z'), end: new Date('2026-11-26T00:00:00Z') },
    timeZone: 'UTC',
    months: ['2026-09', '2026-10', '2026-11'],
  })
  expect(health.responses.issue.median).toBeGreaterThan(1)
  expect(health.contributors.activeContributors).toBeGreaterThan(10)
  expect(health.maintainers.logins.length).toBeGreaterThan(0)
  expect(health.stars.map((s) => s.month)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11'])
})
