// A local stand-in for Open Collective's GraphQL API v2, for tests, benchmarks and manual runs.
//
// It executes queries with graphql-js on schema.graphql (checked against the published schema) and
// resolves `transactions` with the semantics of opencollective-api @e3f35f58:
// - TransactionsCollectionQuery.ts: accounts by slug (a missing one is the NotFound error
//   "Accounts not found for some of the given inputs", input/AccountReferenceInput.ts 209–211),
//   children with includeChildrenTransactions, `kind`, `type`, `isRefund`, `createdAt >= dateFrom`,
//   `<= dateTo`, order by createdAt then id (766–776), offset/limit (a negative limit means 100,
//   more than 10,000 is refused, 259–267), totalCount, and `kinds` over the account filter alone.
// - interface/Transaction.js: `id` is the uuid, `legacyId` the database id, fees read from the
//   transaction or, with fetchHostFee / fetchPaymentProcessorFee / fetchTax, from the same group
//   (loaders/transactions.ts 8–133), net amounts as Transaction.calculateNetAmount… (1442–1474),
//   `isRefunded` = not a refund and linked, `refundTransaction` both ways.
// - The rate limiter of server/lib/express-limiter.ts: a fixed window opened by the first request,
//   10 a minute per IP without a token and 100 with a `Personal-Token`; X-RateLimit-Limit,
//   -Remaining, -Reset (epoch seconds, rounded up) on every answer; over the limit a 429 with
//   Retry-After in (fractional) seconds and the message of server/routes.ts 126–134.
// - An unknown personal token: 401 with the message of middleware/authentication.ts 490–494.
// - Apollo Server 4 answers: errors beside `data: null` with HTTP 200 for resolver errors, 400
//   for queries the schema refuses.
// Knobs: faults (5xx, dropped connections, hanging requests, cut-off bodies), the rate limiter on or
// off, an injectable clock, a request log. It imports no application module.
import { makeExecutableSchema } from '@graphql-tools/schema'
import { GraphQLError, GraphQLScalarType, Kind, graphql, parse, validate, type GraphQLSchema } from 'graphql'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { FakeAccount, FakeOpenCollectiveData, FakeTransaction } from './dataset.ts'

export type OpenCollectiveFault = 'http-500' | 'http-502' | 'http-503' | 'drop' | 'hang' | 'cut-body' | 'rate-limit'

export interface OpenCollectiveRequestLog {
  operationName: string | null
  variables: Record<string, unknown>
  status: number
  fault?: OpenCollectiveFault
  authenticated: boolean
}

export interface FakeOpenCollectiveOptions {
  dataset: FakeOpenCollectiveData
  /** the clock the rate-limit windows run by; tests share a fake one with the client */
  now?: () => number
  /** personal tokens the stand-in knows */
  tokens?: string[]
  /** apply the rate limiter (default true) */
  rateLimit?: boolean
  /** how long a 'hang' fault holds the request before dropping it */
  hangMs?: number
}

let cachedSchema: GraphQLSchema | undefined

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDate(ast.value) : invalidDate(ast)),
})
function parseDate(value: unknown) {
  const date = typeof value === 'string' ? new Date(value) : null
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`Value is not a valid DateTime: ${String(value)}`)
  return date
}
function invalidDate(ast: unknown): never {
  throw new GraphQLError(`Value is not a valid DateTime: ${JSON.stringify(ast)}`)
}

const FEE_KINDS_OWNER = new Set(['CONTRIBUTION', 'EXPENSE', 'ADDED_FUNDS'])

export class FakeOpenCollective {
  readonly dataset: FakeOpenCollectiveData
  readonly requests: OpenCollectiveRequestLog[] = []
  /** faults applied to the next requests, one each, in order */
  readonly faults: OpenCollectiveFault[] = []
  now: () => number
  rateLimit: boolean
  /** false: answer every kind whatever `kind` asks (a mirror or an API that ignores the filter) */
  kindFilter = true
  hangMs: number
  /** 10 a minute per IP without a token (routes.ts 113–117) */
  anonymousLimit = 10
  /** 100 a minute with a personal token (routes.ts 103–107) */
  tokenLimit = 100
  windowMs = 60_000
  private readonly tokens: Set<string>
  private readonly windows = new Map<string, { total: number; remaining: number; reset: number }>()
  private server?: Server
  private byLegacyId?: Map<number, FakeTransaction>
  private byGroup?: Map<string, FakeTransaction[]>

  constructor(options: FakeOpenCollectiveOptions) {
    this.dataset = options.dataset
    this.now = options.now ?? (() => Date.now())
    this.tokens = new Set(options.tokens ?? [])
    this.rateLimit = options.rateLimit ?? true
    this.hangMs = options.hangMs ?? 2_000
  }

  get url() {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('the fake Open Collective is not listening')
    return `http://127.0.0.1:${address.port}/graphql/v2`
  }

  /** Requests that reached GraphQL and were answered 200. */
  get answered() {
    return this.requests.filter((r) => r.status === 200).length
  }

  /** Call after changing the dataset's transactions. */
  invalidate() {
    this.byLegacyId = undefined
    this.byGroup = undefined
  }

  /** Forget the rate-limit windows (a new minute for everyone). */
  resetRateLimits() {
    this.windows.clear()
  }

  private schema() {
    cachedSchema ??= makeExecutableSchema({
      typeDefs: readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'),
      resolvers: {
        DateTime,
        Transaction: { __resolveType: (t: { type: string }) => (t.type === 'CREDIT' ? 'Credit' : 'Debit') },
        Collection: { __resolveType: () => 'TransactionCollection' },
        Account: {
          __resolveType: (a: FakeAccount) =>
            a.type === 'INDIVIDUAL' ? 'Individual' : a.type === 'ORGANIZATION' ? 'Organization' : 'Collective',
        },
        Amount: {
          value: (a: { cents: number | null }) => (a.cents === null ? null : Math.trunc(a.cents) / 100),
          valueInCents: (a: { cents: number | null }) => (a.cents === null ? null : Math.trunc(a.cents)),
          currency: (a: { currency: string }) => a.currency,
        },
      },
    })
    return cachedSchema
  }

  private indexes() {
    if (!this.byLegacyId || !this.byGroup) {
      this.byLegacyId = new Map(this.dataset.transactions.map((t) => [t.legacyId, t]))
      this.byGroup = new Map()
      for (const t of this.dataset.transactions) {
        const list = this.byGroup.get(t.group)
        if (list) list.push(t)
        else this.byGroup.set(t.group, [t])
      }
    }
    return { byLegacyId: this.byLegacyId, byGroup: this.byGroup }
  }

  /** The amount of the fee transaction of `kind` in the row's group, on the row's ledger (loaders/transactions.ts). */
  private groupFee(row: FakeTransaction, kind: string, field: 'amountInHostCurrency' | 'amount') {
    if (!FEE_KINDS_OWNER.has(row.kind)) return 0
    const match = this.indexes()
      .byGroup.get(row.group)
      ?.find((t) => t.kind === kind && t.accountSlug === row.accountSlug)
    return match ? match[field] : 0
  }

  private accountNode(slug: string, authenticated: boolean) {
    const account = this.dataset.accounts.get(slug)
    if (!account) return null
    return {
      ...account,
      // E-mail addresses: never for incognito profiles nor anonymous callers (object/Individual.ts 57–68).
      email: authenticated && !account.isIncognito ? account.email : null,
    }
  }

  private transactionNode(row: FakeTransaction, authenticated: boolean): Record<string, unknown> {
    const amount = (cents: number | null, currency: string) => ({ cents, currency })
    const fees = (args: { fetchHostFee?: boolean; fetchPaymentProcessorFee?: boolean; fetchTax?: boolean }) => {
      const hostFee = row.hostFeeInHostCurrency || (args.fetchHostFee ? this.groupFee(row, 'HOST_FEE', 'amountInHostCurrency') : 0)
      const processorFee =
        row.paymentProcessorFeeInHostCurrency ||
        (args.fetchPaymentProcessorFee ? this.groupFee(row, 'PAYMENT_PROCESSOR_FEE', 'amountInHostCurrency') : 0)
      const tax = row.taxAmount || (args.fetchTax ? this.groupFee(row, 'TAX', 'amount') : 0)
      return { hostFee, processorFee, tax }
    }
    return {
      type: row.type,
      id: row.id,
      legacyId: row.legacyId,
      publicId: row.publicId,
      uuid: row.id,
      group: row.group,
      kind: row.kind,
      refundKind: row.refundKind,
      description: () => row.description,
      amount: amount(row.amount, row.currency),
      amountInHostCurrency: amount(row.amountInHostCurrency, row.hostCurrency),
      hostCurrencyFxRate: row.hostCurrencyFxRate,
      netAmount: (args: { fetchHostFee?: boolean; fetchPaymentProcessorFee?: boolean; fetchTax?: boolean }) => {
        if (!args.fetchHostFee && !args.fetchPaymentProcessorFee && !args.fetchTax)
          return amount(row.netAmountInCollectiveCurrency, row.currency)
        const { hostFee, processorFee, tax } = fees(args)
        // Transaction.calculateNetAmountInCollectiveCurrency (models/Transaction.ts 1442–1457)
        const net = Math.round(
          (row.amountInHostCurrency + row.platformFeeInHostCurrency + hostFee + processorFee) / (row.hostCurrencyFxRate || 1) + (tax || 0),
        )
        return amount(net, row.currency)
      },
      taxAmount: (args: { fetchTax?: boolean }) => amount(fees({ fetchTax: args.fetchTax }).tax || row.taxAmount, row.currency),
      platformFee: amount(row.platformFeeInHostCurrency || 0, row.hostCurrency),
      hostFee: (args: { fetchHostFee?: boolean }) => amount(fees({ fetchHostFee: args.fetchHostFee }).hostFee || 0, row.hostCurrency),
      paymentProcessorFee: (args: { fetchPaymentProcessorFee?: boolean }) =>
        amount(fees({ fetchPaymentProcessorFee: args.fetchPaymentProcessorFee }).processorFee || 0, row.hostCurrency),
      account: () => this.accountNode(row.accountSlug, authenticated),
      oppositeAccount: () => this.accountNode(row.oppositeSlug, authenticated),
      fromAccount: () => this.accountNode(row.type === 'CREDIT' ? row.oppositeSlug : row.accountSlug, authenticated),
      toAccount: () => this.accountNode(row.type === 'CREDIT' ? row.accountSlug : row.oppositeSlug, authenticated),
      createdAt: row.createdAt,
      clearedAt: row.clearedAt ?? row.createdAt,
      order: () => (row.orderId ? (this.dataset.orders.get(row.orderId) ?? null) : null),
      isRefund: row.isRefund,
      isRefunded: !row.isRefund && row.refundTransactionId !== null,
      refundTransaction: () => {
        const linked = row.refundTransactionId === null ? undefined : this.indexes().byLegacyId.get(row.refundTransactionId)
        return linked ? this.transactionNode(linked, authenticated) : null
      },
    }
  }

  private transactions(args: Record<string, unknown>, authenticated: boolean) {
    let limit = typeof args.limit === 'number' ? args.limit : 100
    let offset = typeof args.offset === 'number' ? args.offset : 0
    if (limit < 0) limit = 100
    if (offset < 0) offset = 0
    if (limit > 10_000) throw new Error('Cannot fetch more than 10,000 transactions at the same time, please adjust the limit')
    const references = (args.account as Array<{ slug?: string; id?: string }> | null | undefined) ?? null
    let slugs: Set<string> | null = null
    if (references) {
      const found = references.map((ref) =>
        [...this.dataset.accounts.values()].find((a) => (ref.slug ? a.slug === ref.slug.toLowerCase() : a.id === ref.id)),
      )
      if (found.some((a) => !a))
        throw new GraphQLError('Accounts not found for some of the given inputs', { extensions: { code: 'NotFound' } })
      slugs = new Set(found.map((a) => a!.slug))
      if (args.includeChildrenTransactions) {
        for (const a of this.dataset.accounts.values()) if (a.parentSlug && slugs.has(a.parentSlug)) slugs.add(a.slug)
      }
    }
    const base = this.dataset.transactions.filter((t) => !slugs || slugs.has(t.accountSlug))
    const kinds = args.kind as string[] | null | undefined
    const from = args.dateFrom instanceof Date ? args.dateFrom.getTime() : null
    const to = args.dateTo instanceof Date ? args.dateTo.getTime() : null
    const rows = base.filter(
      (t) =>
        (!kinds || !this.kindFilter || kinds.includes(t.kind)) &&
        (!args.type || t.type === args.type) &&
        (args.isRefund === null || args.isRefund === undefined || t.isRefund === args.isRefund) &&
        (from === null || Date.parse(t.createdAt) >= from) &&
        (to === null || Date.parse(t.createdAt) <= to),
    )
    const order = (args.orderBy as { field: string; direction: string } | undefined) ?? { field: 'CREATED_AT', direction: 'DESC' }
    const sign = order.direction === 'ASC' ? 1 : -1
    const times = new Map(rows.map((t) => [t, Date.parse(order.field === 'EFFECTIVE_DATE' ? (t.clearedAt ?? t.createdAt) : t.createdAt)]))
    rows.sort((a, b) => (times.get(a)! - times.get(b)! || a.legacyId - b.legacyId) * sign)
    return {
      offset,
      limit,
      totalCount: rows.length,
      nodes: rows.slice(offset, offset + limit).map((t) => this.transactionNode(t, authenticated)),
      kinds: [...new Set(base.map((t) => t.kind))],
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    })
    res.end(text)
  }

  /** express-limiter.ts 54–91, for one lookup key. */
  private limit(key: string, total: number) {
    const now = this.now()
    let window = this.windows.get(key)
    if (!window || now > window.reset) window = { total, remaining: total, reset: now + this.windowMs }
    window.remaining = Math.max(window.remaining - 1, -1)
    this.windows.set(key, window)
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(window.total),
      'x-ratelimit-reset': String(Math.ceil(window.reset / 1000)),
      'x-ratelimit-remaining': String(Math.max(window.remaining, 0)),
    }
    if (window.remaining >= 0) return { headers, limited: false }
    return { headers: { ...headers, 'retry-after': String((window.reset - now) / 1000) }, limited: true }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/graphql' && path !== '/graphql/v2') return this.send(res, 404, { error: { message: 'Not found' } })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string } = {}
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    } catch {
      payload = {}
    }
    const token = req.headers['personal-token']
    const authenticated = typeof token === 'string' && this.tokens.has(token)
    const operationName = payload.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(payload.query ?? '')?.[1] ?? null
    const log: OpenCollectiveRequestLog = { operationName, variables: payload.variables ?? {}, status: 200, authenticated }
    this.requests.push(log)

    const fault = this.faults.shift()
    log.fault = fault
    switch (fault) {
      case 'drop':
        log.status = 0
        req.socket.destroy()
        return
      case 'hang':
        log.status = 0
        setTimeout(() => req.socket.destroy(), this.hangMs).unref()
        return
      case 'http-502':
      case 'http-503':
        log.status = fault === 'http-502' ? 502 : 503
        return this.send(res, log.status, '<html><body><h1>Bad gateway</h1></body></html>')
      default:
        break
    }

    if (typeof token === 'string' && !authenticated) {
      log.status = 401
      return this.send(res, 401, { error: { code: 401, type: 'unauthorized', message: `Invalid Personal Token (Api Key): ${token}` } })
    }
    let headers: Record<string, string> = {}
    if (this.rateLimit || fault === 'rate-limit') {
      const key = authenticated ? `personalToken.id:${token}` : 'ip:127.0.0.1'
      const result = this.limit(key, authenticated ? this.tokenLimit : this.anonymousLimit)
      headers = result.headers
      if (result.limited || fault === 'rate-limit') {
        log.status = 429
        const message = authenticated
          ? 'Rate limit exceeded. Contact-us to get higher limits.'
          : 'Rate limit exceeded. Create a Personal Token to get higher limits.'
        const retry = result.limited ? headers : { ...headers, 'retry-after': '12.5' }
        return this.send(res, 429, { error: { message } }, retry)
      }
    }
    if (fault === 'http-500') {
      log.status = 500
      return this.send(res, 500, { error: { code: 500, type: 'server_error', message: 'Internal server error' } }, headers)
    }

    let document
    try {
      document = parse(payload.query ?? '')
    } catch (error) {
      log.status = 400
      return this.send(res, 400, { errors: [{ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }, headers)
    }
    const invalid = validate(this.schema(), document)
    if (invalid.length > 0) {
      log.status = 400
      return this.send(
        res,
        400,
        { errors: invalid.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) },
        headers,
      )
    }
    const result = await graphql({
      schema: this.schema(),
      source: payload.query ?? '',
      variableValues: payload.variables,
      operationName: payload.operationName,
      rootValue: { transactions: (args: Record<string, unknown>) => this.transactions(args, authenticated) },
    })
    const body: Record<string, unknown> = { data: result.data ?? null }
    if (result.errors?.length) {
      body.errors = result.errors.map((e) => ({
        message: e.message,
        locations: e.locations,
        path: e.path,
        extensions: { code: (e.extensions?.code as string | undefined) ?? 'INTERNAL_SERVER_ERROR' },
      }))
    }
    if (fault === 'cut-body') {
      // The connection drops half-way through the answer.
      const text = JSON.stringify(body)
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...headers,
      })
      res.write(text.slice(0, Math.floor(text.length / 2)))
      setImmediate(() => req.socket.destroy())
      log.status = 0
      return
    }
    return this.send(res, 200, body, headers)
  }

  async start(port = 0) {
    this.schema()
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) this.send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } })
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

/** Starts a fake Open Collective on a free port of 127.0.0.1. */
export async function startFakeOpenCollective(options: FakeOpenCollectiveOptions & { port?: number }) {
  return new FakeOpenCollective(options).start(options.port)
}
