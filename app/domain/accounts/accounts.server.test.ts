import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, invitations, sessions, users } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { acceptInvitation, createInvitation, deleteExpiredInvitations, findUsableInvitation } from './invitations.server.ts'
import { attemptLogin } from './login.server.ts'
import { createSession, deleteExpiredSessions, getSessionUser } from './sessions.server.ts'
import { countUsers, createFirstAdmin, createUser, setUserActive, updateUserRoles } from './users.server.ts'
import { DomainError } from '#app/domain/errors.ts'

setupTestDatabase()

describe('first-run setup', () => {
  test('creates the first admin, then refuses', async () => {
    const admin = await createFirstAdmin({ email: 'Admin@Example.org', name: 'Ada', password: 'correct-horse-battery' })
    expect(admin.roles).toEqual(['admin'])
    expect(admin.email).toBe('admin@example.org')
    await expect(createFirstAdmin({ email: 'other@example.org', name: 'Other', password: 'correct-horse-battery' })).rejects.toThrow(
      DomainError,
    )
    expect(await countUsers()).toBe(1)
  })

  test('stores an argon2id hash, never the password', async () => {
    await createFirstAdmin({ email: 'admin@example.org', name: 'Ada', password: 'correct-horse-battery' })
    const [row] = await db.select().from(users)
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain('correct-horse')
  })
})

describe('users', () => {
  test('emails are unique regardless of case', async () => {
    await insertUser({ email: 'sam@example.org' })
    await expect(createUser({ email: 'SAM@example.org', name: 'Sam again', roles: ['council'], actorId: null })).rejects.toThrow(
      /already exists/,
    )
  })

  test('role changes and deactivation are audited in the same transaction', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const lead = await insertUser({ roles: ['communications'] })
    await updateUserRoles({ userId: lead.id, roles: ['communications', 'council'], actorId: admin.id })
    await setUserActive({ userId: lead.id, active: false, actorId: admin.id })
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, lead.id))
    expect(events.map((e) => e.action).sort()).toEqual(['create', 'deactivate', 'update_roles'])
    const roleChange = events.find((e) => e.action === 'update_roles')!
    expect(roleChange.before).toEqual({ roles: ['communications'] })
    expect(roleChange.after).toEqual({ roles: ['communications', 'council'] })
    expect(roleChange.actorId).toBe(admin.id)
  })

  test('the last active admin cannot lose the role or be deactivated', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const other = await insertUser({ roles: ['council'] })
    await expect(updateUserRoles({ userId: admin.id, roles: ['council'], actorId: admin.id })).rejects.toThrow(/at least one active admin/)
    await expect(setUserActive({ userId: admin.id, active: false, actorId: other.id })).rejects.toThrow(/at least one active admin/)
  })

  test('deactivation ends sessions and blocks sign-in, but keeps the user', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const lead = await insertUser({ roles: ['fundraising'] })
    const session = await createSession({ userId: lead.id })
    await setUserActive({ userId: lead.id, active: false, actorId: admin.id })
    expect(await getSessionUser(session.token)).toBeUndefined()
    expect(await attemptLogin({ email: lead.email, password: lead.password, clientAddress: '1.1.1.1' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await db.select().from(users).where(eq(users.id, lead.id))).toHaveLength(1)
  })
})

describe('sign-in', () => {
  test('accepts the right password and refuses a wrong one', async () => {
    const user = await insertUser({ email: 'lee@example.org' })
    const ok = await attemptLogin({ email: 'LEE@example.org', password: user.password, clientAddress: '10.0.0.1' })
    expect(ok.ok).toBe(true)
    expect(await attemptLogin({ email: 'lee@example.org', password: 'wrong', clientAddress: '10.0.0.1' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })
})

describe('invitations', () => {
  test('a link sets the password once and expires after 7 days', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const invited = await createUser({ email: 'new@example.org', name: 'New', roles: ['community'], actorId: admin.id })
    const now = new Date('2026-05-01T00:00:00Z')
    const { token, expiresAt } = await createInvitation({ userId: invited.id, actorId: admin.id, now })
    expect(expiresAt.toISOString()).toBe('2026-05-08T00:00:00.000Z')
    expect(await findUsableInvitation(token, new Date('2026-05-07T23:59:00Z'))).toBeDefined()
    expect(await findUsableInvitation(token, new Date('2026-05-08T00:00:01Z'))).toBeUndefined()
    await acceptInvitation({ token, password: 'a-new-password', now: new Date('2026-05-02T00:00:00Z') })
    expect((await attemptLogin({ email: 'new@example.org', password: 'a-new-password', clientAddress: 'x' })).ok).toBe(true)
    await expect(acceptInvitation({ token, password: 'another-password', now: new Date('2026-05-02T00:00:00Z') })).rejects.toThrow(
      /expired or was already used/,
    )
  })

  test('a new invitation replaces the previous one', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const first = await createInvitation({ userId: admin.id, actorId: admin.id })
    const second = await createInvitation({ userId: admin.id, actorId: admin.id })
    expect(await findUsableInvitation(first.token)).toBeUndefined()
    expect(await findUsableInvitation(second.token)).toBeDefined()
  })
})

describe('clean-up', () => {
  test('removes expired sessions and unused expired invitations only', async () => {
    const user = await insertUser()
    const live = await createSession({ userId: user.id })
    await db.insert(sessions).values({ id: 'old', userId: user.id, expiresAt: new Date('2020-01-01') })
    await createInvitation({ userId: user.id, actorId: null, now: new Date('2020-01-01') })
    await createInvitation({ userId: user.id, actorId: null })
    expect(await deleteExpiredSessions()).toBe(1)
    expect(await deleteExpiredInvitations()).toBe(1)
    expect(await getSessionUser(live.token)).toMatchObject({ id: user.id })
    expect(await db.select().from(invitations)).toHaveLength(1)
  })
})
