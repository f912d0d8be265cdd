import { createCookie, data, redirect } from 'react-router'
import { type Role, ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { hasRole } from '#app/domain/accounts/permissions.ts'
import { createSession, deleteSession, getSessionUser, SESSION_TTL_MS } from '#app/domain/accounts/sessions.server.ts'
import type { UserWithRoles } from '#app/domain/accounts/users.server.ts'
import { getEnv } from './env.server.ts'

export type CurrentUser = UserWithRoles

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  if (!cookie) {
    const env = getEnv()
    cookie = createCookie('steward_session', {
      httpOnly: true,
      sameSite: 'lax',
      secure: env.NODE_ENV === 'production',
      path: '/',
      secrets: [env.SESSION_SECRET],
      maxAge: SESSION_TTL_MS / 1000,
    })
  }
  return cookie
}

async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** The signed-in user, or null. Cached per request so nested loaders do not query twice. */
const userCache = new WeakMap<Request, Promise<CurrentUser | null>>()
export function getUser(request: Request): Promise<CurrentUser | null> {
  let cached = userCache.get(request)
  if (!cached) {
    cached = readSessionId(request).then(async (id) => (id ? ((await getSessionUser(id)) ?? null) : null))
    userCache.set(request, cached)
  }
  return cached
}

function safeRedirectTo(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
export { safeRedirectTo }

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

export async function startUserSession(input: { request: Request; userId: string; clientAddress: string; redirectTo?: string | null }) {
  const session = await createSession({
    userId: input.userId,
    userAgent: input.request.headers.get('User-Agent'),
    clientAddress: input.clientAddress,
  })
  return redirect(safeRedirectTo(input.redirectTo), {
    headers: { 'Set-Cookie': await sessionCookie().serialize(session.id, { expires: session.expiresAt }) },
  })
}

export async function endUserSession(request: Request) {
  const id = await readSessionId(request)
  if (id) await deleteSession(id)
  return redirect('/login', { headers: { 'Set-Cookie': await sessionCookie().serialize('', { maxAge: 0 }) } })
}
