import { randomBytes } from 'node:crypto'
import { createCookie, data, redirect } from 'react-router'
import { type Role, ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import { createSession, deleteSession, getSessionUser, SESSION_TTL_MS } from '#app/domain/accounts/sessions.server.ts'
import type { UserWithRoles } from '#app/domain/accounts/users.server.ts'
import { getEnv } from './env.server.ts'
import { memoInRequest } from './request-memo.server.ts'
import { safeRedirectPath } from './redirect.ts'

export type CurrentUser = UserWithRoles

/**
 * Whether the request reached Steward over HTTPS. The request's URL comes from Express's
 * req.protocol, which follows X-Forwarded-Proto only from a proxy TRUST_PROXY trusts.
 */
export function arrivedOverHttps(request: Request) {
  return new URL(request.url).protocol === 'https:'
}

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  if (!cookie) {
    cookie = createCookie('steward_session', {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secrets: [getEnv().SESSION_SECRET],
      maxAge: SESSION_TTL_MS / 1000,
    })
  }
  return cookie
}

/** The session token in the request's (signed) cookie, or null; its signature is checked once per page request. */
export function readSessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get('Cookie')
  return memoInRequest(`session-token ${header}`, async () => {
    const value = await sessionCookie().parse(header)
    return typeof value === 'string' && value.length > 0 ? value : null
  })
}

/**
 * The device cookie (OWASP's "device cookies"): set at each successful sign-in, signed with
 * SESSION_SECRET, naming the account and a random id. A browser that holds one for the account
 * it signs in to has a sign-in allowance of its own (login-throttle.ts).
 */
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60
let device: ReturnType<typeof createCookie> | undefined
function deviceCookie() {
  device ??= createCookie('steward_device', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secrets: [getEnv().SESSION_SECRET],
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  })
  return device
}

/** The id of the request's device cookie when it is genuine and was issued for `email`; else null. */
export async function deviceIdFor(request: Request, email: string): Promise<string | null> {
  const value: unknown = await deviceCookie().parse(request.headers.get('Cookie'))
  if (typeof value !== 'object' || value === null) return null
  const { email: issuedFor, id } = value as { email?: unknown; id?: unknown }
  if (typeof issuedFor !== 'string' || typeof id !== 'string' || id.length < 16) return null
  return issuedFor === email.trim().toLowerCase() ? id : null
}

/** A Set-Cookie value for a new device cookie for `email` (a new id at every sign-in). */
export async function newDeviceCookie(request: Request, email: string) {
  return deviceCookie().serialize(
    { email: email.trim().toLowerCase(), id: randomBytes(16).toString('base64url') },
    { secure: arrivedOverHttps(request) },
  )
}

/**
 * The signed-in user, or null. Read once per page request (the root loader and the page's loader
 * both ask; request-memo.server.ts), and once per Request object otherwise.
 */
const userCache = new WeakMap<Request, Promise<CurrentUser | null>>()
export function getUser(request: Request): Promise<CurrentUser | null> {
  let cached = userCache.get(request)
  if (!cached) {
    cached = memoInRequest(`session-user ${request.headers.get('Cookie')}`, () =>
      readSessionToken(request).then(async (token) => (token ? ((await getSessionUser(token)) ?? null) : null)),
    )
    userCache.set(request, cached)
  }
  return cached
}

/** `to` when it is a path on this site (checked against the request's origin), else `fallback`. */
export function safeRedirectTo(request: Request, to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  return safeRedirectPath(to, new URL(request.url).origin, fallback)
}

/** Sends anonymous visitors to the sign-in page, remembering where they were going. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    const search = back === '/' ? '' : `?${new URLSearchParams({ redirectTo: back })}`
    throw redirect(`/login${search}`)
  }
  return user
}

// Routes read the roles through this module with the rest of the access checks.
export { hasRole }

/** Requires any one of the roles (admin always qualifies); otherwise a 403 naming them. */
export async function requireRole(request: Request, ...roles: [Role, ...Role[]]): Promise<CurrentUser> {
  const user = await requireUser(request)
  if (!hasRole(user, ...roles)) {
    const names = roles.map((r) => ROLE_LABELS[r])
    throw data(
      {
        message: `This page needs the ${names.join(' or ')} role${names.length > 1 ? 's' : ''}. Ask an admin if you should have it.`,
        requiredRoles: roles,
      },
      { status: 403 },
    )
  }
  return user
}

export async function startUserSession(input: {
  request: Request
  userId: string
  clientAddress: string
  redirectTo?: string | null
  /** more cookies to set with the session's (the device cookie at sign-in) */
  setCookies?: string[]
}) {
  const session = await createSession({
    userId: input.userId,
    userAgent: input.request.headers.get('User-Agent'),
    clientAddress: input.clientAddress,
  })
  const headers = new Headers()
  headers.append(
    'Set-Cookie',
    await sessionCookie().serialize(session.token, { expires: session.expiresAt, secure: arrivedOverHttps(input.request) }),
  )
  for (const value of input.setCookies ?? []) headers.append('Set-Cookie', value)
  return redirect(safeRedirectTo(input.request, input.redirectTo), { headers })
}

export async function endUserSession(request: Request) {
  const token = await readSessionToken(request)
  if (token) await deleteSession(token)
  return redirect('/login', {
    headers: { 'Set-Cookie': await sessionCookie().serialize('', { maxAge: 0, secure: arrivedOverHttps(request) }) },
  })
}
