import { expect, test } from 'vitest'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCommit, insertEvent, insertItem, insertRepository, insertSnapshot } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { addIntern, createProgramme } from './internships.server.ts'
import { percentile } from './metrics.ts'
import { summariseCommunityQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

test('the community section of 2026-Q1 on a fixed dataset', async () => {
  const repo = await insertRepository('pybamm-team', 'PyBaMM')
  const at = (iso: string) => new Date(iso)
  const plusH = (iso: string, h: number) => new Date(new Date(iso).getTime() + h * 3_600_000)
  // 12 issues in the quarter, one every week from 5 January; response after 1, 2, …, 11 h; the 12th waits
  const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  for (let i = 0; i < 12; i++) {
    const created = new Date(Date.UTC(2026, 0, 5 + 7 * i, 9)).toISOString()
    await insertItem(repo.id, {
      kind: 'issue',
      authorLogin: `reporter${i % 4}`,
      createdAt: at(created),
      firstResponseAt: i < 11 ? plusH(created, delays[i]!) : null,
      closedAt: i < 6 ? plusH(created, 100) : null,
    })
  }
  // a discussion answered after 72 h (over the 48 h target), one never answered
  await insertItem(repo.id, {
    kind: 'discussion',
    authorLogin: 'asker',
    categoryIsAnswerable: true,
    createdAt: at('2026-02-01T00:00:00Z'),
    firstResponseAt: at('2026-02-04T00:00:00Z'),
    answerChosenAt: at('2026-02-05T00:00:00Z'),
  })
  await insertItem(repo.id, { kind: 'discussion', authorLogin: 'asker', categoryIsAnswerable: true, createdAt: at('2026-03-01T00:00:00Z') })
  // pull requests: 4 opened in the quarter, 3 closed or merged in it (one of them opened in December)
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev1',
    createdAt: at('2025-12-20T00:00:00Z'),
    closedAt: at('2026-01-02T00:00:00Z'),
    mergedAt: at('2026-01-02T00:00:00Z'),
    state: 'merged',
  })
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev1',
    createdAt: at('2026-01-10T00:00:00Z'),
    closedAt: at('2026-01-12T00:00:00Z'),
    mergedAt: at('2026-01-12T00:00:00Z'),
    state: 'merged',
    firstResponseAt: at('2026-01-10T06:00:00Z'),
  })
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev2',
    createdAt: at('2026-02-10T00:00:00Z'),
    closedAt: at('2026-02-11T00:00:00Z'),
  })
  await insertItem(repo.id, { kind: 'pull_request', authorLogin: 'dev2', createdAt: at('2026-03-10T00:00:00Z') })
  const pr = await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev3',
    createdAt: at('2026-03-20T00:00:00Z'),
    firstResponseAt: at('2026-03-20T12:00:00Z'),
  })
  await insertEvent(pr, { actor: 'dev1', at: at('2026-03-20T12:00:00Z'), kind: 'review' })
  // commits: dev1 6 (+2 merges), dev2 3, old 5 in 2025 only; a bot 20
  for (let i = 0; i < 6; i++) await insertCommit(repo.id, { author: 'dev1', at: at(`2026-02-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 2; i++) await insertCommit(repo.id, { author: 'dev1', at: at('2026-02-10T10:00:00Z'), isMerge: true })
  for (let i = 0; i < 3; i++) await insertCommit(repo.id, { author: 'dev2', at: at(`2026-03-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 5; i++) await insertCommit(repo.id, { author: 'old', at: at(`2025-11-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 20; i++) await insertCommit(repo.id, { author: 'bot-x[bot]', at: at('2026-02-20T10:00:00Z'), isBot: true })
  await insertSnapshot(repo.id, '2025-12-31', 1000)
  await insertSnapshot(repo.id, '2026-03-31', 1100)
  const user = await insertUser({ roles: ['community'] })
  const gsoc = await createProgramme({ kind: 'gsoc', year: 2026, name: 'GSoC 2026', actorId: user.id })
  await addIntern({ programmeId: gsoc.id, name: 'Priya', project: 'Solvers', status: 'accepted', actorId: user.id })

  const { start, end } = quarterPeriod('2026-Q1', 'UTC')
  const section = await summariseCommunityQuarter({ quarter: '2026-Q1', start, end, timeZone: 'UTC' })

  expect(section.timeToFirstResponseHours.issues).toEqual({
    median: 6,
    p90: Math.round(percentile(delays, 0.9)! * 10) / 10,
    count: 11,
    waiting: 1,
  })
  expect(section.timeToFirstResponseHours.pullRequests).toEqual({ median: 9, p90: 11.4, count: 2, waiting: 2 })
  expect(section.timeToFirstResponseHours.discussions).toEqual({ median: 72, p90: 72, count: 1, waiting: 1 })
  // no mailbox in this dataset: the e-mail row is there, empty
  expect(section.timeToFirstResponseHours.email).toEqual({ median: null, p90: null, count: 0, waiting: 0 })
  expect(section.timeToAnswerHours).toEqual({ median: 96, count: 1 })
  expect(section.openedClosed).toEqual({ issuesOpened: 12, issuesClosed: 6, pullRequestsOpened: 4, pullRequestsClosed: 3 })
  expect(section.changeRequestClosureRatio).toBe(0.75)
  // people: reporter0-3, asker, dev1 (first in Dec: not new), dev2, dev3 → new 7; active: + dev1 → 8; inactive: old
  expect([section.newContributors, section.activeContributors, section.inactiveContributors]).toEqual([7, 8, 1])
  // non-merge human commits: dev1 6, dev2 3 → dev1 alone covers 6 of 9
  expect(section.contributorAbsenceFactor).toBe(1)
  // over 48 h: the discussion answered after 72 h, the unanswered one (created 1 March) and the last issue (23 March, still waiting at 1 April),
  // and two pull requests nobody else commented on or reviewed (10 February, closed the next day; 10 March): 3 + 2
  expect(section.triageOverTarget).toBe(5)
  expect(section.stars).toEqual({ atStart: 1000, atEnd: 1100 })
  expect(section.internships).toEqual([{ programme: 'GSoC 2026', year: 2026, intern: 'Priya', project: 'Solvers', status: 'Accepted' }])
  expect(section.monthly.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03'])
  expect(section.monthly.map((m) => m.opened)).toEqual([5, 5, 6])
  expect(section.provenance.newContributors).toMatch(/bots excluded/)
})
