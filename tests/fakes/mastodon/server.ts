// A local stand-in for a Mastodon instance's REST API, built from the documentation
// (mastodon/documentation: methods/statuses.md, methods/accounts.md, methods/instance.md,
// entities/Status.md, entities/Account.md, entities/Instance.md, api/rate-limits.md).
//
// It answers like Mastodon, faults included: Bearer tokens with scopes (401 "The access token is
// invalid", 403 "This action is outside the authorized scopes"), `Idempotency-Key` kept one hour
// per account, 422 "Validation failed: …" for a blank or over-long status (counted as the server
// counts: graphemes, a link 23, `@user@domain` as `@user`), 404 "Record not found", rate-limit
// headers with an ISO 8601 reset, and switches for 429, 5xx, hang-ups, timeouts and a write that
// is made before the connection drops. It imports nothing from the application.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type MastodonFault =
  /** 429 with X-RateLimit-Reset */
  | 'rate-limit'
  | 'http-500'
  | 'http-502'
  | 'http-503'
  /** the connection drops before anything happens */
  | 'hang-up'
  /** no answer until the client gives up */
  | 'timeout'
  /** the request is carried out (a status is created), then the connection drops */
  | 'write-then-drop'

export interface FakeMastodonRequest {
  method: string
  path: string
  status: number
  fault?: MastodonFault
  idempotencyKey?: string
  body?: unknown
}

export interface FakeAccount {
  id: string
  username: string
  /** the domain for remote accounts; local ones have none */
  domain?: string
  followersCount: number
  followingCount: number
  createdAt: string
}

export interface FakeStatus {
  id: string
  accountId: string
  text: string
  visibility: string
  language: string | null
  createdAt: string
  favouritesCount: number
  reblogsCount: number
  repliesCount: number
  quotesCount: number
}

export interface FakeToken {
  accountId: string
  scopes: string[]
  revoked?: boolean
}

export interface FakeMastodonOptions {
  domain?: string
  maxCharacters?: number
  charactersReservedPerUrl?: number
  /** token → account and scopes; by default 'token' for @steward with read and write */
  tokens?: Record<string, FakeToken>
  accounts?: FakeAccount[]
  now?: () => number
  /** how long a 'timeout' holds the connection before dropping it */
  timeoutHoldMs?: number
}

const IDEMPOTENCY_TTL_MS = 3_600_000
const RATE_LIMIT = 300
const RATE_WINDOW_MS = 300_000

/** Mastodon's countable length, written from its documented rules (not from the application). */
function countableLength(text: string, perUrl: number) {
  const shortened = text
    .replace(/\b(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\/\/[^\s<>"]+[^\s<>".,;:!?'")]/gi, 'x'.repeat(perUrl))
    .replace(/(^|[^/\w])@(\w+)@[^\s@]+[^\s@.,;:!?]/gu, '$1@$2')
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(shortened)].length
}

function escapeHtml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Plain text as Mastodon renders it: a <p> per paragraph (blank line), <br /> per line break. */
function renderContent(text: string) {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br />')}</p>`)
    .join('')
}

export async function createFakeMastodon(options: FakeMastodonOptions = {}) {
  const domain = options.domain ?? 'mastodon.example'
  const now = options.now ?? (() => Date.now())
  const accounts = new Map<string, FakeAccount>()
  for (const account of options.accounts ?? [
    { id: '109000000000000001', username: 'steward', followersCount: 1234, followingCount: 56, createdAt: '2024-01-05T00:00:00.000Z' },
  ]) {
    accounts.set(account.id, account)
  }
  const firstAccountId = [...accounts.keys()][0]
  const tokens = new Map<string, FakeToken>(
    Object.entries(options.tokens ?? { token: { accountId: firstAccountId, scopes: ['read', 'write'] } }),
  )
  const statuses = new Map<string, FakeStatus>()
  const idempotency = new Map<string, { statusId: string; at: number }>()
  const requests: FakeMastodonRequest[] = []
  const faults: MastodonFault[] = []
  const instance = {
    maxCharacters: options.maxCharacters ?? 500,
    charactersReservedPerUrl: options.charactersReservedPerUrl ?? 23,
  }
  let nextStatusId = 113_000_000_000_000_001n
  let remaining = RATE_LIMIT
  let windowEnds = now() + RATE_WINDOW_MS

  const origin = () => `https://${domain}`
  const acctOf = (a: FakeAccount) => (a.domain ? `${a.username}@${a.domain}` : a.username)
  const accountUrl = (a: FakeAccount) => (a.domain ? `https://${a.domain}/@${a.username}` : `${origin()}/@${a.username}`)

  function accountJson(a: FakeAccount) {
    return {
      id: a.id,
      username: a.username,
      acct: acctOf(a),
      display_name: a.username,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: a.createdAt,
      note: '',
      url: accountUrl(a),
      uri: a.domain ? `https://${a.domain}/users/${a.username}` : `${origin()}/users/${a.username}`,
      avatar: `${origin()}/avatars/original/missing.png`,
      avatar_static: `${origin()}/avatars/original/missing.png`,
      header: `${origin()}/headers/original/missing.png`,
      header_static: `${origin()}/headers/original/missing.png`,
      followers_count: a.followersCount,
      following_count: a.followingCount,
      statuses_count: [...statuses.values()].filter((s) => s.accountId === a.id).length,
      last_status_at: null,
      emojis: [],
      fields: [],
    }
  }

  function statusJson(s: FakeStatus) {
    const account = accounts.get(s.accountId)!
    return {
      id: s.id,
      created_at: s.createdAt,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      sensitive: false,
      spoiler_text: '',
      visibility: s.visibility,
      language: s.language,
      uri: `${origin()}/users/${account.username}/statuses/${s.id}`,
      url: `${origin()}/@${account.username}/${s.id}`,
      replies_count: s.repliesCount,
      reblogs_count: s.reblogsCount,
      favourites_count: s.favouritesCount,
      quotes_count: s.quotesCount,
      edited_at: null,
      content: renderContent(s.text),
      reblog: null,
      application: { name: 'steward', website: null },
      account: accountJson(account),
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    }
  }

  function instanceJson() {
    return {
      domain,
      title: 'Fake Mastodon',
      version: '4.5.0',
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'A stand-in for tests.',
      usage: { users: { active_month: 1 } },
      languages: ['en'],
      configuration: {
        urls: { streaming: `wss://${domain}` },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: {
          max_characters: instance.maxCharacters,
          max_media_attachments: 4,
          characters_reserved_per_url: instance.charactersReservedPerUrl,
        },
        media_attachments: { supported_mime_types: ['image/jpeg', 'image/png'], image_size_limit: 16777216 },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: `admin@${domain}`, account: null },
      rules: [],
    }
  }

  function rateLimitHeaders(): Record<string, string> {
    if (now() >= windowEnds) {
      remaining = RATE_LIMIT
      windowEnds = now() + RATE_WINDOW_MS
    }
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': new Date(windowEnds).toISOString(),
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, log: FakeMastodonRequest) {
    log.status = status
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...rateLimitHeaders(),
    })
    res.end(text)
  }

  /** The token's account, or an error answer already sent. */
  function authorize(req: IncomingMessage, res: ServerResponse, log: FakeMastodonRequest, scopes: string[] | 'optional') {
    const header = req.headers.authorization
    const token = header?.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined
    if (!header && scopes === 'optional') return { accountId: undefined }
    if (!header || !token) {
      send(res, 401, { error: 'The access token is invalid' }, log)
      return undefined
    }
    if (token.revoked) {
      send(res, 401, { error: 'The access token was revoked' }, log)
      return undefined
    }
    if (scopes !== 'optional' && !scopes.some((s) => token.scopes.includes(s))) {
      send(res, 403, { error: 'This action is outside the authorized scopes' }, log)
      return undefined
    }
    return { accountId: token.accountId }
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    if (!raw) return {}
    if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>
    return Object.fromEntries(new URLSearchParams(raw))
  }

  /** POST /api/v1/statuses: the status it made (or had made under this key), or an error already sent. */
  function createStatus(
    accountId: string,
    body: Record<string, unknown>,
    key: string | undefined,
    res: ServerResponse,
    log: FakeMastodonRequest,
  ) {
    const scoped = key ? `${accountId}:${key}` : undefined
    const earlier = scoped ? idempotency.get(scoped) : undefined
    if (earlier && now() - earlier.at < IDEMPOTENCY_TTL_MS && statuses.has(earlier.statusId)) return statuses.get(earlier.statusId)!
    const text = typeof body.status === 'string' ? body.status : ''
    if (text.trim() === '') {
      send(res, 422, { error: "Validation failed: Text can't be blank" }, log)
      return undefined
    }
    if (countableLength(text, instance.charactersReservedPerUrl) > instance.maxCharacters) {
      send(res, 422, { error: `Validation failed: Text character limit of ${instance.maxCharacters} exceeded` }, log)
      return undefined
    }
    const visibility = typeof body.visibility === 'string' ? body.visibility : 'public'
    if (!['public', 'unlisted', 'private', 'direct'].includes(visibility)) {
      send(res, 422, { error: 'Validation failed: Visibility is not included in the list' }, log)
      return undefined
    }
    const status: FakeStatus = {
      id: String(nextStatusId++),
      accountId,
      text,
      visibility,
      language: typeof body.language === 'string' ? body.language : null,
      createdAt: new Date(now()).toISOString(),
      favouritesCount: 0,
      reblogsCount: 0,
      repliesCount: 0,
      quotesCount: 0,
    }
    statuses.set(status.id, status)
    if (scoped) idempotency.set(scoped, { statusId: status.id, at: now() })
    return status
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const key = req.headers['idempotency-key']
    const log: FakeMastodonRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      status: 0,
      idempotencyKey: typeof key === 'string' ? key : undefined,
    }
    requests.push(log)
    const body = req.method === 'POST' ? await readBody(req) : {}
    log.body = req.method === 'POST' ? body : undefined

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
        remaining = 0
        return send(res, 429, { error: 'Too many requests' }, log)
      case 'http-500':
      case 'http-502':
      case 'http-503':
        return send(res, Number(fault.slice(5)), { error: 'We’re sorry, but something went wrong on our end.' }, log)
      default:
        break
    }
    remaining -= 1

    let match: RegExpExecArray | null
    if (req.method === 'POST' && url.pathname === '/api/v1/statuses') {
      const auth = authorize(req, res, log, ['write', 'write:statuses'])
      if (!auth) return
      const status = createStatus(auth.accountId!, body, log.idempotencyKey, res, log)
      if (!status) return
      if (fault === 'write-then-drop') {
        log.status = 0
        req.socket.destroy()
        return
      }
      return send(res, 200, statusJson(status), log)
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/accounts/verify_credentials') {
      const auth = authorize(req, res, log, ['read', 'read:accounts', 'profile'])
      if (!auth) return
      const account = accounts.get(auth.accountId!)!
      return send(
        res,
        200,
        { ...accountJson(account), source: { privacy: 'public', sensitive: false, language: '', note: '', fields: [] } },
        log,
      )
    }
    if (req.method === 'GET' && (url.pathname === '/api/v2/instance' || url.pathname === '/api/v1/instance')) {
      return send(res, 200, url.pathname === '/api/v2/instance' ? instanceJson() : { ...instanceJson(), uri: domain }, log)
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/accounts/lookup') {
      if (!authorize(req, res, log, 'optional')) return
      const acct = (url.searchParams.get('acct') ?? '').replace(/^@/, '').toLowerCase()
      const [username, host] = acct.split('@')
      const account = [...accounts.values()].find(
        (a) => a.username.toLowerCase() === username && (host === undefined || host === domain ? !a.domain : a.domain === host),
      )
      if (!account) return send(res, 404, { error: 'Record not found' }, log)
      return send(res, 200, accountJson(account), log)
    }
    if (req.method === 'GET' && (match = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname))) {
      // methods/accounts.md "Get account's statuses": newest first, limit default 20 max 40, max_id pages back
      if (!authorize(req, res, log, 'optional')) return
      const accountId = decodeURIComponent(match[1])
      if (!accounts.has(accountId)) return send(res, 404, { error: 'Record not found' }, log)
      const limit = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20))
      const maxId = url.searchParams.get('max_id')
      const page = [...statuses.values()]
        .filter((st) => st.accountId === accountId && (maxId === null || BigInt(st.id) < BigInt(maxId)))
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
        .slice(0, limit)
      return send(res, 200, page.map(statusJson), log)
    }
    if (req.method === 'GET' && (match = /^\/api\/v1\/statuses\/([^/]+)$/.exec(url.pathname))) {
      if (!authorize(req, res, log, 'optional')) return
      const status = statuses.get(decodeURIComponent(match[1]))
      if (!status) return send(res, 404, { error: 'Record not found' }, log)
      return send(res, 200, statusJson(status), log)
    }
    return send(res, 404, { error: 'Not Found' }, log)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    statuses,
    accounts,
    tokens,
    instance,
    /** A status made on the account by other means (by hand in the web interface), at `createdAt`. */
    addStatus(text: string, createdAt: Date, accountId = firstAccountId) {
      const status: FakeStatus = {
        id: String(nextStatusId++),
        accountId,
        text,
        visibility: 'public',
        language: null,
        createdAt: createdAt.toISOString(),
        favouritesCount: 0,
        reblogsCount: 0,
        repliesCount: 0,
        quotesCount: 0,
      }
      statuses.set(status.id, status)
      return status
    },
    /** Someone favourites, boosts, replies to or quotes a status. */
    setCounts(id: string, counts: Partial<Pick<FakeStatus, 'favouritesCount' | 'reblogsCount' | 'repliesCount' | 'quotesCount'>>) {
      const status = statuses.get(id)
      if (!status) throw new Error(`no status ${id}`)
      Object.assign(status, counts)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type FakeMastodon = Awaited<ReturnType<typeof createFakeMastodon>>
