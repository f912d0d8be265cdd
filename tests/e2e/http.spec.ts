import { expect, request, test } from '@playwright/test'
import { DEMO_EMAILS } from './fixtures.ts'

// Plain HTTP, no JavaScript: a form post, a cookie, and the pages a role may or may not load.
test('over plain HTTP: sign in with a form post, keep the cookie, and meet the role guards', async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL, maxRedirects: 0 })
  const home = await anonymous.get('/')
  expect(home.status()).toBe(302)
  expect(home.headers().location).toBe('/login')
  // Inline scripts run only with this response's nonce.
  const login = await anonymous.get('/login')
  const policy = login.headers()['content-security-policy']
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
  expect(policy).toContain("frame-ancestors 'none'")
  expect(nonce).toBeTruthy()
  const scripts = [...(await login.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  expect(scripts.length).toBeGreaterThan(0)
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  const health = await anonymous.get('/healthz')
  expect(await health.json()).toEqual({ status: 'ok', database: 'ok' })

  const signIn = await anonymous.post('/login', { form: { email: DEMO_EMAILS.council, password: 'demo-council-password', redirectTo: '' } })
  expect(signIn.status()).toBe(302)
  const cookie = signIn.headers()['set-cookie']
  expect(cookie).toMatch(/^steward_session=/)
  expect(cookie).toMatch(/HttpOnly/i)
  expect(cookie).toMatch(/SameSite=Lax/i)

  const council = await request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { cookie: cookie.split(';')[0] } })
  expect((await council.get('/')).status()).toBe(200)
  expect((await council.get('/audit')).status()).toBe(403)
  expect((await council.get('/settings/users')).status()).toBe(403)
  expect((await council.get('/no-such-page')).status()).toBe(404)
  await anonymous.dispose()
  await council.dispose()
})

test('the favicon, robots.txt and the web app manifest answer without signing in', async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL, maxRedirects: 0 })
  const types = {
    '/favicon.ico': 'image/x-icon',
    '/icon.svg': 'image/svg+xml',
    '/apple-touch-icon.png': 'image/png',
    '/icon-192.png': 'image/png',
    '/icon-512.png': 'image/png',
    '/robots.txt': 'text/plain',
    '/manifest.webmanifest': 'application/manifest+json',
  }
  for (const [path, type] of Object.entries(types)) {
    const response = await anonymous.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['content-type'], path).toContain(type)
  }
  expect(await (await anonymous.get('/robots.txt')).text()).toMatch(/^User-agent: \*\nDisallow: \/$/m)
  const manifest = await (await anonymous.get('/manifest.webmanifest')).json()
  expect(manifest).toMatchObject({ short_name: 'Steward', start_url: '/', display: 'standalone' })
  for (const icon of manifest.icons) expect((await anonymous.get(icon.src)).status(), icon.src).toBe(200)
  const page = await (await anonymous.get('/login')).text()
  expect(page).toContain('rel="manifest" href="/manifest.webmanifest"')
  expect(page).toContain('rel="icon" href="/favicon.ico"')
  await anonymous.dispose()
})

test('every response carries the security headers, and an oversized form is refused with 413 before sign-in', async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL, maxRedirects: 0 })
  for (const path of ['/login', '/robots.txt', '/no-such-page', '/healthz']) {
    const headers = (await anonymous.get(path)).headers()
    expect(headers['permissions-policy'], path).toContain('camera=()')
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin')
    expect(headers['x-content-type-options'], path).toBe('nosniff')
  }
  // 1 MB and a bit to the (unauthenticated) sign-in form: 413, with the headers too
  const tooBig = await anonymous.post('/login', { form: { email: 'a@example.org', password: 'x'.repeat(1024 * 1024) } })
  expect(tooBig.status()).toBe(413)
  expect(await tooBig.text()).toContain('at most 1 MB')
  expect(tooBig.headers()['cross-origin-opener-policy']).toBe('same-origin')
  // a malformed id is a 404, not a 500
  const login = await anonymous.post('/login', { form: { email: DEMO_EMAILS.admin, password: 'demo-admin-password', redirectTo: '' } })
  const admin = await request.newContext({
    baseURL,
    maxRedirects: 0,
    extraHTTPHeaders: { cookie: login.headers()['set-cookie'].split(';')[0] },
  })
  expect((await admin.get('/fundraising/grants/not-an-id')).status()).toBe(404)
  expect((await admin.get('/reports/2026-Q9.json')).status()).toBe(404)
  await anonymous.dispose()
  await admin.dispose()
})
