// A local stand-in for the GitHub Sponsors part of GitHub's GraphQL API. It executes queries with
// graphql-js on GitHub's published schema (githubClientSchema() from the GitHub fake) and resolves,
// for an Organization or a User found by `repositoryOwner`, `user` or `organization`:
// - sponsorshipsAsMaintainer(activeOnly = true, includePrivate = false, orderBy, first/last ≤ 100,
//   after/before) with totalCount and totalRecurringMonthlyPriceInCents (recurring ones only);
// - sponsorsActivities(period = MONTH, since, until, actions, includePrivate = true, orderBy):
//   without `since`/`until` only the period (30 days by default) counts; `since` is "on or after",
//   `until` "before";
// - private sponsorships and activities only for the maintainer's own token (or an organisation
//   admin's); anyone else never sees them;
// - rateLimit { cost limit remaining resetAt } and x-ratelimit-* headers;
// - GitHub's faults: 5xx, dropped connections, secondary rate limits (403/429 with retry-after),
//   the exhausted primary limit (200 with RATE_LIMITED), transient errors beside data.
// It imports no application module.
import { graphql, GraphQLError } from 'graphql'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { githubClientSchema } from '../github/server.ts'
import type { FakeMaintainer, FakeSponsorsData } from './dataset.ts'

export type SponsorsFault = 'http-502' | 'drop' | 'secondary-rate-limit' | 'primary-rate-limit' | 'transient-error'

export interface SponsorsRequestLog {
  operationName: string | null
  variables: Record<string, unknown>
  status: number
  viewer: string | null
  fault?: SponsorsFault
}

interface ConnectionArgs {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
}

const encode = (n: number) => Buffer.from(`cursor:v2:${n}`).toString('base64')
function decode(cursor: string) {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString())
  if (!match) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`)
  return Number(match[1])
}

/** GitHub's connection rules over an ordered list (index cursors: new items only ever append). */
function connection<T>(list: T[], args: ConnectionArgs, field: string) {
  if (typeof args.first !== 'number' && typeof args.last !== 'number') {
    throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`)
  }
  for (const key of ['first', 'last'] as const) {
    const value = args[key]
    if (typeof value === 'number' && (value < 0 || value > 100)) {
      throw new GraphQLError(`Requesting ${value} records on the \`${field}\` connection exceeds the \`${key}\` limit of 100 records.`)
    }
  }
  let from = args.after ? decode(args.after) + 1 : 0
  let to = args.before ? decode(args.before) : list.length
  to = Math.min(to, list.length)
  if (typeof args.first === 'number') to = Math.min(to, from + args.first)
  if (typeof args.last === 'number') from = Math.max(from, to - args.last)
  const nodes = list.slice(from, to)
  return {
    totalCount: list.length,
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: encode(from + i) })),
    pageInfo: {
      hasNextPage: to < list.length,
      hasPreviousPage: from > 0,
      startCursor: nodes.length ? encode(from) : null,
      endCursor: nodes.length ? encode(to - 1) : null,
    },
  }
}

const PERIOD_DAYS: Record<string, number | null> = { ALL: null, DAY: 1, WEEK: 7, MONTH: 30 }

export class FakeGithubSponsors {
  readonly data: FakeSponsorsData
  readonly requests: SponsorsRequestLog[] = []
  readonly faults: SponsorsFault[] = []
  now: () => number
  limit = 5_000
  remaining = 5_000
  resetAt: number
  private server?: Server

  constructor(options: { data: FakeSponsorsData; now?: () => number }) {
    this.data = options.data
    this.now = options.now ?? (() => Date.now())
    this.resetAt = this.now() + 3_600_000
  }

  get url() {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('the fake GitHub Sponsors is not listening')
    return `http://127.0.0.1:${address.port}/graphql`
  }

  private canSeePrivate(m: FakeMaintainer, viewer: string | null) {
    return viewer !== null && (viewer === m.login || m.admins.includes(viewer))
  }

  private sponsorNode(s: { login: string; type: string; name: string | null }) {
    return { __typename: s.type, login: s.login, name: s.name, id: `U_${s.login}` }
  }

  private ownerNode(m: FakeMaintainer, viewer: string | null) {
    const seesPrivate = this.canSeePrivate(m, viewer)
    return {
      __typename: m.type,
      id: `${m.type === 'User' ? 'U' : 'O'}_${m.login}`,
      login: m.login,
      name: m.name,
      hasSponsorsListing: m.hasSponsorsListing,
      monthlyEstimatedSponsorsIncomeInCents: m.sponsorships
        .filter((s) => s.isActive && !s.isOneTimePayment)
        .reduce((t, s) => t + s.tier.monthlyPriceInCents, 0),
      sponsorshipsAsMaintainer: (
        args: ConnectionArgs & { activeOnly?: boolean; includePrivate?: boolean; orderBy?: { direction: string } | null },
      ) => {
        const activeOnly = args.activeOnly ?? true
        const includePrivate = (args.includePrivate ?? false) && seesPrivate
        let list = m.sponsorships.filter((s) => (!activeOnly || s.isActive) && (s.privacyLevel === 'PUBLIC' || includePrivate))
        list = [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
        if (args.orderBy?.direction === 'DESC') list.reverse()
        const conn = connection(list, args, 'sponsorshipsAsMaintainer')
        const node = (s: (typeof list)[number]) => ({
          id: s.id,
          createdAt: s.createdAt,
          isActive: s.isActive,
          isOneTimePayment: s.isOneTimePayment,
          privacyLevel: s.privacyLevel,
          paymentSource: s.paymentSource,
          tierSelectedAt: s.tierSelectedAt,
          sponsorEntity: this.sponsorNode(s.sponsor),
          tier: s.tier,
        })
        return {
          ...conn,
          nodes: conn.nodes.map(node),
          edges: conn.edges.map((e) => ({ ...e, node: node(e.node) })),
          // the recurring ones in the whole connection, not just this page (schema.graphql 53682)
          totalRecurringMonthlyPriceInCents: list.filter((s) => !s.isOneTimePayment).reduce((t, s) => t + s.tier.monthlyPriceInCents, 0),
          totalRecurringMonthlyPriceInDollars: Math.floor(
            list.filter((s) => !s.isOneTimePayment).reduce((t, s) => t + s.tier.monthlyPriceInCents, 0) / 100,
          ),
        }
      },
      sponsorsActivities: (
        args: ConnectionArgs & {
          period?: string
          since?: string | null
          until?: string | null
          actions?: string[]
          includePrivate?: boolean
          orderBy?: { direction: string } | null
        },
      ) => {
        const includePrivate = (args.includePrivate ?? true) && seesPrivate
        let list = m.activities.filter((a) => a.privacyLevel === 'PUBLIC' || includePrivate)
        if (args.actions?.length) list = list.filter((a) => args.actions!.includes(a.action))
        if (args.since || args.until) {
          if (args.since) list = list.filter((a) => Date.parse(a.timestamp) >= Date.parse(args.since!))
          if (args.until) list = list.filter((a) => Date.parse(a.timestamp) < Date.parse(args.until!))
        } else {
          const days = PERIOD_DAYS[args.period ?? 'MONTH']
          if (days !== null) list = list.filter((a) => Date.parse(a.timestamp) >= this.now() - days * 86_400_000)
        }
        list = [...list].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.id < b.id ? -1 : 1))
        if ((args.orderBy?.direction ?? 'DESC') === 'DESC') list.reverse()
        const conn = connection(list, args, 'sponsorsActivities')
        const node = (a: (typeof list)[number]) => ({
          id: a.id,
          action: a.action,
          timestamp: a.timestamp,
          paymentSource: a.paymentSource,
          currentPrivacyLevel: a.privacyLevel,
          viaBulkSponsorship: false,
          sponsor: this.sponsorNode(a.sponsor),
          sponsorsTier: a.sponsorsTier,
          previousSponsorsTier: a.previousSponsorsTier,
        })
        return { ...conn, nodes: conn.nodes.map(node), edges: conn.edges.map((e) => ({ ...e, node: node(e.node) })) }
      },
    }
  }

  private headers(): Record<string, string> {
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
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string }
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON' })
    }
    const token = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const viewer = token ? (this.data.tokens[token] ?? null) : null
    const operationName = payload.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(payload.query ?? '')?.[1] ?? null
    const log: SponsorsRequestLog = { operationName, variables: payload.variables ?? {}, status: 200, viewer }
    this.requests.push(log)
    if (!viewer) {
      log.status = 401
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' })
    }
    if (this.now() >= this.resetAt) {
      this.remaining = this.limit
      while (this.resetAt <= this.now()) this.resetAt += 3_600_000
    }
    const fault = this.faults.shift()
    log.fault = fault
    if (fault === 'drop') {
      log.status = 0
      req.socket.destroy()
      return
    }
    if (fault === 'http-502') {
      log.status = 502
      return this.send(res, 502, { message: 'Server Error' })
    }
    if (fault === 'secondary-rate-limit') {
      log.status = 403
      return this.send(
        res,
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '60', ...this.headers() },
      )
    }
    if (fault === 'primary-rate-limit') this.remaining = 0
    if (this.remaining <= 0) {
      return this.send(
        res,
        200,
        { errors: [{ type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' }] },
        { ...this.headers(), 'x-ratelimit-remaining': '0' },
      )
    }
    this.remaining -= 1
    const rateLimit = {
      cost: 1,
      limit: this.limit,
      remaining: this.remaining,
      used: this.limit - this.remaining,
      nodeCount: 100,
      resetAt: new Date(this.resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }
    const find = (login: string, type?: string) =>
      this.data.maintainers.find((m) => m.login.toLowerCase() === login.toLowerCase() && (!type || m.type === type))
    const result = await graphql({
      schema: githubClientSchema(),
      source: payload.query ?? '',
      variableValues: payload.variables,
      operationName: payload.operationName,
      rootValue: {
        rateLimit: () => rateLimit,
        repositoryOwner: ({ login }: { login: string }) => {
          const m = find(login)
          return m ? this.ownerNode(m, viewer) : null
        },
        user: ({ login }: { login: string }) => {
          const m = find(login, 'User')
          if (!m) throw new GraphQLError(`Could not resolve to a User with the login of '${login}'.`, { extensions: { type: 'NOT_FOUND' } })
          return this.ownerNode(m, viewer)
        },
        organization: ({ login }: { login: string }) => {
          const m = find(login, 'Organization')
          if (!m)
            throw new GraphQLError(`Could not resolve to an Organization with the login of '${login}'.`, {
              extensions: { type: 'NOT_FOUND' },
            })
          return this.ownerNode(m, viewer)
        },
      },
    })
    const body: { data?: unknown; errors?: unknown[] } = { data: result.data ?? null }
    const errors: unknown[] = (result.errors ?? []).map((e) => ({
      ...(e.extensions?.type ? { type: e.extensions.type } : {}),
      message: e.message,
      path: e.path,
      locations: e.locations,
    }))
    if (fault === 'transient-error') {
      errors.push({
        message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.',
      })
    }
    if (errors.length) body.errors = errors
    return this.send(res, 200, body, this.headers())
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

export async function startFakeGithubSponsors(options: { data: FakeSponsorsData; now?: () => number; port?: number }) {
  return new FakeGithubSponsors(options).start(options.port)
}
