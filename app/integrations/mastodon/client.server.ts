// Talks to one Mastodon instance's REST API and returns plain data.
//
// - Publishing sends an `Idempotency-Key`: Mastodon keeps it for an hour and answers a repeat with
//   the status it already made (docs methods/statuses.md, "Post a new status").
// - Each call is one request: the publishing job decides about retries from the error's kind.
//   Permanent: 401/403 (token refused, revoked or lacking a scope), 404, 422 (text refused).
//   Transient: 429 (with `X-RateLimit-Reset`, an ISO 8601 time), 5xx, timeouts, dropped connections.
import { callRemote, type RemoteResponse } from '#app/utils/remote-call.server.ts'
import { RemoteError, type RemoteFailure } from '#app/utils/remote-error.ts'

const SERVICE = 'Mastodon'

export type MastodonVisibility = 'public' | 'unlisted' | 'private' | 'direct'

export interface MastodonClientOptions {
  /** https://fosstodon.org */
  instanceUrl: string
  /** a user token; only the public reads work without one */
  accessToken?: string
  /** per request, default 15 s */
  timeoutMs?: number
  fetch?: typeof fetch
}

export interface MastodonAccount {
  id: string
  username: string
  /** user@domain for remote accounts, user for local ones */
  acct: string
  url: string
  followersCount: number
  followingCount: number
  statusesCount: number
}

export interface MastodonInstanceLimits {
  domain: string
  version: string
  maxCharacters: number
  charactersReservedPerUrl: number
}

export interface PublishedStatus {
  id: string
  url: string
  createdAt: Date
}

export interface MastodonStatusCounts {
  id: string
  url: string | null
  favourites: number
  reblogs: number
  replies: number
  /** 0 on servers older than 4.4, which do not report quotes */
  quotes: number
}

interface ApiAccount {
  id: string
  username: string
  acct: string
  url: string
  followers_count: number
  following_count: number
  statuses_count: number
}

interface ApiStatus {
  id: string
  url: string | null
  created_at: string
  favourites_count: number
  reblogs_count: number
  replies_count: number
  quotes_count?: number
  /** HTML as the server rendered it */
  content?: string
  reblog?: unknown
}

/** A status of the account as the server shows it: its text is read back from the rendered HTML. */
export interface AccountStatus {
  id: string
  url: string
  createdAt: Date
  /** the rendered content as plain text: paragraphs and line breaks as newlines, tags dropped */
  text: string
}

/**
 * Plain text of a status's rendered HTML. Mastodon wraps paragraphs in <p>, breaks lines with <br>,
 * and splits long links into invisible/ellipsis spans whose text joined is the whole URL.
 */
export function statusPlainText(html: string) {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

interface ApiInstanceV2 {
  domain?: string
  version?: string
  configuration?: { statuses?: { max_characters?: number; characters_reserved_per_url?: number } }
}

function errorText(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error
  return typeof error === 'string' ? error : ''
}

function parseRetryAt(headers: Headers): Date | undefined {
  const reset = headers.get('x-ratelimit-reset')
  if (!reset) return undefined
  const at = new Date(reset)
  return Number.isNaN(at.getTime()) ? undefined : at
}

/** Turns a non-2xx answer into a RemoteError with plain words. */
function classify(response: RemoteResponse, doing: string): RemoteError {
  const { status, headers, body } = response
  const said = errorText(body)
  const quote = said ? `: “${said}”` : ''
  const details = { status, code: said || undefined }
  const fail = (failure: RemoteFailure, message: string, extra: { retryAt?: Date } = {}) =>
    new RemoteError(SERVICE, failure, message, { ...details, ...extra })
  if (status === 401) {
    return fail('auth', `Mastodon refused the access token while ${doing} (HTTP 401${quote}). Connect the channel again with a new token.`)
  }
  if (status === 403) {
    if (/outside the authorized scopes/i.test(said)) {
      return fail(
        'scope',
        `The Mastodon token may not do this (${doing}): it lacks a permission. Create a token with the scopes read:accounts and write:statuses and connect again.`,
      )
    }
    return fail('auth', `Mastodon refused ${doing} (HTTP 403${quote}). The account may be disabled or suspended.`)
  }
  if (status === 404) return fail('not-found', `Mastodon found nothing while ${doing} (HTTP 404${quote}).`)
  if (status === 422 || status === 400) return fail('validation', `Mastodon refused ${doing}${quote || ` (HTTP ${status})`}.`)
  if (status === 429) {
    const retryAt = parseRetryAt(headers)
    return fail(
      'rate-limit',
      `Mastodon's rate limit was reached while ${doing}; ${retryAt ? `it lifts at ${retryAt.toISOString()}` : 'it lifts within 5 minutes'}.`,
      { retryAt },
    )
  }
  if (status >= 500) return fail('server', `Mastodon failed while ${doing} (HTTP ${status}). It will be tried again.`)
  return fail('validation', `Mastodon answered HTTP ${status} while ${doing}${quote}.`)
}

function toAccount(a: ApiAccount): MastodonAccount {
  return {
    id: a.id,
    username: a.username,
    acct: a.acct,
    url: a.url,
    followersCount: a.followers_count,
    followingCount: a.following_count,
    statusesCount: a.statuses_count,
  }
}

export function createMastodonClient(options: MastodonClientOptions) {
  const base = options.instanceUrl.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 15_000

  async function call(
    method: 'GET' | 'POST',
    path: string,
    doing: string,
    { body, headers = {}, auth = true }: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
  ) {
    const response = await callRemote(
      `${base}${path}`,
      {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'steward',
          ...(auth && options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      { service: SERVICE, fetch: options.fetch, timeoutMs },
    )
    return { ...response, ok: response.status >= 200 && response.status < 300, doing }
  }

  async function expectOk<T>(result: Awaited<ReturnType<typeof call>>): Promise<T> {
    if (!result.ok) throw classify(result, result.doing)
    return result.body as T
  }

  function requireToken(doing: string) {
    if (!options.accessToken) {
      throw new RemoteError(SERVICE, 'auth', `No Mastodon access token: one is needed for ${doing}. Connect the channel with a token.`)
    }
  }

  return {
    /**
     * Checks the token: it must name an account (read:accounts or profile) and may post
     * (write:statuses). Mastodon reports no scopes of a token, so posting is probed with an empty
     * status, which it refuses with 422 "Text can't be blank" when the scope is there and with 403
     * when it is not; nothing is posted either way.
     */
    async verifyCredentials(): Promise<MastodonAccount> {
      requireToken('checking the connection')
      const account = await expectOk<ApiAccount>(await call('GET', '/api/v1/accounts/verify_credentials', 'checking the access token'))
      const probe = await call('POST', '/api/v1/statuses', 'checking that the token may post', { body: { status: '' } })
      if (probe.status !== 422) {
        // A 2xx here would mean an empty status was accepted: report it rather than hide it.
        if (probe.ok) throw new RemoteError(SERVICE, 'validation', 'Mastodon accepted an empty status while Steward checked the token.')
        throw classify(probe, probe.doing)
      }
      return toAccount(account)
    },

    /** The instance's own limits (public): `max_characters` and `characters_reserved_per_url`. */
    async getInstanceLimits(): Promise<MastodonInstanceLimits> {
      const v2 = await call('GET', '/api/v2/instance', "reading the instance's limits", { auth: false })
      // /api/v2/instance exists since Mastodon 4.0; older servers answer 404 and have /api/v1/instance.
      const result = v2.status === 404 ? await call('GET', '/api/v1/instance', "reading the instance's limits", { auth: false }) : v2
      const instance = await expectOk<ApiInstanceV2 & { uri?: string }>(result)
      const statuses = instance.configuration?.statuses
      return {
        domain: instance.domain ?? instance.uri ?? new URL(base).host,
        version: instance.version ?? '',
        maxCharacters: statuses?.max_characters ?? 500,
        charactersReservedPerUrl: statuses?.characters_reserved_per_url ?? 23,
      }
    },

    /**
     * Posts a status. The same `idempotencyKey` within an hour returns the status made the first
     * time instead of a second one — use one key per post and channel.
     */
    async publishStatus(input: {
      text: string
      idempotencyKey: string
      language?: string
      visibility?: MastodonVisibility
    }): Promise<PublishedStatus> {
      requireToken('publishing')
      const status = await expectOk<ApiStatus>(
        await call('POST', '/api/v1/statuses', 'publishing the post', {
          body: {
            status: input.text,
            visibility: input.visibility ?? 'public',
            ...(input.language ? { language: input.language } : {}),
          },
          headers: { 'idempotency-key': input.idempotencyKey },
        }),
      )
      return { id: status.id, url: status.url ?? `${base}/statuses/${status.id}`, createdAt: new Date(status.created_at) }
    },

    /** An account by its address (user or user@domain), with its follower count. */
    async lookupAccount(acct: string): Promise<MastodonAccount> {
      const query = new URLSearchParams({ acct: acct.replace(/^@/, '') })
      return toAccount(await expectOk<ApiAccount>(await call('GET', `/api/v1/accounts/lookup?${query}`, `looking up ${acct}`)))
    },

    /**
     * The account's own statuses (boosts left out) created at or after `since`, newest first
     * (`GET /api/v1/accounts/:id/statuses`, 40 a page, paged with `max_id`; docs
     * methods/accounts.md "Get account's statuses"). `complete` is false when `maxPages` ran out
     * before reaching `since`.
     */
    async listAccountStatusesSince(
      accountId: string,
      since: Date,
      maxPages = 5,
    ): Promise<{ statuses: AccountStatus[]; complete: boolean }> {
      const statuses: AccountStatus[] = []
      let maxId: string | undefined
      for (let page = 0; page < maxPages; page++) {
        const query = new URLSearchParams({ limit: '40', exclude_reblogs: 'true', ...(maxId ? { max_id: maxId } : {}) })
        const batch = await expectOk<ApiStatus[]>(
          await call('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?${query}`, "reading the account's recent posts"),
        )
        for (const s of batch) {
          const createdAt = new Date(s.created_at)
          if (createdAt < since) return { statuses, complete: true }
          if (s.reblog) continue
          statuses.push({ id: s.id, url: s.url ?? `${base}/statuses/${s.id}`, createdAt, text: statusPlainText(s.content ?? '') })
        }
        if (batch.length < 40) return { statuses, complete: true }
        maxId = batch[batch.length - 1].id
      }
      return { statuses, complete: false }
    },

    /** Engagement counts of statuses, one request each; deleted ones come back in `missing`. */
    async getStatuses(ids: readonly string[]): Promise<{ statuses: MastodonStatusCounts[]; missing: string[] }> {
      const statuses: MastodonStatusCounts[] = []
      const missing: string[] = []
      for (const id of ids) {
        const result = await call('GET', `/api/v1/statuses/${encodeURIComponent(id)}`, `reading status ${id}`)
        if (result.status === 404) {
          missing.push(id)
          continue
        }
        const s = await expectOk<ApiStatus>(result)
        statuses.push({
          id: s.id,
          url: s.url,
          favourites: s.favourites_count,
          reblogs: s.reblogs_count,
          replies: s.replies_count,
          quotes: s.quotes_count ?? 0,
        })
      }
      return { statuses, missing }
    },
  }
}
