import { createHash } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { loginAttempts, sessions } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { attemptLogin } from './login.server.ts'
import { passwordVerifications } from './password.server.ts'
import { createSession, deleteExpiredSessions, getSessionUser } from './sessions.server.ts'
import { changePassword, createUser, setUserActive } from './users.server.ts'

// Password checks, counted: an unknown email must cost one argon2 verification (of a dummy hash)
// like a known one.
let verificationsBefore = 0
const verifyCalls = () => passwordVerifications() - verificationsBefore

setupTestDatabase()
beforeEach(() => {
  verificationsBefore = passwordVerifications()
})

const start = new Date('2026-03-01T10:00:00Z')
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000)

describe('sign-in throttling', () => {
  test('an untrusted browser gets 10 guesses per account per hour, whatever the address', async () => {
    const user = await insertUser()
    for (let i = 0; i < 10; i++) {
      const result = await attemptLogin({ email: user.email, password: 'guess', clientAddress: `203.0.113.${i}`, now: at(i) })
      expect(result).toEqual({ ok: false, reason: 'invalid' })
    }
    // the 11th, from yet another address and with the right password, is refused unchecked
    const verifications = verifyCalls()
    expect(await attemptLogin({ email: user.email, password: user.password, clientAddress: '198.51.100.1', now: at(30) })).toEqual({
      ok: false,
      reason: 'locked',
      bucket: 'account',
      until: at(60), // the first failure (minute 0) leaves the hour at minute 60
    })
    expect(verifyCalls()).toBe(verifications)
    // once the first failure is an hour old, one more attempt is allowed
    expect((await attemptLogin({ email: user.email, password: user.password, clientAddress: '198.51.100.1', now: at(60) })).ok).toBe(true)
  })

  test("an attacker's failures never lock out a browser holding a device cookie for the account", async () => {
    const user = await insertUser()
    for (let i = 0; i < 12; i++) await attemptLogin({ email: user.email, password: 'guess', clientAddress: '203.0.113.9', now: at(i) })
    expect(await attemptLogin({ email: user.email, password: user.password, clientAddress: '10.0.0.5', now: at(13) })).toMatchObject({
      reason: 'locked',
    })
    const owner = await attemptLogin({
      email: user.email,
      password: user.password,
      clientAddress: '10.0.0.5',
      deviceId: 'device-of-the-owner',
      now: at(13),
    })
    expect(owner.ok).toBe(true)
  })

  test('a device cookie has its own allowance of 10 failures an hour; another device is unaffected', async () => {
    const user = await insertUser()
    for (let i = 0; i < 10; i++) {
      await attemptLogin({ email: user.email, password: 'typo', clientAddress: '10.0.0.5', deviceId: 'device-a', now: at(i) })
    }
    expect(
      await attemptLogin({ email: user.email, password: user.password, clientAddress: '10.0.0.5', deviceId: 'device-a', now: at(20) }),
    ).toEqual({ ok: false, reason: 'locked', bucket: 'device', until: at(60) })
    expect(
      (await attemptLogin({ email: user.email, password: user.password, clientAddress: '10.0.0.5', deviceId: 'device-b', now: at(20) })).ok,
    ).toBe(true)
    // and the account's untrusted allowance was not spent by the device's failures
    expect((await attemptLogin({ email: user.email, password: user.password, clientAddress: '10.0.0.6', now: at(20) })).ok).toBe(true)
  })

  test('one address gets 30 failures an hour across all accounts (password spraying)', async () => {
    for (let i = 0; i < 30; i++) {
      await attemptLogin({ email: `nobody${i}@example.org`, password: 'Summer2026!', clientAddress: '203.0.113.50', now: at(i) })
    }
    const user = await insertUser()
    expect(await attemptLogin({ email: user.email, password: user.password, clientAddress: '203.0.113.50', now: at(31) })).toEqual({
      ok: false,
      reason: 'locked',
      bucket: 'address',
      until: at(60),
    })
    expect((await attemptLogin({ email: user.email, password: user.password, clientAddress: '203.0.113.51', now: at(31) })).ok).toBe(true)
  })

  test('parallel attempts cannot exceed the limit: 25 at once, exactly 10 are checked', async () => {
    const user = await insertUser()
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        attemptLogin({ email: user.email, password: `guess-${i}`, clientAddress: `203.0.113.${i}`, now: at(0) }),
      ),
    )
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(10)
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(15)
    expect(verifyCalls()).toBe(10)
    const [{ rows }] = await db.select({ rows: count() }).from(loginAttempts).where(eq(loginAttempts.email, user.email))
    expect(rows).toBe(10)
  })

  test('successful sign-ins do not use up the allowance', async () => {
    const user = await insertUser()
    for (let i = 0; i < 15; i++) {
      expect((await attemptLogin({ email: user.email, password: user.password, clientAddress: '10.0.0.7', now: at(i) })).ok).toBe(true)
    }
  })

  test('an unknown email, an invited person without a password and a deactivated account each cost one argon2 verification', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const known = await insertUser()
    const invited = await createUser({ email: 'invited@example.org', name: 'Invited', roles: ['council'], actorId: admin.id })
    await attemptLogin({ email: known.email, password: 'wrong', clientAddress: '10.0.0.8' })
    expect(verifyCalls()).toBe(1)
    await attemptLogin({ email: 'nobody@example.org', password: 'wrong', clientAddress: '10.0.0.8' })
    expect(verifyCalls()).toBe(2)
    await attemptLogin({ email: invited.email, password: 'anything', clientAddress: '10.0.0.8' })
    expect(verifyCalls()).toBe(3)
    await setUserActive({ userId: known.id, active: false, actorId: admin.id })
    expect(await attemptLogin({ email: known.email, password: known.password, clientAddress: '10.0.0.8' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(verifyCalls()).toBe(4)
  })
})

describe('sessions', () => {
  test('the database holds the SHA-256 of the token, which does not work as a token', async () => {
    const user = await insertUser()
    const { token } = await createSession({ userId: user.id })
    const [row] = await db.select().from(sessions)
    expect(row.id).toBe(createHash('sha256').update(token).digest('hex'))
    expect(row.id).not.toContain(token)
    expect(await getSessionUser(token)).toMatchObject({ id: user.id })
    expect(await getSessionUser(row.id)).toBeUndefined()
  })

  test('the session’s user comes with every role it holds, in the usual order, and without its password hash', async () => {
    const user = await insertUser({ roles: ['fundraising', 'admin', 'community'] })
    const alone = await insertUser({ roles: [] })
    const { token } = await createSession({ userId: user.id })
    const found = await getSessionUser(token)
    expect(found).toMatchObject({ id: user.id, email: user.email, roles: ['admin', 'community', 'fundraising'], hasPassword: true })
    expect(found).not.toHaveProperty('passwordHash')
    expect(await getSessionUser((await createSession({ userId: alone.id })).token)).toMatchObject({ id: alone.id, roles: [] })
  })

  test('a session idle for 14 days ends; use keeps it alive, up to 30 days after sign-in', async () => {
    const user = await insertUser()
    const day = 24 * 60 * 60_000
    const idle = 14 * day
    const signedIn = at(0)
    const { token } = await createSession({ userId: user.id, now: signedIn })
    const on = (days: number) => new Date(signedIn.getTime() + days * day)
    // used on day 13: alive, and that use counts
    expect(await getSessionUser(token, { now: on(13), idleTimeoutMs: idle })).toMatchObject({ id: user.id })
    // day 26.9 is 13.9 days after the last use: alive
    expect(await getSessionUser(token, { now: on(26.9), idleTimeoutMs: idle })).toMatchObject({ id: user.id })
    // day 30: the 30-day maximum, used or not
    expect(await getSessionUser(token, { now: on(30), idleTimeoutMs: idle })).toBeUndefined()

    const other = await createSession({ userId: user.id, now: signedIn })
    // untouched for 14 days: ended
    expect(await getSessionUser(other.token, { now: on(14), idleTimeoutMs: idle })).toBeUndefined()
    expect(await getSessionUser(other.token, { now: on(13.9), idleTimeoutMs: idle })).toMatchObject({ id: user.id })
  })

  test('clean-up forgets idle sessions as well as expired ones', async () => {
    const user = await insertUser()
    const day = 24 * 60 * 60_000
    await createSession({ userId: user.id, now: at(0) })
    const recent = await createSession({ userId: user.id, now: new Date(at(0).getTime() + 10 * day) })
    expect(await deleteExpiredSessions(new Date(at(0).getTime() + 15 * day), 14 * day)).toBe(1)
    expect(await getSessionUser(recent.token, { now: new Date(at(0).getTime() + 15 * day), idleTimeoutMs: 14 * day })).toBeDefined()
  })

  test("changing one's password ends every other session of theirs, and only theirs", async () => {
    const user = await insertUser()
    const someoneElse = await insertUser()
    const here = await createSession({ userId: user.id })
    const laptop = await createSession({ userId: user.id })
    const phone = await createSession({ userId: user.id })
    const theirs = await createSession({ userId: someoneElse.id })
    expect(
      await changePassword({
        userId: user.id,
        currentPassword: user.password,
        password: 'a-brand-new-password',
        currentSessionToken: here.token,
      }),
    ).toEqual({ endedSessions: 2 })
    expect(await getSessionUser(here.token)).toMatchObject({ id: user.id })
    expect(await getSessionUser(laptop.token)).toBeUndefined()
    expect(await getSessionUser(phone.token)).toBeUndefined()
    expect(await getSessionUser(theirs.token)).toMatchObject({ id: someoneElse.id })
  })

  test('a wrong current password changes nothing and ends nothing', async () => {
    const user = await insertUser()
    const laptop = await createSession({ userId: user.id })
    await expect(
      changePassword({ userId: user.id, currentPassword: 'not-it', password: 'a-brand-new-password', currentSessionToken: null }),
    ).rejects.toThrow(/not your current password/)
    expect(await getSessionUser(laptop.token)).toBeDefined()
  })
})
