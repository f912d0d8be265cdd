// A local stand-in for a Bluesky PDS (with the app view's reads), over XRPC, built from the
// published lexicons in ./lexicons (bluesky-social/atproto, lexicons/…) and the PDS's behaviour:
//
// - createSession / refreshSession: app passwords; the account password of an account with e-mail
//   sign-in codes answers 401 AuthFactorTokenRequired (the name is the lexicon's; bsky.social's
//   wording of the message is not published); wrong ones 401 AuthenticationRequired
//   "Invalid identifier or password"; createSession is limited to 30 per 5 minutes (429
//   RateLimitExceeded with RateLimit-* headers); an expired access token answers 400 ExpiredToken.
// - createRecord validates its input and the app.bsky.feed.post record with @atproto/lexicon
//   against the committed lexicons (text ≤ 300 graphemes and 3,000 bytes, datetime createdAt,
//   langs ≤ 3, facets), requires a TID record key for posts, and answers an existing key as the
//   PDS does: HTTP 500 InternalServerError (its repository tree throws "There is already a value
//   at key"), nothing written.
// - getRecord (400 RecordNotFound), getProfile, getPosts (≤ 25 uris), counts tests can change.
// - Switches for 429, 5xx, hang-ups, timeouts, and a write made before the connection drops.
// It imports nothing from the application.
import { Lexicons } from '@atproto/lexicon'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type BlueskyFault = 'rate-limit' | 'http-500' | 'http-502' | 'http-503' | 'hang-up' | 'timeout' | 'write-then-drop'

export interface FakeBlueskyRequest {
  method: string
  nsid: string
  status: number
  fault?: BlueskyFault
  params?: Record<string, string[]>
  body?: unknown
}

export interface FakeBlueskyAccount {
  did: string
  handle: string
  email?: string
  /** the account password */
  password: string
  appPasswords: string[]
  /** e-mail sign-in codes: the account password alone is refused */
  emailAuthFactor?: boolean
  followersCount: number
  followsCount: number
}

export interface FakeRecord {
  uri: string
  cid: string
  did: string
  collection: string
  rkey: string
  value: Record<string, unknown>
  indexedAt: string
  likeCount: number
  repostCount: number
  replyCount: number
  quoteCount: number
}

export interface FakeBlueskyOptions {
  accounts?: FakeBlueskyAccount[]
  now?: () => number
  /** how long an access token lives, default 2 hours */
  accessTtlMs?: number
  timeoutHoldMs?: number
}

const SESSION_LIMIT = 30
const SESSION_WINDOW_MS = 300_000
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/
const RECORD_KEY = /^[a-zA-Z0-9_~.:-]{1,512}$/

let lexicons: Lexicons | undefined
function getLexicons() {
  if (!lexicons) {
    lexicons = new Lexicons()
    const dir = new URL('./lexicons/', import.meta.url)
    for (const file of readdirSync(dir)) lexicons.add(JSON.parse(readFileSync(new URL(file, dir), 'utf8')))
  }
  return lexicons
}

/** A CID-looking string (CIDv1, dag-cbor, sha-256, base32): the same record gives the same one. */
function cidOf(value: unknown) {
  const digest = createHash('sha256').update(JSON.stringify(value)).digest()
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = ''
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i + 5 <= bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)]
  return `bafyrei${out}`
}

class XrpcFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

export async function createFakeBluesky(options: FakeBlueskyOptions = {}) {
  const now = options.now ?? (() => Date.now())
  const accessTtlMs = options.accessTtlMs ?? 2 * 3_600_000
  const accounts: FakeBlueskyAccount[] = options.accounts ?? [
    {
      did: 'did:plc:stewardtest0000000000001',
      handle: 'pybamm.bsky.social',
      email: 'comms@pybamm.example',
      password: 'account-password',
      appPasswords: ['abcd-efgh-ijkl-mnop'],
      followersCount: 812,
      followsCount: 40,
    },
  ]
  const records = new Map<string, FakeRecord>()
  const requests: FakeBlueskyRequest[] = []
  const faults: BlueskyFault[] = []
  const accessTokens = new Map<string, { did: string; expiresAt: number }>()
  const refreshTokens = new Map<string, { did: string; revoked: boolean }>()
  const sessionsCreated: number[] = []
  let tokenCounter = 0

  const findAccount = (id: string) => {
    const lower = id.toLowerCase()
    return accounts.find((a) => a.did === id || a.handle.toLowerCase() === lower || a.email?.toLowerCase() === lower)
  }

  function issueSession(account: FakeBlueskyAccount) {
    tokenCounter += 1
    const accessJwt = `fake-access.${account.did}.${tokenCounter}`
    const refreshJwt = `fake-refresh.${account.did}.${tokenCounter}`
    accessTokens.set(accessJwt, { did: account.did, expiresAt: now() + accessTtlMs })
    refreshTokens.set(refreshJwt, { did: account.did, revoked: false })
    return { accessJwt, refreshJwt, handle: account.handle, did: account.did, email: account.email, emailConfirmed: true, active: true }
  }

  function bearer(req: IncomingMessage) {
    const header = req.headers.authorization
    if (!header?.startsWith('Bearer ')) throw new XrpcFailure(401, 'AuthMissing', 'Authentication Required')
    return header.slice(7)
  }

  function requireAccess(req: IncomingMessage) {
    const session = accessTokens.get(bearer(req))
    if (!session) throw new XrpcFailure(400, 'InvalidToken', 'Token could not be verified')
    if (now() >= session.expiresAt) throw new XrpcFailure(400, 'ExpiredToken', 'Token has expired')
    return findAccount(session.did)!
  }

  function send(res: ServerResponse, status: number, body: unknown, log: FakeBlueskyRequest, headers: Record<string, string> = {}) {
    log.status = status
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    })
    res.end(text)
  }

  function profileView(account: FakeBlueskyAccount) {
    return {
      did: account.did,
      handle: account.handle,
      displayName: account.handle.split('.')[0],
      followersCount: account.followersCount,
      followsCount: account.followsCount,
      postsCount: [...records.values()].filter((r) => r.did === account.did && r.collection === 'app.bsky.feed.post').length,
      indexedAt: new Date(now()).toISOString(),
      createdAt: '2024-01-01T00:00:00.000Z',
      labels: [],
    }
  }

  function postView(record: FakeRecord) {
    const author = findAccount(record.did)!
    return {
      uri: record.uri,
      cid: record.cid,
      author: { did: author.did, handle: author.handle, displayName: author.handle.split('.')[0], labels: [] },
      record: record.value,
      replyCount: record.replyCount,
      repostCount: record.repostCount,
      likeCount: record.likeCount,
      quoteCount: record.quoteCount,
      indexedAt: record.indexedAt,
      labels: [],
    }
  }

  async function readJson(req: IncomingMessage) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    if (!raw) return undefined
    try {
      return JSON.parse(raw) as Record<string, unknown>
    } catch {
      throw new XrpcFailure(400, 'InvalidRequest', 'Request body is not valid JSON')
    }
  }

  function validate(run: () => void) {
    try {
      run()
    } catch (error) {
      throw new XrpcFailure(400, 'InvalidRequest', error instanceof Error ? error.message : String(error))
    }
  }

  /** com.atproto.repo.createRecord: the stored record, or an XrpcFailure. */
  function createRecord(req: IncomingMessage, input: Record<string, unknown> | undefined) {
    const account = requireAccess(req)
    validate(() => getLexicons().assertValidXrpcInput('com.atproto.repo.createRecord', input))
    const { repo, collection, rkey, record } = input as { repo: string; collection: string; rkey?: string; record: Record<string, unknown> }
    if (findAccount(repo)?.did !== account.did) throw new XrpcFailure(401, 'AuthenticationRequired', 'Authentication Required')
    if (record.$type !== collection)
      throw new XrpcFailure(400, 'InvalidRequest', `Invalid $type: expected ${collection}, got ${String(record.$type)}`)
    if (rkey !== undefined && !RECORD_KEY.test(rkey)) throw new XrpcFailure(400, 'InvalidRequest', `Invalid record key: ${rkey}`)
    if (collection === 'app.bsky.feed.post') {
      if (rkey !== undefined && !TID.test(rkey)) {
        throw new XrpcFailure(400, 'InvalidRequest', `Invalid record key for app.bsky.feed.post: TID syntax not valid (regex)`)
      }
      validate(() => getLexicons().assertValidRecord('app.bsky.feed.post', record))
    }
    const key = rkey ?? nextTid()
    const uri = `at://${account.did}/${collection}/${key}`
    if (records.has(uri)) {
      // what the PDS answers: its tree throws "There is already a value at key", a plain Error → 500
      throw new XrpcFailure(500, 'InternalServerError', 'Internal Server Error')
    }
    const stored: FakeRecord = {
      uri,
      cid: cidOf(record),
      did: account.did,
      collection,
      rkey: key,
      value: record,
      indexedAt: new Date(now()).toISOString(),
      likeCount: 0,
      repostCount: 0,
      replyCount: 0,
      quoteCount: 0,
    }
    records.set(uri, stored)
    return stored
  }

  let tidCounter = 0
  function nextTid() {
    const alphabet = '234567abcdefghijklmnopqrstuvwxyz'
    let value = (BigInt(now()) * 1000n + BigInt(tidCounter++ % 1000)) << 10n
    let out = ''
    for (let i = 0; i < 13; i++) {
      out = alphabet[Number(value & 31n)] + out
      value >>= 5n
    }
    return out
  }

  function rateLimitHeaders(count: number, windowStart: number): Record<string, string> {
    return {
      'ratelimit-limit': String(SESSION_LIMIT),
      'ratelimit-remaining': String(Math.max(0, SESSION_LIMIT - count)),
      'ratelimit-reset': String(Math.floor((windowStart + SESSION_WINDOW_MS) / 1000)),
      'ratelimit-policy': `${SESSION_LIMIT};w=${SESSION_WINDOW_MS / 1000}`,
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const nsid = url.pathname.replace(/^\/xrpc\//, '')
    const params: Record<string, string[]> = {}
    for (const [k, v] of url.searchParams) (params[k] ??= []).push(v)
    const log: FakeBlueskyRequest = {
      method: req.method ?? 'GET',
      nsid,
      status: 0,
      params: Object.keys(params).length ? params : undefined,
    }
    requests.push(log)
    const body = req.method === 'POST' ? await readJson(req).catch((e: unknown) => e) : undefined
    log.body = body

    const fault = faults.shift()
    log.fault = fault
    switch (fault) {
      case 'hang-up':
        req.socket.destroy()
        return
      case 'timeout':
        setTimeout(() => req.socket.destroy(), options.timeoutHoldMs ?? 2_000).unref()
        return
      case 'rate-limit':
        return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, log, rateLimitHeaders(SESSION_LIMIT, now()))
      case 'http-500':
        return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' }, log)
      case 'http-502':
        return send(res, 502, { error: 'UpstreamFailure', message: 'Upstream Failure' }, log)
      case 'http-503':
        return send(res, 503, { error: 'NotEnoughResources', message: 'Service Unavailable' }, log)
      default:
        break
    }
    if (body instanceof XrpcFailure) throw body

    const input = body as Record<string, unknown> | undefined
    switch (`${req.method} ${nsid}`) {
      case 'POST com.atproto.server.createSession': {
        const windowStart = now() - SESSION_WINDOW_MS
        while (sessionsCreated.length && sessionsCreated[0] <= windowStart) sessionsCreated.shift()
        if (sessionsCreated.length >= SESSION_LIMIT) {
          return send(
            res,
            429,
            { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
            log,
            rateLimitHeaders(sessionsCreated.length, sessionsCreated[0]),
          )
        }
        sessionsCreated.push(now())
        validate(() => getLexicons().assertValidXrpcInput('com.atproto.server.createSession', input))
        const { identifier, password, authFactorToken } = input as { identifier: string; password: string; authFactorToken?: string }
        const account = findAccount(identifier)
        if (!account) throw new XrpcFailure(401, 'AuthenticationRequired', 'Invalid identifier or password')
        if (account.appPasswords.includes(password)) return send(res, 200, issueSession(account), log)
        if (account.password !== password) throw new XrpcFailure(401, 'AuthenticationRequired', 'Invalid identifier or password')
        if (account.emailAuthFactor && !authFactorToken) {
          throw new XrpcFailure(401, 'AuthFactorTokenRequired', 'A sign in code has been sent to your email address')
        }
        return send(res, 200, issueSession(account), log)
      }
      case 'POST com.atproto.server.refreshSession': {
        const token = refreshTokens.get(bearer(req))
        if (!token) throw new XrpcFailure(400, 'InvalidToken', 'Token could not be verified')
        if (token.revoked) throw new XrpcFailure(400, 'ExpiredToken', 'Token has been revoked')
        token.revoked = true
        return send(res, 200, issueSession(findAccount(token.did)!), log)
      }
      case 'POST com.atproto.repo.createRecord': {
        const stored = createRecord(req, input)
        if (fault === 'write-then-drop') {
          log.status = 0
          req.socket.destroy()
          return
        }
        return send(
          res,
          200,
          { uri: stored.uri, cid: stored.cid, commit: { cid: cidOf(stored.uri), rev: nextTid() }, validationStatus: 'valid' },
          log,
        )
      }
      case 'GET com.atproto.repo.getRecord': {
        const [repo] = params.repo ?? []
        const [collection] = params.collection ?? []
        const [rkey] = params.rkey ?? []
        if (!repo || !collection || !rkey)
          throw new XrpcFailure(400, 'InvalidRequest', 'Params must have the properties "repo", "collection" and "rkey"')
        const did = findAccount(repo)?.did ?? repo
        const uri = `at://${did}/${collection}/${rkey}`
        const record = records.get(uri)
        if (!record) throw new XrpcFailure(400, 'RecordNotFound', `Could not locate record: ${uri}`)
        return send(res, 200, { uri, cid: record.cid, value: record.value }, log)
      }
      case 'GET app.bsky.actor.getProfile': {
        requireAccess(req)
        const account = findAccount(params.actor?.[0] ?? '')
        if (!account) throw new XrpcFailure(400, 'InvalidRequest', 'Profile not found')
        return send(res, 200, profileView(account), log)
      }
      case 'GET app.bsky.feed.getPosts': {
        requireAccess(req)
        const uris = params.uris ?? []
        validate(() => getLexicons().assertValidXrpcParams('app.bsky.feed.getPosts', { uris }))
        return send(res, 200, { posts: uris.flatMap((u) => (records.has(u) ? [postView(records.get(u)!)] : [])) }, log)
      }
      default:
        throw new XrpcFailure(501, 'MethodNotImplemented', 'Method Not Implemented')
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const log = requests.at(-1)!
      if (res.headersSent) return
      if (error instanceof XrpcFailure) return send(res, error.status, { error: error.error, message: error.message }, log)
      send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' }, log)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    records,
    accounts,
    /** createSession calls that got through, in the current 5-minute window and before */
    sessionsCreated,
    /** Every access token issued so far expires now (refresh tokens still work). */
    expireAccessTokens() {
      for (const session of accessTokens.values()) session.expiresAt = now()
    },
    /** Someone likes, reposts, replies to or quotes a post. */
    setCounts(uri: string, counts: Partial<Pick<FakeRecord, 'likeCount' | 'repostCount' | 'replyCount' | 'quoteCount'>>) {
      const record = records.get(uri)
      if (!record) throw new Error(`no record ${uri}`)
      Object.assign(record, counts)
    },
    /** Writes a record directly, as another app of the same account would. */
    putRecord(record: Omit<FakeRecord, 'cid' | 'uri' | 'indexedAt' | 'likeCount' | 'repostCount' | 'replyCount' | 'quoteCount'>) {
      const uri = `at://${record.did}/${record.collection}/${record.rkey}`
      records.set(uri, {
        ...record,
        uri,
        cid: cidOf(record.value),
        indexedAt: new Date(now()).toISOString(),
        likeCount: 0,
        repostCount: 0,
        replyCount: 0,
        quoteCount: 0,
      })
      return uri
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type FakeBluesky = Awaited<ReturnType<typeof createFakeBluesky>>
