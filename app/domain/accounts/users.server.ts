import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { sessions, type User, userRoles, users } from '#db/schema/index.ts'
import { ROLES, type Role } from './vocabulary.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { hashSessionToken } from './session-token.ts'

export type UserWithRoles = Omit<User, 'passwordHash'> & { roles: Role[]; hasPassword: boolean }

function sortRoles(roles: Role[]) {
  return [...roles].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
}

export function withRoles(user: User, roles: Role[]): UserWithRoles {
  const { passwordHash, ...rest } = user
  return { ...rest, roles: sortRoles(roles), hasPassword: Boolean(passwordHash) }
}

export async function countUsers(tx: DbOrTx = db) {
  const [{ total }] = await tx.select({ total: count() }).from(users)
  return total
}

export async function findUserByEmail(email: string, tx: DbOrTx = db) {
  const [user] = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
  return user
}

export async function getUserWithRoles(id: string, tx: DbOrTx = db): Promise<UserWithRoles | undefined> {
  const [user] = await tx.select().from(users).where(eq(users.id, id))
  if (!user) return undefined
  const roles = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, id))
  return withRoles(
    user,
    roles.map((r) => r.role),
  )
}

export async function listUsers(): Promise<UserWithRoles[]> {
  const rows = await db.select().from(users).orderBy(asc(users.name))
  if (rows.length === 0) return []
  const roles = await db
    .select()
    .from(userRoles)
    .where(
      inArray(
        userRoles.userId,
        rows.map((u) => u.id),
      ),
    )
  return rows.map((user) =>
    withRoles(
      user,
      roles.filter((r) => r.userId === user.id).map((r) => r.role),
    ),
  )
}

export interface CreateUserInput {
  email: string
  name: string
  roles: Role[]
  /** omitted when the person will choose it through an invitation */
  password?: string
  actorId: string | null
}

/** Creates a user with roles; the email must be free (case-insensitive). */
export async function createUser(input: CreateUserInput, tx?: DbOrTx): Promise<UserWithRoles> {
  const run = async (t: DbOrTx) => {
    const email = input.email.trim().toLowerCase()
    if (await findUserByEmail(email, t)) throw new DomainError(`A user with the email ${email} already exists`, 'email')
    const passwordHash = input.password ? await hashPassword(input.password) : null
    const [user] = await t.insert(users).values({ email, name: input.name.trim(), passwordHash }).returning()
    const roles = sortRoles([...new Set(input.roles)])
    if (roles.length) await t.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })))
    const created = withRoles(user, roles)
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'user',
      entityId: user.id,
      action: 'create',
      after: { email, name: user.name, roles },
    })
    return created
  }
  return tx ? run(tx) : db.transaction(run)
}

/**
 * First-run setup: creates the first admin only while no user exists. The table lock makes
 * two simultaneous setups impossible.
 */
export async function createFirstAdmin(input: { email: string; name: string; password: string }) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${users} in share row exclusive mode`)
    if ((await countUsers(tx)) > 0) throw new DomainError('Steward is already set up: sign in instead')
    return createUser({ ...input, roles: ['admin'], actorId: null }, tx)
  })
}

export async function updateUserRoles(input: { userId: string; roles: Role[]; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getUserWithRoles(input.userId, tx)
    if (!before) throw new DomainError('No such user')
    const roles = sortRoles([...new Set(input.roles)])
    if (before.roles.includes('admin') && !roles.includes('admin')) await assertAnotherActiveAdmin(tx, input.userId)
    await tx.delete(userRoles).where(eq(userRoles.userId, input.userId))
    if (roles.length) await tx.insert(userRoles).values(roles.map((role) => ({ userId: input.userId, role })))
    await tx.update(users).set({ updatedAt: new Date() }).where(eq(users.id, input.userId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'user',
      entityId: input.userId,
      action: 'update_roles',
      before: { roles: before.roles },
      after: { roles },
    })
    return { ...before, roles }
  })
}

async function assertAnotherActiveAdmin(tx: DbOrTx, exceptUserId: string) {
  const [{ admins }] = await tx
    .select({ admins: count() })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'admin'), eq(users.active, true), sql`${users.id} <> ${exceptUserId}`))
  if (admins === 0) throw new DomainError('Steward needs at least one active admin: give another person the admin role first', 'roles')
}

/** Deactivation keeps the user (their history stays attributed) and ends their sessions. */
export async function setUserActive(input: { userId: string; active: boolean; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getUserWithRoles(input.userId, tx)
    if (!before) throw new DomainError('No such user')
    if (before.active === input.active) return before
    if (!input.active) {
      if (input.userId === input.actorId) throw new DomainError('You cannot deactivate yourself')
      if (before.roles.includes('admin')) await assertAnotherActiveAdmin(tx, input.userId)
      await tx.delete(sessions).where(eq(sessions.userId, input.userId))
    }
    const now = new Date()
    await tx
      .update(users)
      .set({ active: input.active, deactivatedAt: input.active ? null : now, updatedAt: now })
      .where(eq(users.id, input.userId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'user',
      entityId: input.userId,
      action: input.active ? 'reactivate' : 'deactivate',
      before: { active: before.active },
      after: { active: input.active },
    })
    return { ...before, active: input.active }
  })
}

export async function updateProfile(input: { userId: string; name: string; timeZone?: string | null }) {
  return db.transaction(async (tx) => {
    const before = await getUserWithRoles(input.userId, tx)
    if (!before) throw new DomainError('No such user')
    await tx
      .update(users)
      .set({ name: input.name, timeZone: input.timeZone ?? before.timeZone, updatedAt: new Date() })
      .where(eq(users.id, input.userId))
    await recordAudit(tx, {
      actorId: input.userId,
      entity: 'user',
      entityId: input.userId,
      action: 'update_profile',
      before: { name: before.name },
      after: { name: input.name },
    })
  })
}

export async function setPassword(input: { userId: string; password: string; actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const passwordHash = await hashPassword(input.password)
    await t.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, input.userId))
    await recordAudit(t, { actorId: input.actorId, entity: 'user', entityId: input.userId, action: 'set_password' })
  }
  return tx ? run(tx) : db.transaction(run)
}

/**
 * A person changes their own password: the current one must match first. Every other session of
 * theirs ends (a browser someone else signed in with the old password is signed out); the one
 * they made the change from (`currentSessionToken`) stays. Returns how many sessions ended.
 */
export async function changePassword(input: {
  userId: string
  currentPassword: string
  password: string
  currentSessionToken: string | null
}) {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId))
  if (!(await verifyPassword(user?.passwordHash ?? null, input.currentPassword)))
    throw new DomainError('That is not your current password', 'currentPassword')
  return db.transaction(async (tx) => {
    await setPassword({ userId: input.userId, password: input.password, actorId: input.userId }, tx)
    const others = input.currentSessionToken
      ? and(eq(sessions.userId, input.userId), ne(sessions.id, hashSessionToken(input.currentSessionToken)))
      : eq(sessions.userId, input.userId)
    const ended = await tx.delete(sessions).where(others).returning({ id: sessions.id })
    return { endedSessions: ended.length }
  })
}
