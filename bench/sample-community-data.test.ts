import { count, desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { commits, githubItems, repositories, repositorySnapshots } from '#db/schema/community.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { startFakeGithub } from '#tests/fakes/github/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { syncRepository } from '#app/domain/community/github-ingestion.server.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { insertSampleCommunityData } from './sample-community-data.ts'

setupTestDatabase()

describe('the sample community dataset', () => {
  it('inserts the 16k-commit fixture history and generated items in bulk', async () => {
    const result = await insertSampleCommunityData({
      commits: 'fixture',
      issues: 400,
      pullRequests: 500,
      discussions: 100,
      end: new Date('2026-11-25T12:00:00Z'),
      alignCommitsToEnd: true,
    })
    expect(result).toMatchObject({ items: 1000, commits: 16_239, snapshots: 730 })
    const [{ n }] = await db.select({ n: count() }).from(commits).where(eq(commits.isBot, true))
    expect(n).toBe(678)
    // The fixture's history is moved so its last commit lands at `end`.
    const [latest] = await db.select({ at: commits.authoredAt }).from(commits).orderBy(desc(commits.authoredAt)).limit(1)
    expect(latest.at.toISOString()).toBe('2026-11-25T12:00:00.000Z')
    const [{ snaps }] = await db.select({ snaps: count() }).from(repositorySnapshots)
    expect(snaps).toBe(730)
  })

  it('writes the same rows as syncing the same data from the fake GitHub', async () => {
    const options = { issues: 60, pullRequests: 60, discussions: 30, commits: 40, seed: 9 }
    const inserted = await insertSampleCommunityData({ ...options, owner: 'bulk', name: 'repo' })
    const clock = fakeClock()
    const fake = await startFakeGithub({ dataset: generateDataset({ ...options, owner: 'synced', name: 'repo' }), now: clock.now })
    try {
      const [repo] = await db.insert(repositories).values({ owner: 'synced', name: 'repo' }).returning()
      const report = await syncRepository(repo, {
        client: new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep }),
      })
      expect(report.ok).toBe(true)
      const shape = async (repositoryId: string) =>
        (await db.select().from(githubItems).where(eq(githubItems.repositoryId, repositoryId)))
          .map(
            ({
              number,
              kind,
              state,
              authorLogin,
              authorIsBot,
              firstResponseAt,
              firstResponderLogin,
              answerChosenAt,
              mergedByLogin,
              labels,
              category,
            }) => ({
              number,
              kind,
              state,
              authorLogin,
              authorIsBot,
              firstResponseAt,
              firstResponderLogin,
              answerChosenAt,
              mergedByLogin,
              labels,
              category,
            }),
          )
          .sort((a, b) => a.number - b.number)
      expect(await shape(repo.id)).toEqual(await shape(inserted.repositoryId))
    } finally {
      await fake.stop()
    }
  })
})
