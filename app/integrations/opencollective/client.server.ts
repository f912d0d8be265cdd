// Talks to Open Collective's GraphQL API v2: one POST per query, with its rules for waiting.
//
// - Rate limit (opencollective-api server/routes.ts 97–137, server/lib/express-limiter.ts 20–92): a
//   fixed window per minute — 100 requests with a personal token, 10 per IP without. Every answer
//   carries X-RateLimit-Limit/-Remaining/-Reset (epoch seconds); over the limit comes a 429 with
//   `{"error":{"message":…}}` and Retry-After in seconds, often fractional ("12.345"). We wait out
//   a 429 and, when the last answer said nothing is left, wait for the reset before sending, since
//   a refused request still counts against the window.
// - 5xx, timeouts and dropped connections: retried with exponential backoff.
// - GraphQL errors come with HTTP 200 (a missing account: "Accounts not found for some of the given
//   inputs", code NotFound — input/AccountReferenceInput.ts 209–211) or 400 (a query the schema
//   refuses). They fail the query in plain words; never retried.
// - A token Open Collective does not know is a 401 whose message repeats the token
//   (middleware/authentication.ts 490–494): we never pass that message on.
// The clock and the sleep are injectable so tests never really wait.
import { getEnv } from '#app/utils/env.server.ts'

export type OpenCollectiveErrorKind = 'not-found' | 'auth' | 'graphql' | 'network' | 'http' | 'rate-limit' | 'data'

export class OpenCollectiveError extends Error {
  override name = 'OpenCollectiveError'
  constructor(
    readonly kind: OpenCollectiveErrorKind,
    /** Plain words for the connections page and the command line. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export interface OpenCollectiveRateLimit {
  limit: number
  remaining: number
  resetAt: Date
}

export interface OpenCollectiveWait {
  reason: 'rate-limit' | 'budget-spent' | 'retry'
  ms: number
  until: Date
  attempt: number
  cause?: string
}

export interface OpenCollectiveClientOptions {
  url: string
  /** a personal token (sent as `Personal-Token`); without one, the anonymous 10 requests a minute */
  token?: string
  /** per request, default 60 s (a page of 1,000 with fees can take a while) */
  timeoutMs?: number
  /** attempts for faults (5xx, timeouts, dropped connections), default 6 */
  maxAttempts?: number
  /** how many rate-limit waits one query may go through, default 10 */
  maxRateLimitWaits?: number
  /** first backoff, doubled each attempt (capped at 60 s), default 1 s */
  backoffMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
  onWait?: (notice: OpenCollectiveWait) => void
}

interface GraphqlBody<T> {
  data?: T | null
  errors?: Array<{ message?: string; extensions?: { code?: string } }>
  error?: { message?: string; type?: string }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function describeFault(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the request timed out'
    const cause = (error as { cause?: { code?: string } }).cause
    if (cause?.code) return `the connection failed (${cause.code})`
    return error.message
  }
  return String(error)
}

export class OpenCollectiveClient {
  /** HTTP requests sent, retries and refused ones included */
  requests = 0
  rateLimit: OpenCollectiveRateLimit | null = null
  private readonly options: Required<Omit<OpenCollectiveClientOptions, 'token' | 'onWait'>> &
    Pick<OpenCollectiveClientOptions, 'token' | 'onWait'>

  constructor(options: OpenCollectiveClientOptions) {
    this.options = {
      timeoutMs: 60_000,
      maxAttempts: 6,
      maxRateLimitWaits: 10,
      backoffMs: 1_000,
      now: () => Date.now(),
      sleep: realSleep,
      fetch: (...args) => fetch(...args),
      ...options,
    }
  }

  get hasToken() {
    return Boolean(this.options.token)
  }

  private async wait(notice: Omit<OpenCollectiveWait, 'until'>) {
    const ms = Math.max(0, Math.ceil(notice.ms))
    this.options.onWait?.({ ...notice, ms, until: new Date(this.options.now() + ms) })
    await this.options.sleep(ms)
  }

  private noteRateLimit(headers: Headers) {
    const limit = headers.get('x-ratelimit-limit')
    const remaining = headers.get('x-ratelimit-remaining')
    const reset = headers.get('x-ratelimit-reset')
    if (limit !== null && remaining !== null && reset !== null) {
      this.rateLimit = { limit: Number(limit), remaining: Number(remaining), resetAt: new Date(Number(reset) * 1000) }
    }
  }

  /** Until the window resets, plus a second: the reset header is rounded up to whole seconds. */
  private msUntilReset() {
    return this.rateLimit ? Math.max(0, this.rateLimit.resetAt.getTime() - this.options.now()) + 1_000 : 60_000
  }

  async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    let attempt = 0
    let rateLimitWaits = 0
    const rateLimitWait = async (reason: OpenCollectiveWait['reason'], ms: number, cause: string) => {
      rateLimitWaits += 1
      if (rateLimitWaits > this.options.maxRateLimitWaits) {
        throw new OpenCollectiveError(
          'rate-limit',
          `Open Collective kept refusing with its rate limit (${cause}); the sync stopped and will continue from here next time.`,
        )
      }
      await this.wait({ reason, ms, attempt, cause })
    }
    const fault = async (cause: string) => {
      if (attempt >= this.options.maxAttempts) {
        throw new OpenCollectiveError('network', `Could not reach Open Collective after ${attempt} attempts: ${cause}.`)
      }
      await this.wait({ reason: 'retry', ms: Math.min(60_000, this.options.backoffMs * 2 ** (attempt - 1)), attempt, cause })
    }

    for (;;) {
      if (this.rateLimit && this.rateLimit.remaining <= 0 && this.rateLimit.resetAt.getTime() > this.options.now()) {
        const ms = this.msUntilReset()
        this.rateLimit = null
        await rateLimitWait('budget-spent', ms, 'no requests left in this minute')
      }
      attempt += 1
      this.requests += 1
      let response: Response
      let body: GraphqlBody<T>
      try {
        response = await this.options.fetch(this.options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': 'steward',
            ...(this.options.token ? { 'personal-token': this.options.token } : {}),
          },
          body: JSON.stringify({ query: document, variables }),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        })
        const text = await response.text()
        try {
          body = text ? (JSON.parse(text) as GraphqlBody<T>) : {}
        } catch {
          // A cut-off answer (the connection dropped mid-body) is a fault like any other.
          body = {}
        }
      } catch (error) {
        await fault(describeFault(error))
        continue
      }

      const { status, headers } = response
      this.noteRateLimit(headers)
      if (status === 429) {
        attempt -= 1
        const retryAfter = Number(headers.get('retry-after'))
        // A new window opens only once now > reset (express-limiter.ts 63): waiting exactly
        // Retry-After lands on the boundary and earns another 429, so wait a second more.
        const ms = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 + 1_000 : this.msUntilReset()
        this.rateLimit = null
        await rateLimitWait('rate-limit', ms, `HTTP 429: ${body.error?.message ?? 'rate limit exceeded'}`)
        continue
      }
      if (status >= 500) {
        await fault(`Open Collective answered HTTP ${status}`)
        continue
      }
      if (status === 401 || status === 403) {
        throw new OpenCollectiveError(
          'auth',
          this.options.token
            ? `Open Collective refused the personal token (HTTP ${status}): it may have expired, been revoked or lack the "transactions" scope.`
            : `Open Collective refused the request (HTTP ${status}).`,
        )
      }
      const errors = body.errors ?? []
      if (errors.length > 0) {
        const words = errors.map((e) => e.message ?? e.extensions?.code ?? 'unknown error').join('; ')
        const kind = errors.some((e) => e.extensions?.code === 'NotFound') ? 'not-found' : 'graphql'
        throw new OpenCollectiveError(kind, `Open Collective answered with errors: ${words}`, errors)
      }
      if (status !== 200) {
        throw new OpenCollectiveError(
          'http',
          `Open Collective answered HTTP ${status}${body.error?.message ? `: ${body.error.message}` : ''}.`,
        )
      }
      if (!body.data) {
        await fault('Open Collective answered without data')
        continue
      }
      return body.data
    }
  }
}

/** A client for OPENCOLLECTIVE_GRAPHQL_URL (or the given url), with an optional personal token. */
export function createOpenCollectiveClient(options: Partial<OpenCollectiveClientOptions> = {}) {
  return new OpenCollectiveClient({ url: options.url ?? getEnv().OPENCOLLECTIVE_GRAPHQL_URL, ...options })
}
