// The sign-in pages' actions with real cookies: Secure over HTTPS, the device cookie's own
// allowance, redirectTo kept on the site, a password change signing out the other browsers, and
// the setup code asked of other machines only.
import { describe, expect, test } from 'vitest'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { action as accountAction } from '#app/routes/settings.account.tsx'
import { loader as setupLoader } from '#app/routes/setup.tsx'
import { getUser, startUserSession } from '#app/utils/session.server.ts'

setupTestDatabase()

type AnyAction = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
const call = (fn: unknown, request: Request, clientAddress = '203.0.113.10') =>
  (fn as AnyAction)({ request, params: {}, context: { clientAddress } })

function post(url: string, fields: Record<string, string>, cookie?: string) {
  return new Request(url, { method: 'POST', body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} })
}

/** name=value pairs of the Set-Cookie headers, for a Cookie header. */
function cookiesOf(response: Response) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

async function settle(promise: Promise<unknown>): Promise<Response | { data: unknown; init: { status: number } }> {
  try {
    return (await promise) as Response
  } catch (thrown) {
    return thrown as Response
  }
}

describe('cookies', () => {
  test('are Secure when the request came over HTTPS, and only then', async () => {
    const user = await insertUser()
    const overHttps = await call(loginAction, post('https://steward.example.org/login', { email: user.email, password: user.password }))
    const httpsCookies = (overHttps as Response).headers.getSetCookie()
    expect(httpsCookies.map((c) => c.split('=')[0])).toEqual(['steward_session', 'steward_device'])
    for (const cookie of httpsCookies) expect(cookie).toMatch(/; Secure/)
    const overHttp = await call(loginAction, post('http://localhost:3000/login', { email: user.email, password: user.password }))
    for (const cookie of (overHttp as Response).headers.getSetCookie()) expect(cookie).not.toMatch(/Secure/)
  })
})

describe('sign-in', () => {
  test.each(['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example/'])(
    'redirectTo %j is replaced by /',
    async (redirectTo) => {
      const user = await insertUser()
      const response = (await call(
        loginAction,
        post('http://localhost/login', { email: user.email, password: user.password, redirectTo }),
      )) as Response
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe('/')
    },
  )

  test('redirectTo on the site is kept', async () => {
    const user = await insertUser()
    const response = (await call(
      loginAction,
      post('http://localhost/login', { email: user.email, password: user.password, redirectTo: '/settings/account?x=1' }),
    )) as Response
    expect(response.headers.get('Location')).toBe('/settings/account?x=1')
  })

  test("the device cookie from an earlier sign-in gets through an attacker's lock; one for another account does not", async () => {
    const owner = await insertUser()
    const other = await insertUser()
    const first = (await call(loginAction, post('http://localhost/login', { email: owner.email, password: owner.password }))) as Response
    const ownerDevice = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('steward_device='))!
      .split(';')[0]
    const otherLogin = (await call(
      loginAction,
      post('http://localhost/login', { email: other.email, password: other.password }),
    )) as Response
    const otherDevice = otherLogin.headers
      .getSetCookie()
      .find((c) => c.startsWith('steward_device='))!
      .split(';')[0]

    for (let i = 0; i < 10; i++) {
      const refused = await call(
        loginAction,
        post('http://localhost/login', { email: owner.email, password: `guess-${i}` }),
        `198.51.100.${i}`,
      )
      expect((refused as { init: { status: number } }).init.status).toBe(400)
    }
    const locked = await call(loginAction, post('http://localhost/login', { email: owner.email, password: owner.password }))
    expect((locked as { init: { status: number } }).init.status).toBe(429)
    // a device cookie issued for someone else is an untrusted browser for this account
    const wrongDevice = await call(
      loginAction,
      post('http://localhost/login', { email: owner.email, password: owner.password }, otherDevice),
    )
    expect((wrongDevice as { init: { status: number } }).init.status).toBe(429)
    const forged = await call(
      loginAction,
      post(
        'http://localhost/login',
        { email: owner.email, password: owner.password },
        // a character inside the signature (the last one carries padding bits a decoder may ignore)
        ownerDevice.slice(0, -10) + (ownerDevice.at(-10) === 'A' ? 'B' : 'A') + ownerDevice.slice(-9),
      ),
    )
    expect((forged as { init: { status: number } }).init.status).toBe(429)
    const trusted = (await call(
      loginAction,
      post('http://localhost/login', { email: owner.email, password: owner.password }, ownerDevice),
    )) as Response
    expect(trusted.status).toBe(302)
  })
})

describe('changing the password', () => {
  test('signs out the other browsers, not this one', async () => {
    const user = await insertUser()
    const here = cookiesOf(
      await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '10.0.0.1' }),
    )
    const laptop = cookiesOf(
      await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '10.0.0.2' }),
    )
    const answer = await call(
      accountAction,
      post(
        'http://localhost/settings/account',
        { intent: 'password', currentPassword: user.password, password: 'another-good-password', confirmPassword: 'another-good-password' },
        here,
      ),
    )
    expect(answer).toMatchObject({ intent: 'password', saved: true })
    expect(await getUser(new Request('http://localhost/', { headers: { Cookie: here } }))).toMatchObject({ id: user.id })
    expect(await getUser(new Request('http://localhost/', { headers: { Cookie: laptop } }))).toBeNull()
  })
})

describe('first-run setup', () => {
  test('asks a visitor from another machine for the setup code, not one from this machine', async () => {
    expect(await settle(call(setupLoader, new Request('http://localhost/setup'), '192.0.2.4'))).toEqual({ needsCode: true })
    expect(await settle(call(setupLoader, new Request('http://localhost/setup'), '127.0.0.1'))).toEqual({ needsCode: false })
    expect(await settle(call(setupLoader, new Request('http://localhost/setup'), '::1'))).toEqual({ needsCode: false })
  })
})
