// "Forgot password" end to end: the form, the outbox, a real SMTP server (the sink), the link read
// from the received mail, the new password, and every old session signed out.
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailOutbox, passwordResets, users } from '#db/schema/index.ts'
import { requestPasswordReset, RESET_LINK_USED } from '#app/domain/accounts/password-reset.server.ts'
import { verifyPassword } from '#app/domain/accounts/password.server.ts'
import { sweepOutbox } from '#app/domain/email/outbox.server.ts'
import { getUser, startUserSession } from '#app/utils/session.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import * as forgot from '#app/routes/forgot-password.tsx'
import * as reset from '#app/routes/reset-password.$token.tsx'

setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

async function configure(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  const { resetEnv } = await import('#app/utils/env.server.ts')
  resetEnv()
}

beforeAll(async () => {
  sink = await startSmtpSink()
})
beforeEach(async () => {
  await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
  sink.messages.length = 0
})
afterAll(async () => {
  await sink.close()
  await configure(saved)
})

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
type Answer = { data?: unknown; init?: { status?: number } | null }

/** Posts a form to a route action; a data() answer comes back as { data, init }, a plain one as is. */
async function post(action: unknown, path: string, form: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, { method: 'POST', body: new URLSearchParams(form) })
  const answer = (await (action as Handler)({ request, params, context: { clientAddress: '127.0.0.1' } })) as Answer &
    Record<string, unknown>
  return answer && 'init' in answer
    ? { status: answer.init?.status ?? 200, body: answer.data as Record<string, unknown> }
    : { status: 200, body: answer }
}

async function loaderStatus(params: Record<string, string>) {
  try {
    await (reset.loader as unknown as Handler)({ request: new Request('http://localhost/'), params, context: {} })
    return 200
  } catch (thrown) {
    return (thrown as { init: { status: number } }).init.status
  }
}

/** Delivers the outbox to the sink and reads the reset link out of the one message that arrived. */
async function linkFromMail(to: string) {
  await sweepOutbox({ now: new Date(Date.now() + 1000) })
  const mails = sink.messages.filter((m) => m.to.includes(to))
  expect(mails).toHaveLength(1)
  const match = /https:\/\/steward\.example\.org\/reset-password\/([A-Za-z0-9_-]+)/.exec(mails[0].text)
  expect(match, mails[0].text).not.toBeNull()
  expect(mails[0].html).toContain(match![0])
  return { url: match![0], token: match![1] }
}

async function sessionCookieFor(userId: string) {
  const response = await startUserSession({ request: new Request('http://localhost/login'), userId, clientAddress: '127.0.0.1' })
  return response.headers.get('Set-Cookie')!.split(';')[0]
}
const signedIn = async (cookie: string) => (await getUser(new Request('http://localhost/', { headers: { Cookie: cookie } })))?.id

describe('password reset by e-mail', () => {
  test('the mailed link sets a new password once, and signs the person out everywhere', async () => {
    const ada = await insertUser({ email: 'ada@example.org', roles: ['community'] })
    const laptop = await sessionCookieFor(ada.id)
    const phone = await sessionCookieFor(ada.id)
    expect(await signedIn(laptop)).toBe(ada.id)

    // The same answer for an address with an account (any case) and one without.
    const known = await post(forgot.action, '/forgot-password', { email: 'ADA@example.org' })
    const unknown = await post(forgot.action, '/forgot-password', { email: 'nobody@example.org' })
    expect(known).toEqual(unknown)
    expect(known.body).toMatchObject({ sent: true })

    const { url, token } = await linkFromMail('ada@example.org')
    expect(sink.messages).toHaveLength(1) // nothing went to nobody@example.org
    expect(sink.messages[0].subject).toBe('Reset your Steward password')
    // Only the hash of the token is stored, nowhere the token itself.
    const [stored] = await db.select().from(passwordResets)
    expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(stored)).not.toContain(token)
    // an hour: expiresAt - createdAt = 3,600,000 ms
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(3_600_000)

    expect(await loaderStatus({ token })).toBe(200)
    // The same password rules as everywhere: at least 10 characters, repeated identically.
    const short = await post(reset.action, url, { password: 'short', confirmPassword: 'short' }, { token })
    expect(short.status).toBe(400)
    const mismatch = await post(reset.action, url, { password: 'a-long-new-password', confirmPassword: 'another-one-entirely' }, { token })
    expect(mismatch.status).toBe(400)

    const done = await post(reset.action, url, { password: 'a-long-new-password', confirmPassword: 'a-long-new-password' }, { token })
    expect(done.body).toMatchObject({ done: true })
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ada.id))
    expect(await verifyPassword(row.passwordHash, 'a-long-new-password')).toBe(true)
    expect(await verifyPassword(row.passwordHash, ada.password)).toBe(false)
    expect(await signedIn(laptop)).toBeUndefined()
    expect(await signedIn(phone)).toBeUndefined()

    // Single use: the page is gone and the form refuses.
    expect(await loaderStatus({ token })).toBe(404)
    const again = await post(reset.action, url, { password: 'yet-another-password', confirmPassword: 'yet-another-password' }, { token })
    expect(again.status).toBe(400)
    expect(JSON.stringify(again.body)).toContain(RESET_LINK_USED)
  })

  test('a link expires after an hour, and a newer request replaces it', async () => {
    const ben = await insertUser({ email: 'ben@example.org' })
    const start = Date.now()
    // asked 61 minutes ago: expired now
    await requestPasswordReset({ email: 'ben@example.org', now: new Date(start - 61 * 60_000) })
    const old = await linkFromMail('ben@example.org')
    expect(await loaderStatus({ token: old.token })).toBe(404)
    const late = await post(
      reset.action,
      old.url,
      { password: 'a-long-new-password', confirmPassword: 'a-long-new-password' },
      { token: old.token },
    )
    expect(late.status).toBe(400)

    // asked 59 minutes ago: still good, until a newer request replaces it
    sink.messages.length = 0
    await requestPasswordReset({ email: 'ben@example.org', now: new Date(start - 59 * 60_000) })
    const first = await linkFromMail('ben@example.org')
    expect(await loaderStatus({ token: first.token })).toBe(200)
    sink.messages.length = 0
    await post(forgot.action, '/forgot-password', { email: 'ben@example.org' })
    const second = await linkFromMail('ben@example.org')
    expect(await loaderStatus({ token: first.token })).toBe(404)
    expect(await loaderStatus({ token: second.token })).toBe(200)
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ben.id))
    expect(await verifyPassword(row.passwordHash, ben.password)).toBe(true)
  })

  test('a deactivated person gets no mail, with the same answer', async () => {
    const cy = await insertUser({ email: 'cy@example.org' })
    await db.update(users).set({ active: false }).where(eq(users.id, cy.id))
    const answer = await post(forgot.action, '/forgot-password', { email: 'cy@example.org' })
    expect(answer.body).toMatchObject({ sent: true })
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  test('without SMTP the page says to ask an admin, and the form sends nothing', async () => {
    await configure({ SMTP_URL: undefined })
    await insertUser({ email: 'dee@example.org' })
    expect(forgot.loader()).toEqual({ available: false })
    const answer = await post(forgot.action, '/forgot-password', { email: 'dee@example.org' })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toContain('ask an admin')
    expect(await db.select().from(passwordResets)).toEqual([])
  })
})
