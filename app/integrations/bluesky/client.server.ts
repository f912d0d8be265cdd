// Talks to a Bluesky PDS over XRPC (plain fetch: five endpoints do not need @atproto/api, whose
// newer versions need Node 22) and returns plain data.
//
// - One session per client, made with an app password and refreshed when the PDS says the access
//   token expired: createSession is limited to 30 per 5 minutes, so never one per post.
// - A post is written with a record key derived from the post: after a crash the same key comes
//   back. A PDS answers an existing key with HTTP 500 (the repository's tree refuses the second
//   value), so after a 5xx or a lost answer the record is read back: the same text means it is
//   already published; other text under that key is a conflict.
// - Failures are sorted like Mastodon's: 400/401 permanent; 429 (RateLimit-Reset, Unix seconds),
//   5xx, timeouts and hang-ups transient.
import { callRemote, type RemoteResponse } from '#app/utils/remote-call.server.ts'
import { RemoteError, type RemoteFailure } from '#app/utils/remote-error.ts'
import { detectLinkFacets, POST_COLLECTION, postUrl } from './records.ts'

const SERVICE = 'Bluesky'
const GET_POSTS_BATCH = 25 // app.bsky.feed.getPosts: uris maxLength 25

export interface BlueskySession {
  did: string
  handle: string
  accessJwt: string
  refreshJwt: string
}

export interface BlueskyClientOptions {
  serviceUrl?: string
  /** handle, DID or e-mail */
  identifier: string
  /** an app password (Settings → Privacy and security → App passwords) */
  appPassword: string
  /** a session kept from an earlier run, so a new process does not sign in again */
  session?: BlueskySession
  /** told about every new or refreshed session, to keep it (encrypted) for the next run */
  onSession?: (session: BlueskySession) => void
  timeoutMs?: number
  fetch?: typeof fetch
}

export interface PublishedPost {
  uri: string
  cid: string
  url: string
  /** true when the record was already there with the same text (an earlier attempt got through) */
  alreadyPublished: boolean
}

export interface BlueskyProfile {
  did: string
  handle: string
  followersCount: number
  followsCount: number
  postsCount: number
}

export interface BlueskyPostCounts {
  uri: string
  likes: number
  reposts: number
  replies: number
  quotes: number
}

interface XrpcError {
  error?: string
  message?: string
}

function classify(response: RemoteResponse, doing: string): RemoteError {
  const { status, headers } = response
  const body = (response.body ?? {}) as XrpcError
  const said = [body.error, body.message].filter(Boolean).join(': ')
  const quote = said ? ` (${said})` : ''
  const details = { status, code: body.error }
  const fail = (failure: RemoteFailure, message: string, retryAt?: Date) =>
    new RemoteError(SERVICE, failure, message, { ...details, retryAt })
  if (body.error === 'AuthFactorTokenRequired') {
    return fail(
      'auth',
      'Bluesky asks for a sign-in code: this is the account password, not an app password. Create an app password and connect again.',
    )
  }
  if (body.error === 'AccountTakedown') return fail('auth', 'Bluesky has taken this account down; it cannot post.')
  if (status === 401 || body.error === 'ExpiredToken' || body.error === 'InvalidToken') {
    return fail(
      'auth',
      `Bluesky refused the sign-in while ${doing}${quote}. Check the handle and app password, or create a new app password.`,
    )
  }
  if (status === 429) {
    const reset = Number(headers.get('ratelimit-reset'))
    const retryAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined
    return fail(
      'rate-limit',
      `Bluesky's rate limit was reached while ${doing}; ${retryAt ? `it lifts at ${retryAt.toISOString()}` : 'try again later'}.`,
      retryAt,
    )
  }
  if (status >= 500)
    return fail('server', `Bluesky failed while ${doing} (HTTP ${status}${said ? `, ${said}` : ''}). It will be tried again.`)
  if (status === 404 || body.error === 'RecordNotFound' || body.error === 'NotFound')
    return fail('not-found', `Bluesky found nothing while ${doing}${quote}.`)
  return fail('validation', `Bluesky refused ${doing}${quote || ` (HTTP ${status})`}.`)
}

export function createBlueskyClient(options: BlueskyClientOptions) {
  const base = (options.serviceUrl ?? 'https://bsky.social').replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 15_000
  let session = options.session
  let signingIn: Promise<BlueskySession> | undefined
  /** createSession calls this client made: tests and logs check it stays at one */
  const stats = { sessionsCreated: 0, sessionsRefreshed: 0 }

  async function xrpc(
    method: 'GET' | 'POST',
    nsid: string,
    { params, body, token }: { params?: URLSearchParams; body?: unknown; token?: string } = {},
  ) {
    return callRemote(
      `${base}/xrpc/${nsid}${params ? `?${params}` : ''}`,
      {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'steward',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      { service: SERVICE, fetch: options.fetch, timeoutMs },
    )
  }

  function keep(next: BlueskySession) {
    session = { did: next.did, handle: next.handle, accessJwt: next.accessJwt, refreshJwt: next.refreshJwt }
    options.onSession?.(session)
    return session
  }

  async function signIn(): Promise<BlueskySession> {
    // one sign-in at a time, shared by concurrent calls
    signingIn ??= (async () => {
      stats.sessionsCreated += 1
      const response = await xrpc('POST', 'com.atproto.server.createSession', {
        body: { identifier: options.identifier, password: options.appPassword },
      })
      if (response.status !== 200) throw classify(response, 'signing in')
      return keep(response.body as BlueskySession)
    })().finally(() => {
      signingIn = undefined
    })
    return signingIn
  }

  /** A fresh access token from the refresh token; a new sign-in when that is spent too. */
  async function renew(): Promise<BlueskySession> {
    if (session) {
      stats.sessionsRefreshed += 1
      const response = await xrpc('POST', 'com.atproto.server.refreshSession', { token: session.refreshJwt })
      if (response.status === 200) return keep(response.body as BlueskySession)
      if (response.status === 429 || response.status >= 500) throw classify(response, 'refreshing the session')
    }
    return signIn()
  }

  function isExpired(response: RemoteResponse) {
    const error = (response.body as XrpcError | undefined)?.error
    return error === 'ExpiredToken' || error === 'InvalidToken' || (response.status === 401 && error !== 'AuthFactorTokenRequired')
  }

  /** A call with the session: renewed once if the PDS says the token expired. */
  async function authed(method: 'GET' | 'POST', nsid: string, args: { params?: URLSearchParams; body?: unknown } = {}) {
    const current = session ?? (await signIn())
    const response = await xrpc(method, nsid, { ...args, token: current.accessJwt })
    if (!isExpired(response)) return response
    const renewed = await renew()
    return xrpc(method, nsid, { ...args, token: renewed.accessJwt })
  }

  async function getRecordText(repo: string, rkey: string): Promise<{ uri: string; cid: string; text: unknown } | undefined> {
    const params = new URLSearchParams({ repo, collection: POST_COLLECTION, rkey })
    const response = await authed('GET', 'com.atproto.repo.getRecord', { params })
    if (response.status === 200) {
      const found = response.body as { uri: string; cid: string; value: { text?: unknown } }
      return { uri: found.uri, cid: found.cid, text: found.value?.text }
    }
    if (response.status === 400 && (response.body as XrpcError | undefined)?.error === 'RecordNotFound') return undefined
    throw classify(response, 'reading the post back')
  }

  return {
    stats,
    get session() {
      return session
    },

    /** Signs in (or reuses the session) and names the account. */
    async verifyCredentials(): Promise<{ did: string; handle: string }> {
      const current = session ?? (await signIn())
      return { did: current.did, handle: current.handle }
    },

    /**
     * Writes a post under the given record key (see deriveTid). Links get facets. Publishing the
     * same text under the same key again answers `alreadyPublished` instead of a second post.
     */
    async publishPost(input: { text: string; createdAt: Date; rkey: string; langs?: string[] }): Promise<PublishedPost> {
      const current = session ?? (await signIn())
      const facets = detectLinkFacets(input.text)
      const record = {
        $type: POST_COLLECTION,
        text: input.text,
        createdAt: input.createdAt.toISOString(),
        ...(input.langs?.length ? { langs: input.langs } : {}),
        ...(facets.length ? { facets } : {}),
      }
      let attempt: RemoteResponse | RemoteError
      try {
        attempt = await authed('POST', 'com.atproto.repo.createRecord', {
          body: { repo: current.did, collection: POST_COLLECTION, rkey: input.rkey, record },
        })
      } catch (error) {
        if (!(error instanceof RemoteError) || error.failure !== 'network') throw error
        attempt = error
      }
      if (!(attempt instanceof RemoteError) && attempt.status === 200) {
        const { uri, cid } = attempt.body as { uri: string; cid: string }
        return { uri, cid, url: postUrl(session!.handle, uri), alreadyPublished: false }
      }
      const failure = attempt instanceof RemoteError ? attempt : classify(attempt, 'publishing the post')
      // Only an unknown outcome (5xx, including an existing key, or no answer) is worth a look.
      if (failure.failure !== 'server' && failure.failure !== 'network') throw failure
      const existing = await getRecordText(session!.did, input.rkey).catch(() => {
        throw failure
      })
      if (!existing) throw failure
      if (existing.text !== input.text) {
        throw new RemoteError(
          SERVICE,
          'conflict',
          `Another post already has the record key ${input.rkey} on Bluesky, with different text; nothing was published. Check ${postUrl(session!.handle, existing.uri)}.`,
          { code: 'RecordKeyTaken' },
        )
      }
      return { uri: existing.uri, cid: existing.cid, url: postUrl(session!.handle, existing.uri), alreadyPublished: true }
    },

    /** A profile with its follower count (handle or DID). */
    async getProfile(actor: string): Promise<BlueskyProfile> {
      const response = await authed('GET', 'app.bsky.actor.getProfile', { params: new URLSearchParams({ actor: actor.replace(/^@/, '') }) })
      if (response.status !== 200) throw classify(response, `reading the profile of ${actor}`)
      const p = response.body as { did: string; handle: string; followersCount?: number; followsCount?: number; postsCount?: number }
      return {
        did: p.did,
        handle: p.handle,
        followersCount: p.followersCount ?? 0,
        followsCount: p.followsCount ?? 0,
        postsCount: p.postsCount ?? 0,
      }
    },

    /** Like, repost, reply and quote counts, 25 posts a request; deleted posts come back in `missing`. */
    async getPosts(uris: readonly string[]): Promise<{ posts: BlueskyPostCounts[]; missing: string[] }> {
      const found = new Map<string, BlueskyPostCounts>()
      for (let i = 0; i < uris.length; i += GET_POSTS_BATCH) {
        const params = new URLSearchParams()
        for (const uri of uris.slice(i, i + GET_POSTS_BATCH)) params.append('uris', uri)
        const response = await authed('GET', 'app.bsky.feed.getPosts', { params })
        if (response.status !== 200) throw classify(response, 'reading post counts')
        for (const p of (response.body as { posts: Array<Record<string, unknown>> }).posts) {
          const uri = p.uri as string
          found.set(uri, {
            uri,
            likes: Number(p.likeCount ?? 0),
            reposts: Number(p.repostCount ?? 0),
            replies: Number(p.replyCount ?? 0),
            quotes: Number(p.quoteCount ?? 0),
          })
        }
      }
      return {
        posts: uris.filter((u) => found.has(u)).map((u) => found.get(u)!),
        missing: uris.filter((u) => !found.has(u)),
      }
    },
  }
}
