// Failures of an outside service, sorted the way a publishing job must treat them:
// permanent ones (a revoked token, a text the network refuses) are never retried — retrying cannot
// help and may double-post; transient ones (rate limits, 5xx, timeouts, hang-ups) are retried later.

export type RemoteFailure =
  /** the credentials were refused: wrong, expired or revoked */
  | 'auth'
  /** the credentials work but lack a permission */
  | 'scope'
  /** the request itself was refused (too long, malformed) */
  | 'validation'
  /** the target exists already with different content */
  | 'conflict'
  | 'not-found'
  | 'rate-limit'
  /** the service failed (5xx) */
  | 'server'
  /** no answer: the connection failed, dropped or timed out */
  | 'network'

const TRANSIENT: ReadonlySet<RemoteFailure> = new Set(['rate-limit', 'server', 'network'])

export class RemoteError extends Error {
  override name = 'RemoteError'
  readonly kind: 'permanent' | 'transient'

  constructor(
    readonly service: string,
    readonly failure: RemoteFailure,
    /** plain words for the channel page and the command line */
    message: string,
    readonly details: {
      status?: number
      /** the service's own error name or message */
      code?: string
      /** when a rate limit lifts, as the service said */
      retryAt?: Date
      cause?: unknown
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.kind = TRANSIENT.has(failure) ? 'transient' : 'permanent'
  }
}
