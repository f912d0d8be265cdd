// The /community summaries equal the direct computation on a generated dataset of every source
// (GitHub items with their responses and commits, two forums, two mailboxes), for the page's
// periods, every repository or one, every source or one (ADR 022; hand-worked cases in
// app/domain/community/summaries.server.test.ts).
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { ensureMailboxSource, seedMailbox } from '#db/seed/mailbox.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { computeCommunityFigures, readCommunityFigures, type SourceSelection } from '#app/domain/community/community-figures.server.ts'
import { resolvePeriod } from '#app/domain/community/period.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { insertSampleCommunityData } from './sample-community-data.ts'
import { insertSampleForumData } from './sample-forum-data.ts'

setupTestDatabase()

describe('the /community summaries on a generated dataset', () => {
  it('equal the direct computation for every filter, before and after more data arrives', async () => {
    const now = new Date('2026-11-25T12:00:00Z')
    const { repositoryId } = await insertSampleCommunityData({ issues: 300, pullRequests: 300, discussions: 100, commits: 500, end: now })
    const forumA = await insertSampleForumData({ topics: 300, days: 400, end: now, seed: 1 })
    const forumB = await insertSampleForumData({ topics: 100, days: 400, end: now, seed: 2 })
    const mailbox = await ensureMailboxSource(db, { name: 'help', host: 'imap.bench.invalid', username: 'help@bench.invalid' })
    await seedMailbox(db, mailbox, { now, threads: 200, days: 365 })
    const { timeZone } = await getOrganisationSettings()
    const selections: SourceSelection[] = [
      { kind: 'all' },
      { kind: 'forum', id: forumA.sourceId },
      { kind: 'forum', id: forumB.sourceId },
      { kind: 'mailbox', id: mailbox },
    ]
    const check = async () => {
      for (const key of ['90d', '2026-Q3'])
        for (const repository of [null, repositoryId])
          for (const source of selections) {
            const filter = {
              period: resolvePeriod(new URLSearchParams({ period: key }), now, timeZone),
              repositoryId: repository,
              source,
              timeZone,
            }
            const direct = await computeCommunityFigures(filter)
            expect(direct.health.responses.issue.count + (direct.forum?.count ?? 0)).toBeGreaterThan(0)
            expect(await readCommunityFigures(filter)).toEqual(direct)
            expect(await readCommunityFigures(filter)).toEqual(direct)
          }
    }
    await check()
    // A second repository and another forum's topics: every summary is recomputed.
    await insertSampleCommunityData({
      owner: 'other',
      name: 'repo',
      issues: 100,
      pullRequests: 100,
      discussions: 0,
      commits: 100,
      end: now,
      seed: 7,
    })
    await insertSampleForumData({ topics: 50, days: 100, end: now, seed: 3 })
    await check()
  }, 300_000)
})
