// Writes a generated community dataset (the GitHub fake's, tests/fakes/github/dataset.ts) straight
// into the database with bulk inserts, for the benchmarks. Items go through the same mapping as the
// GitHub sync (itemRowOf / commitRowOf), so the rows look exactly like synced ones.
import { db } from '#db/client.server.ts'
import { commits, githubItemEvents, githubItems, repositories, repositorySnapshots, syncStates } from '#db/schema/community.ts'
import { commitRowOf, itemRowOf, type AnyItemNode } from '#app/integrations/github/normalize.ts'
import { COMMENTS_PER_END } from '#app/integrations/github/queries.ts'
import {
  type FakeComment,
  type FakeItem,
  type FakeRepository,
  generateRepository,
  type GenerateOptions,
} from '#tests/fakes/github/dataset.ts'

/** A generated item as GitHub's GraphQL API would return it to the sync. */
export function itemNodeOf(repo: FakeRepository, item: FakeItem, bots: ReadonlySet<string>): AnyItemNode {
  const actor = (login: string | null | undefined) => (login ? { __typename: bots.has(login) ? 'Bot' : 'User', login } : null)
  const comment = (c: FakeComment) => ({ id: c.id, createdAt: c.createdAt, author: actor(c.author) })
  const path = item.kind === 'issue' ? 'issues' : item.kind === 'pull_request' ? 'pull' : 'discussions'
  const base = {
    id: item.id,
    number: item.number,
    title: item.title,
    url: `https://github.com/${repo.owner}/${repo.name}/${path}/${item.number}`,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    closedAt: item.closedAt,
    authorAssociation: item.authorAssociation,
    author: actor(item.author),
    labels: { nodes: item.labels.map((name) => ({ name })) },
    comments: { totalCount: item.comments.length, nodes: item.comments.slice(0, COMMENTS_PER_END).map(comment) },
    latestComments: { nodes: item.comments.slice(-COMMENTS_PER_END).map(comment) },
  }
  if (item.kind === 'issue') return { ...base, state: item.closedAt ? 'CLOSED' : 'OPEN' }
  if (item.kind === 'pull_request') {
    return {
      ...base,
      state: item.mergedAt ? 'MERGED' : item.closedAt ? 'CLOSED' : 'OPEN',
      mergedAt: item.mergedAt ?? null,
      mergedBy: actor(item.mergedBy),
      reviews: { nodes: (item.reviews ?? []).map((r) => ({ ...comment(r), state: r.state, submittedAt: r.createdAt })) },
    }
  }
  const answer = item.answerId ? item.comments.find((c) => c.id === item.answerId) : undefined
  return {
    ...base,
    closed: item.closedAt !== null,
    category: item.category ?? { name: 'General', isAnswerable: false },
    answerChosenAt: answer ? (item.answerChosenAt ?? null) : null,
    answer: answer ? comment(answer) : null,
  }
}

export interface SampleDataResult {
  repositoryId: string
  items: number
  events: number
  commits: number
  snapshots: number
  /** the maintainers' logins the generator used (they also carry OWNER/MEMBER/COLLABORATOR) */
  maintainers: string[]
  bots: string[]
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/**
 * Inserts one repository with its items, responses, commits, daily snapshots and a finished sync
 * state. Not idempotent by itself: callers check whether the repository exists first.
 *
 *   await insertSampleCommunityData({ owner: 'pybamm-team', name: 'PyBaMM', commits: 'fixture',
 *     issues: 1200, pullRequests: 1500, discussions: 300, end: now, alignCommitsToEnd: true })
 */
export async function insertSampleCommunityData(options: GenerateOptions & { addedById?: string | null } = {}): Promise<SampleDataResult> {
  const { repository: repo, bots, maintainers } = generateRepository(options)
  const botSet = new Set(bots)
  const end = options.end ?? new Date('2026-08-20T16:00:00Z')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(repositories)
      .values({
        owner: repo.owner,
        name: repo.name,
        nodeId: repo.id,
        defaultBranch: repo.defaultBranch,
        hasDiscussions: repo.hasDiscussions,
        addedById: options.addedById ?? null,
      })
      .returning()
    const mapped = (['issue', 'pull_request', 'discussion'] as const).flatMap((kind) =>
      repo.items[kind].map((item) => ({ kind, ...itemRowOf(kind, itemNodeOf(repo, item, botSet)) })),
    )
    const ids = new Map<string, string>()
    await insertChunked(mapped, 1000, async (chunk) => {
      const written = await tx
        .insert(githubItems)
        .values(chunk.map(({ item }) => ({ ...item, repositoryId: row.id, syncedAt: end })))
        .returning({ id: githubItems.id, nodeId: githubItems.nodeId })
      for (const w of written) ids.set(w.nodeId, w.id)
    })
    const events = mapped.flatMap(({ item, events }) => events.map((e) => ({ ...e, itemId: ids.get(item.nodeId)!, repositoryId: row.id })))
    await insertChunked(events, 4000, (chunk) => tx.insert(githubItemEvents).values(chunk))
    const commitRows = repo.commits.map((c) =>
      commitRowOf({
        oid: c.oid,
        authoredDate: c.authoredDate,
        committedDate: c.committedDate,
        author: { name: c.authorName, user: c.authorLogin ? { login: c.authorLogin } : null },
        parents: { totalCount: c.parents },
      }),
    )
    await insertChunked(commitRows, 5000, (chunk) => tx.insert(commits).values(chunk.map((c) => ({ ...c, repositoryId: row.id }))))

    // A snapshot a day for the last two years, growing towards today's counts.
    const days = 730
    const snapshots = Array.from({ length: days }, (_, i) => {
      const share = 0.55 + (0.45 * (i + 1)) / days
      const day = new Date(end.getTime() - (days - 1 - i) * 86_400_000)
      return {
        repositoryId: row.id,
        day: day.toISOString().slice(0, 10),
        stars: Math.round(repo.stars * share),
        forks: Math.round(repo.forks * share),
        watchers: Math.round(repo.watchers * (0.8 + 0.2 * share)),
        takenAt: day,
      }
    })
    await insertChunked(snapshots, 1000, (chunk) => tx.insert(repositorySnapshots).values(chunk))

    const newest = (dates: string[]) => (dates.length ? new Date(dates.reduce((a, b) => (a > b ? a : b))) : null)
    const state = (kind: 'repository' | 'issue' | 'pull_request' | 'discussion' | 'commit', total: number, watermark: Date | null) => ({
      repositoryId: row.id,
      kind,
      watermark,
      status: 'succeeded' as const,
      itemsDone: total,
      itemsTotal: total,
      requestsUsed: Math.max(1, Math.ceil(total / 100)),
      startedAt: end,
      finishedAt: end,
      lastSuccessAt: end,
      rateLimitRemaining: 4_800,
      rateLimitResetAt: new Date(end.getTime() + 3_600_000),
      updatedAt: end,
    })
    await tx
      .insert(syncStates)
      .values([
        state('repository', 1, null),
        state('issue', repo.items.issue.length, newest(repo.items.issue.map((i) => i.updatedAt))),
        state('pull_request', repo.items.pull_request.length, newest(repo.items.pull_request.map((i) => i.updatedAt))),
        state('discussion', repo.items.discussion.length, newest(repo.items.discussion.map((i) => i.updatedAt))),
        state('commit', repo.commits.length, newest(repo.commits.map((c) => c.committedDate))),
      ])
    return {
      repositoryId: row.id,
      items: mapped.length,
      events: events.length,
      commits: commitRows.length,
      snapshots: snapshots.length,
      maintainers,
      bots,
    }
  })
}
