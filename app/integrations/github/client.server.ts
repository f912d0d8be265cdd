// Talks to GitHub's GraphQL API: one POST per query, with GitHub's rules for failing and waiting.
//
// - 5xx, timeouts (10 s) and dropped connections: retried with exponential backoff.
// - Secondary rate limits (403/429, usually with `retry-after`): waited out, then retried.
// - The primary limit (200 with a RATE_LIMITED error and `x-ratelimit-remaining: 0`): waited until
//   `x-ratelimit-reset`, then retried. Before a request, a budget below `minRemaining` points
//   also waits for the reset rather than failing part-way.
// - GraphQL `errors` beside `data` are never ignored: transient ones ("timeout", "something went
//   wrong") are retried, the others fail the query with GitHub's words.
// The clock and the sleep are injectable so tests never really wait.
import { getEnv } from '#app/utils/env.server.ts'

export type GithubErrorKind = 'configuration' | 'auth' | 'not-found' | 'graphql' | 'network' | 'http'

export class GithubError extends Error {
  override name = 'GithubError'
  constructor(
    readonly kind: GithubErrorKind,
    /** Plain words for the repositories page and the command line. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export interface RateLimitState {
  remaining: number
  resetAt: Date
  limit?: number
  /** points the last query cost */
  cost?: number
}

export interface WaitNotice {
  reason: 'primary-rate-limit' | 'secondary-rate-limit' | 'low-budget' | 'retry'
  ms: number
  until: Date
  attempt: number
  cause?: string
}

export interface GithubClientOptions {
  url: string
  token?: string
  /** per request, default 10 s (GitHub's own limit) */
  timeoutMs?: number
  /** attempts for faults (5xx, timeouts, dropped connections, transient GraphQL errors), default 6 */
  maxAttempts?: number
  /** how many rate-limit waits one query may go through before giving up, default 5 */
  maxRateLimitWaits?: number
  /** below this many points left, wait for the reset before sending, default 20 */
  minRemaining?: number
  /** first backoff, doubled each attempt (capped at 60 s), default 1 s */
  backoffMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
  onWait?: (notice: WaitNotice) => void
}

interface GraphqlBody<T> {
  data?: T | null
  errors?: Array<{ type?: string; message?: string; path?: unknown }>
  message?: string
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function describeFault(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the request timed out'
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    if (cause?.code) return `the connection failed (${cause.code})`
    return error.message
  }
  return String(error)
}

function isTransientGraphqlError(message: string) {
  return /timeout|timed out|something went wrong|try again/i.test(message)
}

export class GithubClient {
  /** HTTP requests sent, retries included. */
  requests = 0
  /** points GitHub charged, as its `rateLimit.cost` reported */
  pointsUsed = 0
  rateLimit: RateLimitState | null = null
  private readonly options: Required<Omit<GithubClientOptions, 'token' | 'onWait'>> & Pick<GithubClientOptions, 'token' | 'onWait'>

  constructor(options: GithubClientOptions) {
    this.options = {
      timeoutMs: 10_000,
      maxAttempts: 6,
      maxRateLimitWaits: 5,
      minRemaining: 20,
      backoffMs: 1_000,
      now: () => Date.now(),
      sleep: realSleep,
      fetch: (...args) => fetch(...args),
      ...options,
    }
  }

  private async wait(notice: Omit<WaitNotice, 'until'>) {
    const ms = Math.max(0, Math.ceil(notice.ms))
    this.options.onWait?.({ ...notice, ms, until: new Date(this.options.now() + ms) })
    await this.options.sleep(ms)
  }

  private backoff(attempt: number) {
    return Math.min(60_000, this.options.backoffMs * 2 ** (attempt - 1))
  }

  private noteRateLimit(headers: Headers, fromBody?: { remaining: number; resetAt: string; limit?: number; cost?: number } | null) {
    if (fromBody && typeof fromBody.remaining === 'number') {
      this.rateLimit = { remaining: fromBody.remaining, resetAt: new Date(fromBody.resetAt), limit: fromBody.limit, cost: fromBody.cost }
      if (typeof fromBody.cost === 'number') this.pointsUsed += fromBody.cost
      return
    }
    const remaining = headers.get('x-ratelimit-remaining')
    const reset = headers.get('x-ratelimit-reset')
    if (remaining !== null && reset !== null) {
      this.rateLimit = { remaining: Number(remaining), resetAt: new Date(Number(reset) * 1000) }
    }
  }

  /** How long until the primary limit resets, from the headers, else from the last known budget. */
  private msUntilReset(headers?: Headers) {
    const reset = headers?.get('x-ratelimit-reset')
    const resetAt = reset ? Number(reset) * 1000 : this.rateLimit?.resetAt.getTime()
    // One second past the reset, so the new budget is really there; a minute when GitHub says nothing.
    return resetAt ? Math.max(0, resetAt - this.options.now()) + 1_000 : 60_000
  }

  async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    if (!this.options.token) {
      throw new GithubError('configuration', 'No GitHub token: set GITHUB_TOKEN (a token that can read the repositories) and sync again.')
    }
    let attempt = 0
    let rateLimitWaits = 0
    const rateLimitWait = async (reason: WaitNotice['reason'], ms: number, cause: string) => {
      rateLimitWaits += 1
      if (rateLimitWaits > this.options.maxRateLimitWaits) {
        throw new GithubError(
          'http',
          `GitHub kept refusing with its rate limit (${cause}); the sync stopped and will continue from here next time.`,
        )
      }
      await this.wait({ reason, ms, attempt, cause })
    }
    const fault = async (cause: string) => {
      if (attempt >= this.options.maxAttempts) {
        throw new GithubError('network', `Could not reach GitHub after ${attempt} attempts: ${cause}.`)
      }
      await this.wait({ reason: 'retry', ms: this.backoff(attempt), attempt, cause })
    }

    for (;;) {
      // Spend the last points only on waiting: the budget comes back at the reset.
      if (this.rateLimit && this.rateLimit.remaining < this.options.minRemaining && this.rateLimit.resetAt.getTime() > this.options.now()) {
        const ms = this.msUntilReset()
        const left = this.rateLimit.remaining
        this.rateLimit = null
        await rateLimitWait('low-budget', ms, `${left} points left`)
      }
      attempt += 1
      this.requests += 1
      let response: Response
      let body: GraphqlBody<T>
      try {
        response = await this.options.fetch(this.options.url, {
          method: 'POST',
          headers: {
            authorization: `bearer ${this.options.token}`,
            'content-type': 'application/json',
            accept: 'application/vnd.github+json',
            'user-agent': 'steward',
          },
          body: JSON.stringify({ query: document, variables }),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        })
        const text = await response.text()
        try {
          body = text ? (JSON.parse(text) as GraphqlBody<T>) : {}
        } catch {
          body = { message: text.slice(0, 200) }
        }
      } catch (error) {
        await fault(describeFault(error))
        continue
      }

      const { status, headers } = response
      const retryAfter = headers.get('retry-after')
      const message = body.message ?? ''
      if ((status === 403 || status === 429) && (retryAfter !== null || /secondary rate limit|abuse/i.test(message))) {
        attempt -= 1
        await rateLimitWait(
          'secondary-rate-limit',
          retryAfter !== null ? Number(retryAfter) * 1000 : 60_000,
          `secondary rate limit (HTTP ${status})`,
        )
        continue
      }
      if ((status === 403 || status === 429) && headers.get('x-ratelimit-remaining') === '0') {
        attempt -= 1
        await rateLimitWait('primary-rate-limit', this.msUntilReset(headers), `rate limit exhausted (HTTP ${status})`)
        continue
      }
      if (status === 401) {
        throw new GithubError('auth', 'GitHub refused the token (HTTP 401): check GITHUB_TOKEN — it may have expired or been revoked.')
      }
      if (status >= 500) {
        await fault(`GitHub answered HTTP ${status}`)
        continue
      }
      if (status !== 200) {
        throw new GithubError('http', `GitHub answered HTTP ${status}${message ? `: ${message}` : ''}.`)
      }

      const errors = body.errors ?? []
      if (errors.some((e) => e.type === 'RATE_LIMITED')) {
        attempt -= 1
        await rateLimitWait('primary-rate-limit', this.msUntilReset(headers), 'rate limit exhausted')
        continue
      }
      this.noteRateLimit(
        headers,
        (body.data as { rateLimit?: RateLimitState & { resetAt: string } } | null | undefined)?.rateLimit as never,
      )
      if (errors.length > 0) {
        const words = errors.map((e) => e.message ?? e.type ?? 'unknown error').join('; ')
        if (errors.every((e) => isTransientGraphqlError(e.message ?? ''))) {
          await fault(`GitHub reported: ${words}`)
          continue
        }
        if (errors.some((e) => e.type === 'NOT_FOUND')) {
          throw new GithubError(
            'not-found',
            `GitHub could not find it: ${words}. Check the repository's name, and that the token can read it.`,
            errors,
          )
        }
        throw new GithubError('graphql', `GitHub answered with errors: ${words}`, errors)
      }
      if (!body.data) {
        await fault('GitHub answered without data')
        continue
      }
      return body.data
    }
  }
}

/** A client configured from the environment (GITHUB_TOKEN, GITHUB_GRAPHQL_URL). */
export function createGithubClient(options: Partial<GithubClientOptions> = {}) {
  const env = getEnv()
  return new GithubClient({ url: env.GITHUB_GRAPHQL_URL, token: env.GITHUB_TOKEN, ...options })
}
