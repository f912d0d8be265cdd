import { asc, count, eq, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { commits, githubItemEvents, githubItems, repositories, repositorySnapshots, syncStates } from '#db/schema/community.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { type FakeItem, type FakeRepository, generateRepository } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import { setupTestDatabase, truncateAll } from '#tests/setup/database.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { COMMENTS_PER_END, REVIEWS_PER_ITEM } from '#app/integrations/github/queries.ts'
import { syncRepository, type SyncRepositoryOptions } from './github-ingestion.server.ts'
import { GITHUB_ITEM_KINDS, type GithubItemKind } from './vocabulary.ts'

const getHandle = setupTestDatabase()

const SIZES = { issues: 250, pullRequests: 230, discussions: 120, commits: 350 }
let fake: FakeGithub
let clock: ReturnType<typeof fakeClock>
let bots: string[]

function freshRepository(seed = 1): FakeRepository {
  const generated = generateRepository({ ...SIZES, seed })
  bots = generated.bots
  return generated.repository
}

beforeAll(async () => {
  clock = fakeClock()
  const repository = freshRepository()
  fake = await startFakeGithub({ dataset: { repositories: [repository], bots: new Set(bots) }, now: clock.now, timeoutHoldMs: 3_000 })
  // The first query builds GitHub's schema in the fake: keep that out of the timed-out requests.
  await newClient().query('query Warm { rateLimit { remaining } }')
})
afterAll(() => fake.stop())

function useRepository(repository: FakeRepository) {
  fake.dataset.repositories.splice(0, fake.dataset.repositories.length, repository)
  fake.invalidate()
  fake.requests.length = 0
  fake.faults.length = 0
}

beforeEach(() => {
  useRepository(freshRepository())
  fake.limit = 5_000
  fake.remaining = 5_000
})

function newClient() {
  return new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep })
}

async function trackedRepository() {
  const [repo] = await db.insert(repositories).values({ owner: 'pybamm-team', name: 'PyBaMM' }).returning()
  return repo
}

async function sync(repo: typeof repositories.$inferSelect, options: Partial<SyncRepositoryOptions> = {}) {
  const client = options.client ?? newClient()
  const report = await syncRepository(repo, { client, now: clock.date, ...options })
  return { report, client, perKind: Object.fromEntries(report.kinds.map((k) => [k.kind, k.requests])) }
}

/** What the database must hold for an item, computed from the fake's data independently of the sync. */
function expectedItem(item: FakeItem) {
  const isBot = (login: string | null) => login !== null && bots.includes(login)
  const responses = [...item.comments, ...(item.reviews ?? [])]
    .filter((c) => !isBot(c.author) && !(c.author !== null && item.author !== null && c.author === item.author))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
  return {
    nodeId: item.id,
    number: item.number,
    updatedAt: item.updatedAt,
    state: item.mergedAt ? 'merged' : item.closedAt ? 'closed' : 'open',
    authorIsBot: isBot(item.author),
    firstResponseAt: responses[0]?.createdAt ?? null,
    answerChosenAt: item.answerId ? (item.answerChosenAt ?? null) : null,
  }
}

const iso = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : null)

async function expectDatabaseToMatch(repoId: string, repository: FakeRepository) {
  for (const kind of ['issue', 'pull_request', 'discussion'] as GithubItemKind[]) {
    const rows = await db.select().from(githubItems).where(eq(githubItems.kind, kind)).orderBy(asc(githubItems.number))
    const actual = rows.map((r) => ({
      nodeId: r.nodeId,
      number: r.number,
      updatedAt: iso(r.updatedAt),
      state: r.state,
      authorIsBot: r.authorIsBot,
      firstResponseAt: iso(r.firstResponseAt),
      answerChosenAt: iso(r.answerChosenAt),
    }))
    const expected = [...repository.items[kind]].sort((a, b) => a.number - b.number).map(expectedItem)
    expect(actual, kind).toEqual(expected)
    expect(rows.every((r) => r.repositoryId === repoId)).toBe(true)
  }
  const shas = await db.select({ sha: commits.sha }).from(commits).where(eq(commits.repositoryId, repoId))
  expect(shas.map((s) => s.sha).sort()).toEqual(repository.commits.map((c) => c.oid).sort())
}

describe('syncing a repository from GitHub', () => {
  it('a full sync of N items costs ceil(N/100) requests per kind and stores exactly GitHub’s data', async () => {
    const repo = await trackedRepository()
    const { report, perKind } = await sync(repo)
    expect(report.ok).toBe(true)
    expect(perKind).toEqual({ repository: 1, issue: 3, pull_request: 3, discussion: 2, commit: 4 })
    expect(report.requests).toBe(13)
    await expectDatabaseToMatch(repo.id, fake.dataset.repositories[0])

    const states = await db.select().from(syncStates).where(eq(syncStates.repositoryId, repo.id))
    const issues = states.find((s) => s.kind === 'issue')!
    expect(issues).toMatchObject({
      status: 'succeeded',
      itemsDone: 250,
      itemsTotal: 250,
      cursor: null,
      lastError: null,
      requestsUsed: 3,
      rateLimitRemaining: 5_000 - 4,
    })
    expect(states.find((s) => s.kind === 'commit')).toMatchObject({ itemsDone: 350, itemsTotal: 350, requestsUsed: 4 })

    const [snapshot] = await db.select().from(repositorySnapshots)
    expect(snapshot).toMatchObject({
      day: '2026-08-21',
      stars: fake.dataset.repositories[0].stars,
      forks: fake.dataset.repositories[0].forks,
    })
    const [updated] = await db.select().from(repositories)
    expect(updated.defaultBranch).toBe('develop')
  })

  it('syncs the 16k-commit fixture history in ceil(16239/100) requests, then in one', async () => {
    const generated = generateRepository({ issues: 10, pullRequests: 10, discussions: 10, commits: 'fixture' })
    bots = generated.bots
    useRepository(generated.repository)
    const repo = await trackedRepository()
    const { perKind } = await sync(repo, { kinds: ['repository', 'commit'] })
    expect(perKind).toEqual({ repository: 1, commit: 163 })
    const [{ n, bot, merge }] = await db
      .select({
        n: count(),
        bot: sql<number>`count(*) filter (where ${commits.isBot})`,
        merge: sql<number>`count(*) filter (where ${commits.isMerge})`,
      })
      .from(commits)
    expect([n, Number(bot), Number(merge)]).toEqual([16_239, 678, 3_875])
    expect((await sync(repo, { kinds: ['commit'] })).perKind).toEqual({ commit: 1 })
  }, 120_000)

  it('stores every comment, review and chosen answer the query reads, on its item, with all item columns', async () => {
    const repo = await trackedRepository()
    const before = clock.date()
    await sync(repo)
    const data = fake.dataset.repositories[0]
    const isBot = (login: string | null) => login !== null && bots.includes(login)
    const ends = <T>(list: T[]) => [...new Set([...list.slice(0, COMMENTS_PER_END), ...list.slice(-COMMENTS_PER_END)])]
    const expected = GITHUB_ITEM_KINDS.flatMap((kind) =>
      data.items[kind].flatMap((item) => [
        ...ends(item.comments).map((c) => ({
          item: item.id,
          kind: 'comment',
          nodeId: c.id,
          actorLogin: c.author,
          actorIsBot: isBot(c.author),
          reviewState: null,
          occurredAt: c.createdAt,
        })),
        ...(item.reviews ?? []).slice(0, REVIEWS_PER_ITEM).map((r) => ({
          item: item.id,
          kind: 'review',
          nodeId: r.id,
          actorLogin: r.author,
          actorIsBot: isBot(r.author),
          reviewState: r.state,
          occurredAt: r.createdAt,
        })),
        ...(item.answerId && item.answerChosenAt
          ? [
              {
                item: item.id,
                kind: 'answer',
                nodeId: `answer:${item.answerId}`,
                actorLogin: item.comments.find((c) => c.id === item.answerId)?.author ?? null,
                actorIsBot: isBot(item.comments.find((c) => c.id === item.answerId)?.author ?? null),
                reviewState: null,
                occurredAt: item.answerChosenAt,
              },
            ]
          : []),
      ]),
    )
    const rows = await db
      .select({
        item: githubItems.nodeId,
        repositoryId: githubItemEvents.repositoryId,
        kind: githubItemEvents.kind,
        nodeId: githubItemEvents.nodeId,
        actorLogin: githubItemEvents.actorLogin,
        actorIsBot: githubItemEvents.actorIsBot,
        reviewState: githubItemEvents.reviewState,
        occurredAt: githubItemEvents.occurredAt,
      })
      .from(githubItemEvents)
      .innerJoin(githubItems, eq(githubItems.id, githubItemEvents.itemId))
    expect(rows.every((r) => r.repositoryId === repo.id)).toBe(true)
    const byNode = (a: { nodeId: string }, b: { nodeId: string }) => (a.nodeId < b.nodeId ? -1 : 1)
    expect(rows.map(({ repositoryId: _, occurredAt, ...r }) => ({ ...r, occurredAt: iso(occurredAt) })).sort(byNode)).toEqual(
      expected.sort(byNode),
    )

    const items = await db.select().from(githubItems)
    const pr = data.items.pull_request.find((p) => p.mergedAt && p.labels.length > 0)!
    const stored = items.find((i) => i.nodeId === pr.id)!
    expect(stored).toMatchObject({
      repositoryId: repo.id,
      kind: 'pull_request',
      title: pr.title,
      authorLogin: pr.author,
      authorAssociation: pr.authorAssociation,
      labels: pr.labels,
      commentCount: pr.comments.length,
      mergedByLogin: pr.mergedBy ?? null,
    })
    expect(iso(stored.createdAt)).toBe(pr.createdAt)
    expect(iso(stored.mergedAt)).toBe(pr.mergedAt)
    const discussion = data.items.discussion.find((d) => d.category)!
    expect(items.find((i) => i.nodeId === discussion.id)).toMatchObject({
      category: discussion.category!.name,
      categoryIsAnswerable: discussion.category!.isAnswerable,
    })
    expect(items.every((i) => i.syncedAt >= before)).toBe(true)
  })

  it('keeps every event on its item’s repository (one foreign key on item and repository)', async () => {
    const repo = await trackedRepository()
    await sync(repo, { kinds: ['repository', 'issue'] })
    const [other] = await db.insert(repositories).values({ owner: 'someone', name: 'else' }).returning()
    const [item] = await db.select().from(githubItems).limit(1)
    const event = {
      itemId: item.id,
      kind: 'comment' as const,
      nodeId: 'IC_new',
      actorLogin: 'ada',
      occurredAt: new Date('2026-08-21T08:00:00Z'),
    }
    await expect(db.insert(githubItemEvents).values({ ...event, repositoryId: other.id })).rejects.toThrow()
    await db.insert(githubItemEvents).values({ ...event, repositoryId: repo.id })
  })

  it('an unchanged repository costs one request per kind', async () => {
    const repo = await trackedRepository()
    await sync(repo)
    const [{ events }] = await db.select({ events: count() }).from(githubItemEvents)
    const { report, perKind } = await sync(repo)
    expect(perKind).toEqual({ repository: 1, issue: 1, pull_request: 1, discussion: 1, commit: 1 })
    expect(report.ok).toBe(true)
    await expectDatabaseToMatch(repo.id, fake.dataset.repositories[0])
    const [{ eventsAfter }] = await db.select({ eventsAfter: count() }).from(githubItemEvents)
    expect(eventsAfter).toBe(events)
  })

  it('picks up what changed since the last sync, and new commits', async () => {
    const repo = await trackedRepository()
    await sync(repo)
    const data = fake.dataset.repositories[0]
    const waiting = data.items.issue.find((i) => i.comments.length === 0 && !i.closedAt)!
    fake.comment(data, 'issue', waiting.number, 'maintainer-a', '2026-08-21T08:00:00Z')
    fake.comment(data, 'discussion', data.items.discussion[3].number, 'newcomer-999', '2026-08-21T08:30:00Z')
    data.commits.unshift({
      oid: 'f'.repeat(40),
      authoredDate: '2026-08-21T07:00:00Z',
      committedDate: '2026-08-21T07:00:00Z',
      authorName: 'Ada',
      authorLogin: null,
      parents: 1,
    })
    const { perKind } = await sync(repo)
    expect(perKind).toEqual({ repository: 1, issue: 1, pull_request: 1, discussion: 1, commit: 1 })
    await expectDatabaseToMatch(repo.id, data)
    const [answered] = await db.select().from(githubItems).where(eq(githubItems.nodeId, waiting.id))
    expect(answered.firstResponseAt?.toISOString()).toBe('2026-08-21T08:00:00.000Z')
    expect(answered.firstResponderLogin).toBe('maintainer-a')
  })

  it('flags bots and merge commits but keeps them', async () => {
    const repo = await trackedRepository()
    await sync(repo)
    const botItems = await db.select().from(githubItems).where(eq(githubItems.authorIsBot, true))
    expect(botItems.length).toBeGreaterThan(0)
    expect(botItems.every((i) => bots.includes(i.authorLogin!))).toBe(true)
    const rows = await db.select().from(commits)
    const data = fake.dataset.repositories[0]
    expect(rows.filter((c) => c.isBot).length).toBe(data.commits.filter((c) => c.authorName.endsWith('[bot]')).length)
    expect(rows.filter((c) => c.isMerge).length).toBe(data.commits.filter((c) => c.parents > 1).length)
    expect(rows.every((c) => c.authorKey === (c.authorLogin ?? c.authorName))).toBe(true)
  })

  it('retries every kind of fault and still ends with exactly GitHub’s data', async () => {
    const repo = await trackedRepository()
    fake.faults.push(
      'http-502',
      'drop',
      'secondary-rate-limit',
      'timeout',
      'transient-error',
      'http-500',
      'primary-rate-limit',
      'secondary-rate-limit-429',
    )
    // A short timeout, so the 'timeout' fault (held for 3 s) costs one second of real time.
    const { report } = await sync(repo, {
      client: new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep, timeoutMs: 1_000 }),
    })
    expect(report.ok).toBe(true)
    // 13 pages plus one retry per fault (more only if a slow machine lets a page time out).
    expect(report.requests).toBeGreaterThanOrEqual(13 + 8)
    expect(fake.requests.filter((r) => r.fault).map((r) => r.fault)).toHaveLength(8)
    await expectDatabaseToMatch(repo.id, fake.dataset.repositories[0])
  })

  it('waits for the rate limit to reset rather than failing (fake clock)', async () => {
    const repo = await trackedRepository()
    fake.limit = 5
    fake.remaining = 5
    const start = clock.now()
    const { report, client } = await sync(repo, {
      client: new GithubClient({ url: fake.url, token: 't', now: clock.now, sleep: clock.sleep, minRemaining: 1 }),
    })
    expect(report.ok).toBe(true)
    await expectDatabaseToMatch(repo.id, fake.dataset.repositories[0])
    // 13 requests on a budget of 5 an hour: two resets waited for, without a refused request.
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * 3_600_000 - 3_600_000)
    expect(fake.requests.filter((r) => r.status !== 200)).toEqual([])
    expect(client.requests).toBe(13)
  })

  it('records errors beside data in plain words and resumes from the same page next time', async () => {
    const repo = await trackedRepository()
    // The second issues page comes back with an error beside its data.
    fake.onRequest = ({ operationName }) => {
      if (operationName === 'StewardIssues' && fake.requests.filter((r) => r.operationName === 'StewardIssues').length === 2)
        fake.faults.unshift('errors-beside-data')
    }
    const first = await sync(repo)
    fake.onRequest = undefined
    expect(first.report.ok).toBe(false)
    expect(first.report.kinds.find((k) => k.kind === 'issue')?.error).toBe(
      'GitHub answered with errors: Resource not accessible by integration',
    )
    const [state] = await db.select().from(syncStates).where(eq(syncStates.kind, 'issue'))
    expect(state).toMatchObject({
      status: 'failed',
      itemsDone: 100,
      lastError: 'GitHub answered with errors: Resource not accessible by integration',
    })
    expect(state.cursor).not.toBeNull()

    const second = await sync(repo)
    expect(second.report.ok).toBe(true)
    expect(second.perKind.issue).toBe(2)
    await expectDatabaseToMatch(repo.id, fake.dataset.repositories[0])
    const [after] = await db.select().from(syncStates).where(eq(syncStates.kind, 'issue'))
    expect(after).toMatchObject({ status: 'succeeded', itemsDone: 250, lastError: null, requestsUsed: 4 })
  })

  it('a sync killed at any page resumes without gaps or duplicates, even when items change in between', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('issue', 'pull_request', 'discussion', 'commit' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        async (kind, page, beforeCommit, changeInBetween) => {
          await truncateAll(getHandle())
          useRepository(freshRepository())
          const repo = await trackedRepository()
          const crash = new Error('killed')
          const hooks = beforeCommit
            ? {
                insidePage: (p: { kind: string; page: number }) => {
                  if (p.kind === kind && p.page === page) throw crash
                },
              }
            : {
                afterPage: (p: { kind: string; page: number }) => {
                  if (p.kind === kind && p.page === page) throw crash
                },
              }
          await sync(repo, { hooks })
          const data = fake.dataset.repositories[0]
          if (changeInBetween) {
            // Items deep in the list (not yet synced) move to the top, and a new commit lands.
            const oldest = [...data.items.issue].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1))[0]
            fake.comment(data, 'issue', oldest.number, 'maintainer-b', '2026-08-21T08:00:00Z')
            fake.comment(data, 'pull_request', data.items.pull_request[0].number, 'newcomer-777', '2026-08-21T08:05:00Z')
            data.commits.unshift({
              oid: 'e'.repeat(40),
              authoredDate: '2026-08-21T07:00:00Z',
              committedDate: '2026-08-21T07:00:00Z',
              authorName: 'Ada',
              authorLogin: 'ada',
              parents: 1,
            })
          }
          const resumed = await sync(repo)
          expect(resumed.report.ok).toBe(true)
          // One more sync catches whatever moved to the top while the run was paused.
          await sync(repo)
          await expectDatabaseToMatch(repo.id, data)
          const states = await db.select().from(syncStates)
          expect(states.every((s) => s.status === 'succeeded' && s.cursor === null)).toBe(true)
        },
      ),
      { numRuns: 10 },
    )
  }, 180_000)
})
