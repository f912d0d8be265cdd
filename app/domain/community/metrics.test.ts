import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  absenceFactorOfCounts,
  activeContributors,
  changeRequestClosureRatio,
  type Contribution,
  contributorAbsenceFactor,
  contributorIdentity,
  inactiveContributors,
  isBotIdentity,
  maintainerActivity,
  median,
  newContributors,
  openedVsClosed,
  percentile,
  previousRange,
  summariseContributors,
  timeToAnswer,
  timeToFirstResponse,
  type TimeRange,
} from './metrics.ts'

const d = (iso: string) => new Date(iso)
const range = (start: string, end: string): TimeRange => ({ start: d(start), end: d(end) })
const Q = (q: string): TimeRange => {
  const [y, n] = q.split('-Q').map(Number) as [number, number]
  return { start: new Date(Date.UTC(y, (n - 1) * 3, 1)), end: new Date(Date.UTC(y, n * 3, 1)) }
}

describe('percentile (linear interpolation, as percentile_cont)', () => {
  test('known values', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(median([5])).toBe(5)
    expect(median([1, 3])).toBe(2)
    expect(median([3, 1, 2])).toBe(2)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1)
    expect(percentile([10, 20], 0.9)).toBeCloseTo(19)
  })
  test('lies between the minimum and maximum and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p1, p2) => {
          const [lo, hi] = p1 < p2 ? [p1, p2] : [p2, p1]
          const a = percentile(values, lo)!
          const b = percentile(values, hi)!
          expect(a).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9)
          expect(b).toBeLessThanOrEqual(Math.max(...values) + 1e-9)
          expect(b).toBeGreaterThanOrEqual(a - 1e-6)
        },
      ),
    )
  })
})

describe('identities and bots', () => {
  test('bots are Bot actors or names ending in [bot]', () => {
    expect(isBotIdentity('dependabot[bot]')).toBe(true)
    expect(isBotIdentity('pre-commit-ci[bot]')).toBe(true)
    expect(isBotIdentity('github-actions', 'Bot')).toBe(true)
    expect(isBotIdentity('botanist')).toBe(false)
    expect(isBotIdentity(null)).toBe(false)
  })
  test('the login where known, else the commit author name', () => {
    expect(contributorIdentity('Alice', 'Alice Smith')).toBe('Alice')
    expect(contributorIdentity(null, 'Alice Smith')).toBe('Alice Smith')
    expect(contributorIdentity('', '  ')).toBeNull()
  })
})

describe('time to first response', () => {
  const period = range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
  test('median and p90 over items created in the period, with the count still waiting', () => {
    const items = [
      { kind: 'issue' as const, createdAt: d('2026-01-02T00:00:00Z'), firstResponseAt: d('2026-01-02T02:00:00Z') }, // 2 h
      { kind: 'issue' as const, createdAt: d('2026-01-03T00:00:00Z'), firstResponseAt: d('2026-01-03T10:00:00Z') }, // 10 h
      { kind: 'issue' as const, createdAt: d('2026-01-04T00:00:00Z'), firstResponseAt: d('2026-01-06T00:00:00Z') }, // 48 h
      { kind: 'issue' as const, createdAt: d('2026-01-05T00:00:00Z'), firstResponseAt: null },
      // created before the period: ignored even though answered in it
      { kind: 'issue' as const, createdAt: d('2025-12-31T23:00:00Z'), firstResponseAt: d('2026-01-01T01:00:00Z') },
      // created at the period's end: outside (end exclusive)
      { kind: 'issue' as const, createdAt: d('2026-02-01T00:00:00Z'), firstResponseAt: null },
    ]
    const summary = timeToFirstResponse(items, period)
    expect(summary).toEqual({ median: 10, p90: 10 + 0.8 * 38, count: 3, waiting: 1 })
  })
  test('null when nothing got a response', () => {
    expect(timeToFirstResponse([{ kind: 'discussion', createdAt: d('2026-01-10T00:00:00Z'), firstResponseAt: null }], period)).toEqual({
      median: null,
      p90: null,
      count: 0,
      waiting: 1,
    })
    expect(timeToFirstResponse([], period)).toEqual({ median: null, p90: null, count: 0, waiting: 0 })
  })
  test('every item created in the period is counted once, answered or waiting', () => {
    const t0 = period.start.getTime()
    const item = fc.record({
      created: fc.integer({ min: -40 * 86_400_000, max: 70 * 86_400_000 }),
      delay: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 })),
    })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), (raw) => {
        const items = raw.map((r) => ({
          kind: 'issue' as const,
          createdAt: new Date(t0 + r.created),
          firstResponseAt: r.delay == null ? null : new Date(t0 + r.created + r.delay),
        }))
        const s = timeToFirstResponse(items, period)
        const created = raw.filter((r) => r.created >= 0 && t0 + r.created < period.end.getTime())
        expect(s.count + s.waiting).toBe(created.length)
        if (s.count > 0) expect(s.p90!).toBeGreaterThanOrEqual(s.median!)
        else expect(s.median).toBeNull()
      }),
    )
  })
})

test('time to answer counts only answerable discussions created in the period', () => {
  const period = range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
  const result = timeToAnswer(
    [
      { createdAt: d('2026-01-01T00:00:00Z'), answerable: true, answerChosenAt: d('2026-01-01T06:00:00Z') },
      { createdAt: d('2026-01-02T00:00:00Z'), answerable: true, answerChosenAt: d('2026-01-03T00:00:00Z') },
      { createdAt: d('2026-01-02T00:00:00Z'), answerable: true, answerChosenAt: null },
      { createdAt: d('2026-01-02T00:00:00Z'), answerable: false, answerChosenAt: d('2026-01-02T01:00:00Z') },
    ],
    period,
  )
  expect(result).toEqual({ median: 15, count: 2, unanswered: 1 })
})

describe('change requests', () => {
  const period = range('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')
  const items = [
    { kind: 'pull_request' as const, createdAt: d('2025-12-01T00:00:00Z'), closedAt: d('2026-01-05T00:00:00Z') },
    { kind: 'pull_request' as const, createdAt: d('2026-01-10T00:00:00Z'), closedAt: d('2026-01-11T00:00:00Z') },
    { kind: 'pull_request' as const, createdAt: d('2026-02-10T00:00:00Z'), closedAt: null },
    { kind: 'pull_request' as const, createdAt: d('2026-03-10T00:00:00Z'), closedAt: d('2026-04-02T00:00:00Z') },
    { kind: 'issue' as const, createdAt: d('2026-01-10T00:00:00Z'), closedAt: d('2026-01-12T00:00:00Z') },
    { kind: 'issue' as const, createdAt: d('2025-01-10T00:00:00Z'), closedAt: d('2026-03-12T00:00:00Z') },
    { kind: 'discussion' as const, createdAt: d('2026-01-10T00:00:00Z'), closedAt: d('2026-01-12T00:00:00Z') },
  ]
  test('closure ratio: closed or merged in the period / opened in the period', () => {
    expect(changeRequestClosureRatio(items, period)).toBeCloseTo(2 / 3)
    expect(changeRequestClosureRatio(items, range('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'))).toBeNull()
  })
  test('opened vs closed counts issues and pull requests, not discussions', () => {
    expect(openedVsClosed(items, period)).toEqual({ issuesOpened: 1, issuesClosed: 2, pullRequestsOpened: 3, pullRequestsClosed: 2 })
  })
})

describe('contributors', () => {
  const c = (identity: string, at: string, kind: Contribution['kind'] = 'commit', extra: Partial<Contribution> = {}): Contribution => ({
    identity,
    kind,
    at: d(at),
    isBot: false,
    ...extra,
  })
  const data = [
    c('ann', '2025-11-01T00:00:00Z'),
    c('ann', '2026-01-03T00:00:00Z'),
    c('bob', '2025-12-15T00:00:00Z', 'issue'),
    c('cat', '2026-01-20T00:00:00Z', 'discussion'),
    c('cat', '2026-01-21T00:00:00Z', 'commit'),
    c('renovate[bot]', '2026-01-22T00:00:00Z', 'commit', { isBot: true }),
    c('dan', '2026-02-01T00:00:00Z', 'comment'),
  ]
  const jan = range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
  test('new: first contribution of any kind in the period, bots excluded', () => {
    expect(newContributors(data, jan)).toEqual(['cat'])
  })
  test('active and inactive (active in the previous period, not this one)', () => {
    expect(activeContributors(data, jan)).toEqual(['ann', 'cat'])
    expect(previousRange(jan)).toEqual(range('2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z'))
    expect(inactiveContributors(data, jan)).toEqual(['bob'])
  })
  test('contributors list: first, last, kinds and status', () => {
    const list = summariseContributors(data, jan)
    expect(list.map((p) => [p.identity, p.status])).toEqual([
      ['dan', 'earlier'],
      ['cat', 'new'],
      ['ann', 'returning'],
      ['bob', 'inactive'],
    ])
    expect(list.find((p) => p.identity === 'cat')).toMatchObject({
      kinds: ['commit', 'discussion'],
      inPeriod: 2,
      firstAt: d('2026-01-20T00:00:00Z'),
    })
  })
  test("absence factor: CHAOSS's worked example is 2", () => {
    expect(absenceFactorOfCounts([1000, 433, 343, 332, 202, 153, 71, 65, 51, 50])).toBe(2)
    expect(absenceFactorOfCounts([1000, 433, 343, 332, 202, 153, 71, 65, 51, 50, 300])).toBe(3)
    expect(absenceFactorOfCounts([])).toBeNull()
    expect(absenceFactorOfCounts([5, 5])).toBe(1)
    expect(absenceFactorOfCounts([1, 1, 1])).toBe(2)
  })
  test('absence factor ignores merge commits, bots and other kinds of contribution', () => {
    const commits = [
      ...Array.from({ length: 10 }, (_, i) => c('bot[bot]', `2026-01-0${(i % 9) + 1}T00:00:00Z`, 'commit', { isBot: true })),
      ...Array.from({ length: 5 }, () => c('merger', '2026-01-05T00:00:00Z', 'commit', { isMerge: true })),
      ...Array.from({ length: 5 }, () => c('talker', '2026-01-05T00:00:00Z', 'comment')),
      c('ann', '2026-01-05T00:00:00Z'),
      c('bob', '2026-01-06T00:00:00Z'),
      c('cat', '2026-01-07T00:00:00Z'),
    ]
    expect(contributorAbsenceFactor(commits, jan)).toBe(2)
  })
  test('absence factor is the smallest group covering half (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 40 }), (counts) => {
        const k = absenceFactorOfCounts(counts)
        const total = counts.reduce((s, x) => s + x, 0)
        if (total === 0) {
          expect(k).toBeNull()
          return
        }
        const sorted = counts.filter((x) => x > 0).sort((a, b) => b - a)
        const top = (n: number) => sorted.slice(0, n).reduce((s, x) => s + x, 0)
        expect(top(k!) * 2).toBeGreaterThanOrEqual(total)
        if (k! > 1) expect(top(k! - 1) * 2).toBeLessThan(total)
        // order does not matter
        expect(absenceFactorOfCounts([...counts].reverse())).toBe(k)
      }),
    )
  })
})

test('maintainer activity lists every maintainer, busiest first', () => {
  const jan = range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
  const rows = maintainerActivity(
    [
      { identity: 'ann', kind: 'response', at: d('2026-01-02T00:00:00Z') },
      { identity: 'ann', kind: 'review', at: d('2026-01-02T00:00:00Z') },
      { identity: 'bob', kind: 'merge', at: d('2026-01-02T00:00:00Z') },
      { identity: 'bob', kind: 'merge', at: d('2026-01-03T00:00:00Z') },
      { identity: 'bob', kind: 'merge', at: d('2026-01-03T00:00:00Z') },
      { identity: 'bob', kind: 'merge', at: d('2025-12-03T00:00:00Z') },
      { identity: 'eve', kind: 'merge', at: d('2026-01-03T00:00:00Z') },
    ],
    ['ann', 'bob', 'cy'],
    jan,
  )
  expect(rows).toEqual([
    { identity: 'bob', responses: 0, reviews: 0, merges: 3 },
    { identity: 'ann', responses: 1, reviews: 1, merges: 0 },
    { identity: 'cy', responses: 0, reviews: 0, merges: 0 },
  ])
})

describe('on PyBaMM commit history (tests/fixtures/pybamm-commit-activity.tsv)', () => {
  // Expected numbers were computed independently (a short Python script over the same file, UTC).
  const commits: Contribution[] = readFileSync(new URL('../../../tests/fixtures/pybamm-commit-activity.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('sha\t'))
    .map((line) => {
      const [, at, author, isBot, isMerge] = line.split('\t')
      return { identity: author!, kind: 'commit', at: new Date(at!), isBot: isBot === '1', isMerge: isMerge === '1' }
    })

  test('reads every commit', () => {
    expect(commits).toHaveLength(16_239)
    expect(commits.filter((c) => c.isBot)).toHaveLength(678)
  })
  test('new contributors per year show the 2023 burst; bots are never new', () => {
    const perYear = Object.fromEntries(
      [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => [
        y,
        newContributors(commits, range(`${y}-01-01T00:00:00Z`, `${y + 1}-01-01T00:00:00Z`)).length,
      ]),
    )
    expect(perYear).toEqual({ 2019: 15, 2020: 17, 2021: 16, 2022: 17, 2023: 39, 2024: 35, 2025: 20 })
    expect(newContributors(commits, Q('2023-Q4'))).toHaveLength(17)
    const all = newContributors(commits, range('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z'))
    expect(all).toHaveLength(168)
    expect(all.some((id) => id.startsWith('bot-'))).toBe(false)
  })
  test('active, inactive and absence factor by quarter', () => {
    expect(activeContributors(commits, Q('2023-Q3'))).toHaveLength(21)
    expect(inactiveContributors(commits, Q('2023-Q3'), Q('2023-Q2'))).toHaveLength(6)
    expect(activeContributors(commits, Q('2023-Q4'))).toHaveLength(36)
    expect(contributorAbsenceFactor(commits, Q('2022-Q4'))).toBe(2)
    expect(contributorAbsenceFactor(commits, Q('2023-Q3'))).toBe(2)
    expect(contributorAbsenceFactor(commits, Q('2023-Q4'))).toBe(3)
    expect(contributorAbsenceFactor(commits, Q('2025-Q2'))).toBe(3)
  })
  test('the squash-merge switch: merge commits (excluded from the absence factor) fall away after 2023', () => {
    const share = (q: string) => {
      const inQ = commits.filter((c) => c.at >= Q(q).start && c.at < Q(q).end)
      return inQ.filter((c) => c.isMerge).length / inQ.length
    }
    expect(share('2022-Q4')).toBeCloseTo(194 / 750)
    expect(share('2024-Q4')).toBeCloseTo(27 / 181)
    expect(share('2025-Q2')).toBeCloseTo(15 / 124)
  })
})
