import fc from 'fast-check'
import { expect, test } from 'vitest'
import { writeSetting } from '#app/domain/settings/keyed-settings.server.ts'
import { setupTestDatabase, truncateAll } from '#tests/setup/database.ts'
import { insertCommit, insertEvent, insertItem, insertRepository, insertSnapshot } from '#tests/factories/community-health.ts'
import {
  contributorCounts,
  getCommunityHealth,
  listContributors,
  maintainerActivityFor,
  monthlySeries,
  openedClosed,
  responseTimes,
  starsAt,
  timeToAnswerHours,
} from './chaoss-metrics.server.ts'
import { listMaintainerLogins } from './maintainers.server.ts'
import {
  activeContributors,
  changeRequestClosureRatio,
  type Contribution,
  contributorAbsenceFactor,
  inactiveContributors,
  maintainerActivity,
  type MaintainerEvent,
  newContributors,
  openedVsClosed,
  summariseContributors,
  timeToAnswer,
  timeToFirstResponse,
} from './metrics.ts'
import { GITHUB_ITEM_KINDS } from './vocabulary.ts'

const database = setupTestDatabase()

const d = (iso: string) => new Date(iso)
const jan = { start: d('2026-01-01T00:00:00Z'), end: d('2026-02-01T00:00:00Z') }
const filter = { range: jan, timeZone: 'UTC', months: ['2026-01'] }

test('response times, answers, opened/closed and maintainer activity over a small dataset', async () => {
  const repo = await insertRepository()
  const other = await insertRepository('other', 'thing')
  // the authors opening items in January (4 issues, maint's PR, 3 discussions) are all new: 8
  // issues created in January: 2 h, 10 h, 48 h and one waiting (hand-computed median 10, p90 10 + 0.8 × 38 = 40.4)
  for (const [created, response] of [
    ['2026-01-02T00:00:00Z', '2026-01-02T02:00:00Z'],
    ['2026-01-03T00:00:00Z', '2026-01-03T10:00:00Z'],
    ['2026-01-04T00:00:00Z', '2026-01-06T00:00:00Z'],
    ['2026-01-05T00:00:00Z', null],
  ] as const) {
    await insertItem(repo.id, {
      kind: 'issue',
      createdAt: d(created),
      firstResponseAt: response ? d(response) : null,
      firstResponderLogin: response ? 'maint' : null,
    })
  }
  // a bot's pull request: excluded from response times
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dependabot[bot]',
    authorIsBot: true,
    createdAt: d('2026-01-05T00:00:00Z'),
  })
  // pull requests: opened in Dec and merged in Jan, opened and merged in Jan, opened in Jan still open
  await insertItem(repo.id, {
    kind: 'pull_request',
    createdAt: d('2025-12-20T00:00:00Z'),
    closedAt: d('2026-01-03T00:00:00Z'),
    mergedAt: d('2026-01-03T00:00:00Z'),
    mergedByLogin: 'maint',
    state: 'merged',
    firstResponseAt: d('2025-12-20T05:00:00Z'),
  })
  const pr = await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'maint',
    authorAssociation: 'MEMBER',
    createdAt: d('2026-01-10T00:00:00Z'),
    closedAt: d('2026-01-11T00:00:00Z'),
    mergedAt: d('2026-01-11T00:00:00Z'),
    mergedByLogin: 'maint',
    state: 'merged',
    firstResponseAt: d('2026-01-10T04:00:00Z'),
  })
  await insertEvent(pr, { actor: 'maint', at: d('2026-01-10T04:00:00Z'), kind: 'review' })
  await insertEvent(pr, { actor: 'maint', at: d('2026-01-10T05:00:00Z') })
  // answerable discussions: one answered after 6 h, one never; one in a non-answerable category
  await insertItem(repo.id, {
    kind: 'discussion',
    categoryIsAnswerable: true,
    createdAt: d('2026-01-07T00:00:00Z'),
    answerChosenAt: d('2026-01-07T06:00:00Z'),
    firstResponseAt: d('2026-01-07T01:00:00Z'),
  })
  await insertItem(repo.id, { kind: 'discussion', categoryIsAnswerable: true, createdAt: d('2026-01-08T00:00:00Z') })
  await insertItem(repo.id, {
    kind: 'discussion',
    categoryIsAnswerable: false,
    createdAt: d('2026-01-08T00:00:00Z'),
    answerChosenAt: d('2026-01-08T01:00:00Z'),
  })
  // another repository: counted only for "all"
  await insertItem(other.id, { kind: 'issue', createdAt: d('2026-01-09T00:00:00Z') })

  const health = await getCommunityHealth({ ...filter, repositoryId: repo.id })
  expect(health.responses.issue).toEqual({ median: 10, p90: expect.closeTo(40.4, 6), count: 3, waiting: 1 })
  expect(health.responses.pull_request).toEqual({ median: 4, p90: 4, count: 1, waiting: 0 })
  expect(health.responses.discussion).toEqual({ median: 1, p90: 1, count: 1, waiting: 2 })
  expect(health.answer).toEqual({ median: 6, count: 1, unanswered: 1 })
  expect(health.openClose).toEqual({
    issuesOpened: 4,
    issuesClosed: 0,
    pullRequestsOpened: 2,
    pullRequestsClosed: 2,
    changeRequestClosureRatio: 1,
  })
  expect(health.maintainers).toEqual({ logins: ['maint'], source: 'association' })
  expect(health.maintainerActivity).toEqual([{ identity: 'maint', responses: 1, reviews: 1, merges: 2 }])
  expect(health.monthly).toEqual([{ month: '2026-01', newContributors: 8, medianFirstResponseHours: 4, opened: 6, closed: 2 }])

  const all = await getCommunityHealth(filter)
  expect(all.responses.issue.waiting).toBe(2)

  await writeSetting({ key: 'community.maintainers', value: ['zed', 'maint'], actorId: null })
  expect(await listMaintainerLogins()).toEqual({ logins: ['maint', 'zed'], source: 'setting' })
})

test('contributors: new, active, inactive and absence factor, bots and merges excluded', async () => {
  const repo = await insertRepository()
  await insertCommit(repo.id, { author: 'ann', at: d('2025-11-01T00:00:00Z') })
  await insertCommit(repo.id, { author: 'ann', at: d('2026-01-03T00:00:00Z') })
  await insertCommit(repo.id, { author: 'ann', at: d('2026-01-04T00:00:00Z') })
  await insertCommit(repo.id, { author: 'ann', at: d('2026-01-05T00:00:00Z'), isMerge: true })
  await insertCommit(repo.id, { author: 'ann', at: d('2026-01-05T00:00:00Z'), isMerge: true })
  await insertCommit(repo.id, { author: 'cat', at: d('2026-01-21T00:00:00Z') })
  await insertCommit(repo.id, { author: 'cat', at: d('2026-01-23T00:00:00Z') })
  await insertCommit(repo.id, { author: 'dan', at: d('2026-01-22T00:00:00Z') })
  for (let i = 0; i < 5; i++) await insertCommit(repo.id, { author: 'renovate[bot]', at: d('2026-01-22T00:00:00Z'), isBot: true })
  const issue = await insertItem(repo.id, { authorLogin: 'bob', createdAt: d('2025-12-15T00:00:00Z') })
  await insertEvent(issue, { actor: 'eve', at: d('2026-01-30T00:00:00Z') })
  await insertEvent(issue, { actor: 'github-actions[bot]', at: d('2026-01-30T00:00:00Z'), isBot: true })

  // hand count: new = cat, dan, eve; active = ann, cat, dan, eve; inactive (active in Dec, not Jan) = bob;
  // non-merge human commits in Jan: ann 2, cat 2, dan 1 → ann + cat cover 4 of 5 → 2
  expect(await contributorCounts({ range: jan, timeZone: 'UTC' })).toEqual({
    newContributors: 3,
    activeContributors: 4,
    inactiveContributors: 1,
    contributorAbsenceFactor: 2,
  })
  const list = await listContributors({ range: jan, timeZone: 'UTC' })
  expect(list.map((p) => [p.identity, p.status, p.kinds.join('+')])).toEqual([
    ['eve', 'new', 'comment'],
    ['cat', 'new', 'commit'],
    ['dan', 'new', 'commit'],
    ['ann', 'returning', 'commit'],
    ['bob', 'inactive', 'issue'],
  ])
})

test('stars: the last snapshot of each month, and the value before an instant', async () => {
  const repo = await insertRepository()
  await insertSnapshot(repo.id, '2026-01-01', 100, 10)
  await insertSnapshot(repo.id, '2026-01-31', 120, 12)
  await insertSnapshot(repo.id, '2026-02-15', 130, 13)
  const health = await getCommunityHealth({
    range: { start: jan.start, end: d('2026-03-01T00:00:00Z') },
    timeZone: 'UTC',
    months: ['2026-01', '2026-02'],
  })
  expect(health.stars).toEqual([
    { month: '2026-01', stars: 120, forks: 12 },
    { month: '2026-02', stars: 130, forks: 13 },
  ])
  expect(await starsAt(d('2026-02-01T00:00:00Z'), null)).toBe(120)
  expect(await starsAt(d('2025-02-01T00:00:00Z'), null)).toBeNull()
})

test('the monthly series counts by month in the project time zone, for one repository or all', async () => {
  const repo = await insertRepository()
  const other = await insertRepository('other', 'monthly')
  const zone = 'America/New_York'
  // 22:00 on 31 January in New York, 01:00 on 1 February in New York, then one in another repository
  await insertItem(repo.id, {
    kind: 'issue',
    authorLogin: 'jan-ny',
    createdAt: d('2026-02-01T03:00:00Z'),
    firstResponseAt: d('2026-02-01T05:00:00Z'),
  })
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'feb-ny',
    createdAt: d('2026-02-01T06:00:00Z'),
    closedAt: d('2026-02-03T00:00:00Z'),
  })
  await insertItem(other.id, { kind: 'issue', authorLogin: 'elsewhere', createdAt: d('2026-02-10T00:00:00Z') })
  const range = { start: d('2026-01-01T05:00:00Z'), end: d('2026-03-01T05:00:00Z') }
  expect(await monthlySeries({ range, timeZone: zone, repositoryId: repo.id }, ['2026-01', '2026-02'])).toEqual([
    { month: '2026-01', newContributors: 1, medianFirstResponseHours: 2, opened: 1, closed: 0 },
    { month: '2026-02', newContributors: 1, medianFirstResponseHours: null, opened: 1, closed: 1 },
  ])
  expect((await monthlySeries({ range, timeZone: zone }, ['2026-01', '2026-02'])).map((m) => [m.opened, m.newContributors])).toEqual([
    [1, 1],
    [2, 2],
  ])
})

// ---------------------------------------------------------------------------------------------
// The SQL held to the definitions: on any small dataset, every query gives what the pure
// function in metrics.ts (the definition, tested by hand in metrics.test.ts) gives on the same data.

const PEOPLE = ['ann', 'bob', 'cat', 'dan', 'renovate[bot]']
const MAINTAINERS = ['ann', 'bob']
const BASE = Date.parse('2025-11-20T00:00:00Z')
const at = (hours: number) => new Date(BASE + hours * 3_600_000)
const isBot = (login: string) => login.endsWith('[bot]')
// Data from 20 November to 8 February: before the previous period (December), in it, in January, after.
const hour = fc.integer({ min: 0, max: 1_800 })
const after = fc.option(fc.integer({ min: 0, max: 400 }), { nil: null })

const itemArbitrary = fc.record({
  kind: fc.constantFrom(...GITHUB_ITEM_KINDS),
  author: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
  created: hour,
  response: after,
  closed: after,
  answerable: fc.boolean(),
  answer: after,
  mergedBy: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
  events: fc.array(
    fc.record({
      actor: fc.constantFrom(...PEOPLE),
      after: fc.integer({ min: 0, max: 400 }),
      kind: fc.constantFrom('comment', 'review', 'answer'),
    }),
    { maxLength: 3 },
  ),
})
const commitArbitrary = fc.record({ author: fc.constantFrom(...PEOPLE), at: hour, isMerge: fc.constantFrom(false, false, false, true) })

test('the SQL metrics equal their definitions in metrics.ts on any dataset', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(itemArbitrary, { maxLength: 8 }), fc.array(commitArbitrary, { maxLength: 12 }), async (items, commitList) => {
      await truncateAll(database())
      const repo = await insertRepository()
      const contributions: Contribution[] = []
      const maintainerEvents: MaintainerEvent[] = []
      const stored = []
      for (const generated of items) {
        const createdAt = at(generated.created)
        const closedAt = generated.closed === null ? null : at(generated.created + generated.closed)
        const merged = generated.kind === 'pull_request' && closedAt !== null && generated.mergedBy !== null
        const row = {
          kind: generated.kind,
          createdAt,
          firstResponseAt: generated.response === null ? null : at(generated.created + generated.response),
          closedAt,
          authorLogin: generated.author,
          authorIsBot: generated.author !== null && isBot(generated.author),
          categoryIsAnswerable: generated.kind === 'discussion' ? generated.answerable : null,
          answerChosenAt: generated.kind === 'discussion' && generated.answer !== null ? at(generated.created + generated.answer) : null,
          mergedAt: merged ? closedAt : null,
          mergedByLogin: merged ? generated.mergedBy : null,
        }
        stored.push(row)
        const item = await insertItem(repo.id, row)
        if (row.authorLogin !== null)
          contributions.push({ identity: row.authorLogin, kind: row.kind, at: createdAt, isBot: row.authorIsBot })
        if (merged) maintainerEvents.push({ identity: generated.mergedBy!, kind: 'merge', at: closedAt })
        for (const event of generated.events) {
          const occurredAt = at(generated.created + event.after)
          await insertEvent(item, { actor: event.actor, at: occurredAt, kind: event.kind, isBot: isBot(event.actor) })
          // The contributors tables count a chosen answer as a comment.
          const kind = event.kind === 'review' ? 'review' : 'comment'
          contributions.push({ identity: event.actor, kind, at: occurredAt, isBot: isBot(event.actor) })
          maintainerEvents.push({ identity: event.actor, kind: event.kind === 'review' ? 'review' : 'response', at: occurredAt })
        }
      }
      for (const commit of commitList) {
        await insertCommit(repo.id, { author: commit.author, at: at(commit.at), isBot: isBot(commit.author), isMerge: commit.isMerge })
        contributions.push({
          identity: commit.author,
          kind: 'commit',
          at: at(commit.at),
          isBot: isBot(commit.author),
          isMerge: commit.isMerge,
        })
      }

      for (const repositoryId of [null, repo.id]) {
        const filter = { range: jan, timeZone: 'UTC', repositoryId }
        const responses = await responseTimes(filter)
        for (const kind of GITHUB_ITEM_KINDS) {
          const expected = timeToFirstResponse(
            stored.filter((i) => i.kind === kind && !i.authorIsBot),
            jan,
          )
          expect(responses[kind], kind).toEqual({
            ...expected,
            median: expected.median === null ? null : expect.closeTo(expected.median, 6),
            p90: expected.p90 === null ? null : expect.closeTo(expected.p90, 6),
          })
        }
        const discussions = stored
          .filter((i) => i.kind === 'discussion')
          .map((i) => ({ createdAt: i.createdAt, answerable: i.categoryIsAnswerable === true, answerChosenAt: i.answerChosenAt }))
        const answer = timeToAnswer(discussions, jan)
        expect(await timeToAnswerHours(filter)).toEqual({
          ...answer,
          median: answer.median === null ? null : expect.closeTo(answer.median, 6),
        })
        expect(await openedClosed(filter)).toEqual({
          ...openedVsClosed(stored, jan),
          changeRequestClosureRatio: changeRequestClosureRatio(stored, jan),
        })
        expect(await contributorCounts(filter)).toEqual({
          newContributors: newContributors(contributions, jan).length,
          activeContributors: activeContributors(contributions, jan).length,
          inactiveContributors: inactiveContributors(contributions, jan).length,
          contributorAbsenceFactor: contributorAbsenceFactor(contributions, jan),
        })
        const byIdentity = (a: { identity: string }, b: { identity: string }) => (a.identity < b.identity ? -1 : 1)
        const summaries = (await listContributors(filter)).map(({ identity, firstAt, lastAt, kinds, inPeriod, status }) => ({
          identity,
          firstAt,
          lastAt,
          kinds,
          inPeriod,
          status,
        }))
        expect(summaries.sort(byIdentity)).toEqual(
          summariseContributors(contributions, jan)
            .filter((c) => c.status !== 'earlier')
            .sort(byIdentity),
        )
        expect(await maintainerActivityFor(filter, MAINTAINERS)).toEqual(maintainerActivity(maintainerEvents, MAINTAINERS, jan))
      }
    }),
    { numRuns: 30 },
  )
}, 180_000)
