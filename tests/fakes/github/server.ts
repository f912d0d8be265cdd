// A local stand-in for GitHub's GraphQL API, for tests, benchmarks and manual runs.
//
// It executes queries with graphql-js on GitHub's published schema (@octokit/graphql-schema),
// resolving over an in-memory dataset with GitHub's semantics: connections with first/last ≤ 100,
// keyset cursors, orderBy UPDATED_AT/CREATED_AT, `since` on commit history, `rateLimit` in the
// answer and x-ratelimit-* headers. Knobs: latency, 5xx, timeouts, dropped connections, secondary
// and primary rate limits, errors beside data. It logs and counts every request.
import { schema as githubSchema } from '@octokit/graphql-schema'
import { buildClientSchema, graphql, GraphQLError, type GraphQLSchema } from 'graphql'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FakeComment, FakeDataset, FakeItem, FakeItemKind, FakeRepository } from './dataset.ts'

export type Fault =
  | 'http-500'
  | 'http-502'
  | 'drop'
  | 'timeout'
  | 'secondary-rate-limit'
  | 'secondary-rate-limit-429'
  | 'primary-rate-limit'
  | 'errors-beside-data'
  | 'transient-error'

export interface FakeRequest {
  operationName: string | null
  variables: Record<string, unknown>
  status: number
  fault?: Fault
}

export interface FakeGithubOptions {
  dataset: FakeDataset
  /** the clock the rate limit resets by; tests share a fake one with the client */
  now?: () => number
  latencyMs?: number
  /** points per hour */
  rateLimit?: number
  /** how long a 'timeout' fault holds the request before dropping it */
  timeoutHoldMs?: number
  /** the token the fake expects; unset: any token */
  token?: string
  /** the login the token belongs to (GitHub's `viewer`): it alone sees its pending reviews */
  viewer?: string
}

let cachedSchema: GraphQLSchema | undefined
/** GitHub's schema, built once per process (it is large). */
export function githubClientSchema() {
  cachedSchema ??= buildClientSchema(githubSchema.json as never)
  return cachedSchema
}

interface ConnectionArgs {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
}

const encode = (s: string) => Buffer.from(s).toString('base64')
const decode = (s: string) => Buffer.from(s, 'base64').toString()

/** GitHub's connection rules over an already-ordered list. */
function connection<T>(
  list: T[],
  args: ConnectionArgs,
  field: string,
  cursorOf: (node: T, index: number) => string,
  positionOf?: (cursor: string) => number,
) {
  for (const key of ['first', 'last'] as const) {
    const value = args[key]
    if (value !== undefined && value !== null && (value < 0 || value > 100)) {
      throw new GraphQLError(`Requesting ${value} records on the \`${field}\` connection exceeds the \`${key}\` limit of 100 records.`)
    }
  }
  const position = positionOf ?? ((cursor: string) => list.findIndex((node, i) => cursorOf(node, i) === cursor))
  let from = 0
  let to = list.length
  if (args.after) from = Math.max(0, decodeCursor(args.after, position) + 1)
  if (args.before) to = Math.min(to, decodeCursor(args.before, position))
  let slice = list.slice(from, to).map((node, i) => ({ node, index: from + i }))
  const before = slice.length
  if (typeof args.first === 'number') slice = slice.slice(0, args.first)
  if (typeof args.last === 'number') slice = slice.slice(Math.max(0, slice.length - args.last))
  const edges = slice.map(({ node, index }) => ({ node, cursor: encode(cursorOf(node, index)) }))
  return {
    totalCount: list.length,
    nodes: slice.map((s) => s.node),
    edges,
    pageInfo: {
      hasNextPage: typeof args.first === 'number' ? slice.length < before || to < list.length : to < list.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  }
}

function decodeCursor(cursor: string, position: (raw: string) => number) {
  const index = position(decode(cursor))
  if (index < 0) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`)
  return index
}

export class FakeGithub {
  readonly dataset: FakeDataset
  readonly requests: FakeRequest[] = []
  /** faults applied to the next requests, one each, in order */
  readonly faults: Fault[] = []
  latencyMs: number
  timeoutHoldMs: number
  now: () => number
  limit: number
  remaining: number
  resetAt: number
  /** Called before every request is answered; throw from it to simulate a crash elsewhere. */
  onRequest?: (request: { operationName: string | null; count: number }) => void
  private server?: Server
  private readonly token?: string
  private readonly viewer?: string
  private readonly sorted = new Map<string, FakeItem[]>()

  constructor(options: FakeGithubOptions) {
    this.dataset = options.dataset
    this.now = options.now ?? (() => Date.now())
    this.latencyMs = options.latencyMs ?? 0
    this.timeoutHoldMs = options.timeoutHoldMs ?? 2_000
    this.limit = options.rateLimit ?? 5_000
    this.remaining = this.limit
    this.resetAt = this.now() + 3_600_000
    this.token = options.token
    this.viewer = options.viewer
  }

  get url() {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('the fake GitHub is not listening')
    return `http://127.0.0.1:${address.port}/graphql`
  }

  /** Requests answered with data, by operation name (StewardIssues → 3). */
  countsByOperation() {
    const counts: Record<string, number> = {}
    for (const r of this.requests) {
      const key = r.operationName ?? 'anonymous'
      counts[key] = (counts[key] ?? 0) + 1
    }
    return counts
  }

  repository(owner: string, name: string) {
    return this.dataset.repositories.find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
    )
  }

  /** Call after changing items, so the UPDATED_AT order is recomputed. */
  invalidate() {
    this.sorted.clear()
  }

  /** Someone comments on an item now: it moves to the top of the UPDATED_AT order. */
  comment(repo: FakeRepository, kind: FakeItemKind, number: number, author: string, at: string) {
    const item = repo.items[kind].find((i) => i.number === number)
    if (!item) throw new Error(`no ${kind} ${number}`)
    item.comments.push({ id: `IC_new_${this.requests.length}_${number}_${item.comments.length}`, createdAt: at, author })
    item.updatedAt = at
    this.invalidate()
    return item
  }

  private ordered(repo: FakeRepository, kind: FakeItemKind, field: string, direction: string) {
    const key = `${repo.id}|${kind}|${field}|${direction}`
    let list = this.sorted.get(key)
    if (!list) {
      const by = field === 'CREATED_AT' ? 'createdAt' : 'updatedAt'
      const sign = direction === 'ASC' ? 1 : -1
      list = [...repo.items[kind]].sort((a, b) => (a[by] === b[by] ? a.number - b.number : a[by] < b[by] ? -1 : 1) * sign)
      this.sorted.set(key, list)
    }
    return list
  }

  private actor(login: string | null | undefined) {
    if (!login) return null
    const bot = this.dataset.bots.has(login)
    return { __typename: bot ? 'Bot' : 'User', login, id: `A_${login}`, url: `https://github.com/${bot ? `apps/${login}` : login}` }
  }

  private comments(repo: FakeRepository, item: FakeItem, list: FakeComment[], args: ConnectionArgs) {
    const conn = connection(list, args, 'comments', (c) => `comment:${c.id}`)
    return {
      ...conn,
      nodes: conn.nodes.map((c) => this.comment_(c)),
      edges: conn.edges.map((e) => ({ ...e, node: this.comment_(e.node) })),
    }
  }

  private comment_(c: FakeComment) {
    return { __typename: 'IssueComment', id: c.id, createdAt: c.createdAt, author: this.actor(c.author) }
  }

  private itemNode(repo: FakeRepository, item: FakeItem) {
    const base = {
      __typename: item.kind === 'issue' ? 'Issue' : item.kind === 'pull_request' ? 'PullRequest' : 'Discussion',
      id: item.id,
      number: item.number,
      title: item.title,
      url: `https://github.com/${repo.owner}/${repo.name}/${item.kind === 'issue' ? 'issues' : item.kind === 'pull_request' ? 'pull' : 'discussions'}/${item.number}`,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      closedAt: item.closedAt,
      closed: item.closedAt !== null,
      authorAssociation: item.authorAssociation,
      author: this.actor(item.author),
      labels: (args: ConnectionArgs) =>
        connection(
          item.labels.map((name) => ({ name })),
          args,
          'labels',
          (l) => `label:${l.name}`,
        ),
      comments: (args: ConnectionArgs) => this.comments(repo, item, item.comments, args),
    }
    if (item.kind === 'issue') return { ...base, state: item.closedAt ? 'CLOSED' : 'OPEN' }
    if (item.kind === 'pull_request') {
      return {
        ...base,
        state: item.mergedAt ? 'MERGED' : item.closedAt ? 'CLOSED' : 'OPEN',
        merged: Boolean(item.mergedAt),
        mergedAt: item.mergedAt ?? null,
        mergedBy: this.actor(item.mergedBy),
        reviews: (args: ConnectionArgs) => {
          // A pending review is visible to its author only (the token's owner, `viewer`).
          const visible = (item.reviews ?? []).filter(
            (r) => r.state !== 'PENDING' || (this.viewer !== undefined && r.author === this.viewer),
          )
          const conn = connection(visible, args, 'reviews', (r) => `review:${r.id}`)
          const node = (r: (typeof conn.nodes)[number]) => ({
            id: r.id,
            state: r.state,
            createdAt: r.createdAt,
            submittedAt: r.state === 'PENDING' ? null : (r.submittedAt ?? r.createdAt),
            author: this.actor(r.author),
          })
          return { ...conn, nodes: conn.nodes.map(node), edges: conn.edges.map((e) => ({ ...e, node: node(e.node) })) }
        },
      }
    }
    const answer = item.answerId ? item.comments.find((c) => c.id === item.answerId) : undefined
    return {
      ...base,
      category: { ...item.category, id: `DC_${item.category?.name}` },
      answerChosenAt: answer ? (item.answerChosenAt ?? null) : null,
      answer: answer ? this.comment_(answer) : null,
      isAnswered: item.category?.isAnswerable ? Boolean(answer) : null,
    }
  }

  private items(
    repo: FakeRepository,
    kind: FakeItemKind,
    args: ConnectionArgs & { orderBy?: { field: string; direction: string }; states?: string[] },
  ) {
    const field = args.orderBy?.field ?? 'CREATED_AT'
    const direction = args.orderBy?.direction ?? 'ASC'
    let list = this.ordered(repo, kind, field, direction)
    if (args.states?.length && kind !== 'discussion') {
      list = list.filter((i) => args.states!.includes(i.mergedAt ? 'MERGED' : i.closedAt ? 'CLOSED' : 'OPEN'))
    }
    const by = field === 'CREATED_AT' ? 'createdAt' : 'updatedAt'
    const sign = direction === 'ASC' ? 1 : -1
    // Keyset cursors (time, number): stable while items move to the top of the order.
    const cursorOf = (i: FakeItem) => `${i[by]}|${i.number}`
    const positionOf = (raw: string) => {
      const [time, num] = raw.split('|')
      const n = Number(num)
      const exact = list.findIndex((i) => i.number === n && i[by] === time)
      if (exact >= 0) return exact
      // The item moved since: continue after where it was.
      const next = list.findIndex((i) => (i[by] === time ? i.number - n : i[by] < time ? -1 : 1) * sign > 0)
      return (next < 0 ? list.length : next) - 1
    }
    const conn = connection(
      list,
      args,
      kind === 'issue' ? 'issues' : kind === 'pull_request' ? 'pullRequests' : 'discussions',
      cursorOf,
      positionOf,
    )
    const node = (i: FakeItem) => this.itemNode(repo, i)
    return { ...conn, nodes: conn.nodes.map(node), edges: conn.edges.map((e) => ({ ...e, node: node(e.node) })) }
  }

  private history(repo: FakeRepository, args: ConnectionArgs & { since?: string | null; until?: string | null }) {
    let list = repo.commits
    if (args.since) list = list.filter((c) => c.committedDate >= new Date(args.since!).toISOString().replace('.000Z', 'Z'))
    if (args.until) list = list.filter((c) => c.committedDate <= new Date(args.until!).toISOString().replace('.000Z', 'Z'))
    const conn = connection(
      list,
      args,
      'history',
      (c) => `${c.oid} ${c.committedDate}`,
      (raw) => {
        const [oid, date] = raw.split(' ')
        const exact = list.findIndex((c) => c.oid === oid)
        if (exact >= 0) return exact
        const next = list.findIndex((c) => c.committedDate < date)
        return (next < 0 ? list.length : next) - 1
      },
    )
    const node = (c: (typeof list)[number]) => ({
      __typename: 'Commit',
      oid: c.oid,
      authoredDate: c.authoredDate,
      committedDate: c.committedDate,
      author: { name: c.authorName, email: null, user: c.authorLogin ? { login: c.authorLogin } : null },
      parents: (a: ConnectionArgs) =>
        connection(
          Array.from({ length: c.parents }, (_, i) => ({ oid: `${c.oid}^${i}` })),
          a,
          'parents',
          (p) => p.oid,
        ),
    })
    return { ...conn, nodes: conn.nodes.map(node), edges: conn.edges.map((e) => ({ ...e, node: node(e.node) })) }
  }

  private repositoryNode(repo: FakeRepository) {
    return {
      id: repo.id,
      name: repo.name,
      nameWithOwner: `${repo.owner}/${repo.name}`,
      hasDiscussionsEnabled: repo.hasDiscussions,
      stargazerCount: repo.stars,
      forkCount: repo.forks,
      watchers: () => ({ totalCount: repo.watchers, nodes: [], edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } }),
      defaultBranchRef: {
        name: repo.defaultBranch,
        target: { __typename: 'Commit', history: (args: ConnectionArgs & { since?: string }) => this.history(repo, args) },
      },
      issues: (args: ConnectionArgs) => this.items(repo, 'issue', args),
      pullRequests: (args: ConnectionArgs) => this.items(repo, 'pull_request', args),
      discussions: (args: ConnectionArgs) => this.items(repo, 'discussion', args),
    }
  }

  private rollRateLimitWindow() {
    if (this.now() >= this.resetAt) {
      this.remaining = this.limit
      while (this.resetAt <= this.now()) this.resetAt += 3_600_000
    }
  }

  private rateLimitHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-used': String(this.limit - this.remaining),
      'x-ratelimit-reset': String(Math.floor(this.resetAt / 1000)),
      'x-ratelimit-resource': 'graphql',
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    })
    res.end(text)
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET') return this.send(res, 200, { status: 'ok', requests: this.requests.length })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string }
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON' })
    }
    const operationName = payload.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(payload.query ?? '')?.[1] ?? null
    const log: FakeRequest = { operationName, variables: payload.variables ?? {}, status: 200 }
    this.requests.push(log)
    this.onRequest?.({ operationName, count: this.requests.length })
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs))

    if (this.token && req.headers.authorization !== `bearer ${this.token}`) {
      log.status = 401
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' })
    }

    const fault = this.faults.shift()
    log.fault = fault
    this.rollRateLimitWindow()
    switch (fault) {
      case 'drop':
        log.status = 0
        req.socket.destroy()
        return
      case 'timeout':
        log.status = 0
        setTimeout(() => req.socket.destroy(), this.timeoutHoldMs).unref()
        return
      case 'http-500':
      case 'http-502':
        log.status = fault === 'http-500' ? 500 : 502
        return this.send(res, log.status, { message: 'Server Error' })
      case 'secondary-rate-limit':
      case 'secondary-rate-limit-429':
        log.status = fault === 'secondary-rate-limit' ? 403 : 429
        return this.send(
          res,
          log.status,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          { 'retry-after': '60', ...this.rateLimitHeaders() },
        )
      case 'primary-rate-limit':
        this.remaining = 0
        break
      default:
        break
    }
    if (this.remaining <= 0) {
      return this.send(
        res,
        200,
        { errors: [{ type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' }] },
        { ...this.rateLimitHeaders(), 'x-ratelimit-remaining': '0' },
      )
    }

    const cost = 1
    this.remaining -= cost
    const rateLimit = {
      cost,
      limit: this.limit,
      remaining: this.remaining,
      used: this.limit - this.remaining,
      nodeCount: 100,
      resetAt: new Date(this.resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }
    const result = await graphql({
      schema: githubClientSchema(),
      source: payload.query ?? '',
      variableValues: payload.variables,
      operationName: payload.operationName,
      rootValue: {
        rateLimit: () => rateLimit,
        repository: ({ owner, name }: { owner: string; name: string }) => {
          const repo = this.repository(owner, name)
          if (!repo) {
            throw Object.assign(
              new GraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, {
                extensions: { type: 'NOT_FOUND' },
              }),
            )
          }
          return this.repositoryNode(repo)
        },
      },
    })
    const body: { data?: unknown; errors?: unknown[] } = { ...(result.data !== undefined ? { data: result.data } : {}) }
    const errors: unknown[] = (result.errors ?? []).map((e) => ({
      ...(e.extensions?.type ? { type: e.extensions.type } : {}),
      message: e.message,
      path: e.path,
      locations: e.locations,
    }))
    if (fault === 'errors-beside-data')
      errors.push({ type: 'FORBIDDEN', message: 'Resource not accessible by integration', path: ['repository'] })
    if (fault === 'transient-error')
      errors.push({
        message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.',
      })
    if (errors.length) body.errors = errors
    return this.send(res, 200, body, this.rateLimitHeaders())
  }

  async start(port = 0) {
    githubClientSchema()
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) this.send(res, 500, { message: error instanceof Error ? error.message : String(error) })
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    return this
  }

  async stop() {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = undefined
  }
}

/** Starts a fake GitHub on a free port. */
export async function startFakeGithub(options: FakeGithubOptions & { port?: number }) {
  return new FakeGithub(options).start(options.port)
}
