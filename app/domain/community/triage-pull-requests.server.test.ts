// Pull requests in the triage queue, synced from the GitHub stand-in: a pull request waits until
// someone other than its author comments on it or submits a review (a pending review, the
// author's own comments and bots do not count), exactly as the time to first response counts it.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { repositories } from '#db/schema/community.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import type { FakeItem, FakeRepository } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { weekContaining } from '#app/domain/this-week/week.ts'
import { responseTimes } from './chaoss-metrics.server.ts'
import { syncRepository } from './github-ingestion.server.ts'
import { communityWeekCard } from './this-week.server.ts'
import { countTriage, listTriageQueue } from './triage.server.ts'

setupTestDatabase()

const now = new Date('2026-08-21T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString().replace('.000Z', 'Z')

let sequence = 0
function pullRequest(number: number, input: Partial<FakeItem> & { openedHoursAgo: number }): FakeItem {
  const createdAt = hoursAgo(input.openedHoursAgo)
  return {
    kind: 'pull_request',
    id: `PR_${number}`,
    number,
    title: `Pull request ${number}`,
    createdAt,
    updatedAt: createdAt,
    closedAt: null,
    author: 'newcomer',
    authorAssociation: 'FIRST_TIME_CONTRIBUTOR',
    labels: [],
    comments: [],
    reviews: [],
    mergedAt: null,
    mergedBy: null,
    ...input,
  }
}
const comment = (author: string, h: number) => ({ id: `IC_${++sequence}`, createdAt: hoursAgo(h), author })

const repository: FakeRepository = {
  id: 'R_1',
  owner: 'pybamm-team',
  name: 'PyBaMM',
  defaultBranch: 'develop',
  hasDiscussions: false,
  stars: 1,
  forks: 1,
  watchers: 1,
  commits: [],
  items: {
    issue: [],
    discussion: [],
    pull_request: [
      // #1, 100 h old: only the author's own comment and a bot's review: still waiting.
      pullRequest(1, {
        openedHoursAgo: 100,
        comments: [comment('newcomer', 99)],
        reviews: [{ id: 'PRR_1', createdAt: hoursAgo(98), author: 'codecov', state: 'COMMENTED' }],
      }),
      // #2, 60 h old: a maintainer started a review 58 h ago but has not submitted it (pending: invisible to Steward's token).
      pullRequest(2, { openedHoursAgo: 60, reviews: [{ id: 'PRR_2', createdAt: hoursAgo(58), author: 'maintainer', state: 'PENDING' }] }),
      // #3, 40 h old: a review started 39 h ago, submitted 30 h ago → first response after 10 h (submission counts).
      pullRequest(3, {
        openedHoursAgo: 40,
        reviews: [{ id: 'PRR_3', createdAt: hoursAgo(39), submittedAt: hoursAgo(30), author: 'maintainer', state: 'CHANGES_REQUESTED' }],
      }),
      // #4, 30 h old: a maintainer's comment 26 h ago → first response after 4 h.
      pullRequest(4, { openedHoursAgo: 30, comments: [comment('maintainer', 26)] }),
      // #5, 20 h old, merged without a word: not waiting any more (not open).
      pullRequest(5, { openedHoursAgo: 20, mergedAt: hoursAgo(10), closedAt: hoursAgo(10), mergedBy: 'maintainer' }),
      // #6, 80 h old, opened by a bot: never in the queue.
      pullRequest(6, { openedHoursAgo: 80, author: 'dependabot' }),
      // #7, 5 h old: waiting, within the target.
      pullRequest(7, { openedHoursAgo: 5 }),
    ],
  },
}

let fake: FakeGithub
const clock = fakeClock(now.getTime())
beforeAll(async () => {
  fake = await startFakeGithub({ dataset: { repositories: [repository], bots: new Set(['codecov', 'dependabot']) }, now: clock.now })
})
// The database is emptied after every test: each one syncs the stand-in afresh.
beforeEach(async () => {
  const [repo] = await db.insert(repositories).values({ owner: 'pybamm-team', name: 'PyBaMM' }).returning()
  const client = new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep })
  const report = await syncRepository(repo, { client, now: clock.date, kinds: ['repository', 'pull_request'] })
  expect(report.ok).toBe(true)
})
afterAll(() => fake.stop())

it('holds the open pull requests nobody but their author answered, oldest first, against the target', async () => {
  const queue = await listTriageQueue({ now, targetHours: 48 })
  // #1 (100 h, over 48), #2 (60 h, over: its review is still pending), #7 (5 h, within).
  expect(queue.map((i) => [i.kind, i.number, Math.round(i.ageHours), i.overTarget])).toEqual([
    ['pull_request', 1, 100, true],
    ['pull_request', 2, 60, true],
    ['pull_request', 7, 5, false],
  ])
  expect(queue[0]).toMatchObject({
    repository: 'pybamm-team/PyBaMM',
    url: 'https://github.com/pybamm-team/PyBaMM/pull/1',
    authorLogin: 'newcomer',
  })
  // 3 waiting; over 48 h: #1 and #2; over 72 h: #1 only.
  expect(await countTriage({ now, targetHours: 48 })).toEqual({
    total: 3,
    overTarget: 2,
    byKind: { issue: { total: 0, overTarget: 0 }, pull_request: { total: 3, overTarget: 2 }, discussion: { total: 0, overTarget: 0 } },
  })
  expect((await countTriage({ now, targetHours: 72 })).overTarget).toBe(1)
})

it('times the first response of pull requests by the same definition', async () => {
  const { pull_request: pr } = await responseTimes({ range: { start: new Date('2026-08-01T00:00:00Z'), end: now }, timeZone: 'UTC' })
  // Answered: #3 after 10 h (the review's submission), #4 after 4 h. Median (4 + 10) / 2 = 7;
  // p90 4 + 0.9 × (10 − 4) = 9.4. Waiting (no response yet, bots' pull requests left out): #1, #2, #5, #7.
  expect(pr).toEqual({ median: 7, p90: 9.4, count: 2, waiting: 4 })
})

it('counts the pull requests over the target on the This week card', async () => {
  const card = await communityWeekCard({
    user: { id: 'u', name: 'Community manager', roles: ['community'] },
    now,
    week: weekContaining(now, 'UTC'),
    settings: await getOrganisationSettings(),
  })
  // Over 48 h: #1 (100 h = 4 days 4 h) and #2 (60 h = 2 days 12 h); the card lists the oldest
  // three of the queue that are over, so no "more on GitHub" line.
  expect(card.summary).toBe('2 threads waited longer than 48 h for a first response.')
  expect(card.items.map((i) => [i.label, i.detail])).toEqual([
    ['Pull request #1: Pull request 1', 'waiting 4 days 4 h (target 48 h)'],
    ['Pull request #2: Pull request 2', 'waiting 2 days 12 h (target 48 h)'],
  ])
  // 2 over target × 10 min each.
  expect(card.minutes).toBe(20)
})
