import { and, desc, eq, gt, lt } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { loginAttempts } from '#db/schema/index.ts'
import { FAILURE_WINDOW_MS, LOCK_MS, lockedUntil } from './login-throttle.ts'
import { verifyPassword } from './password.server.ts'
import { findUserByEmail, getUserWithRoles, type UserWithRoles } from './users.server.ts'

export type LoginResult =
  { ok: true; user: UserWithRoles } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; until: Date }

async function recentFailures(email: string, clientAddress: string, now: Date) {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS - LOCK_MS)
  const attempts = await db
    .select({ at: loginAttempts.at, succeeded: loginAttempts.succeeded })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.clientAddress, clientAddress), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
  // A successful sign-in clears the slate.
  const failures: Date[] = []
  for (const attempt of attempts) {
    if (attempt.succeeded) break
    failures.push(attempt.at)
  }
  return failures
}

/**
 * Checks a password. Five failures for one account from one address within 15 minutes lock
 * sign-in for that pair for 15 minutes; attempts during a lock are refused without checking.
 */
export async function attemptLogin(input: { email: string; password: string; clientAddress: string; now?: Date }): Promise<LoginResult> {
  const now = input.now ?? new Date()
  const email = input.email.trim().toLowerCase()
  const until = lockedUntil(await recentFailures(email, input.clientAddress, now), now)
  if (until) return { ok: false, reason: 'locked', until }

  const user = await findUserByEmail(email)
  const valid = user !== undefined && user.active && (await verifyPassword(user.passwordHash, input.password))
  await db.insert(loginAttempts).values({ email, clientAddress: input.clientAddress, succeeded: valid, at: now })
  if (!valid) {
    const lockNow = lockedUntil([...(await recentFailures(email, input.clientAddress, now))], now)
    if (lockNow) return { ok: false, reason: 'locked', until: lockNow }
    return { ok: false, reason: 'invalid' }
  }
  const withRoles = await getUserWithRoles(user.id)
  return { ok: true, user: withRoles! }
}

export async function deleteOldLoginAttempts(now = new Date()) {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60_000)
  const deleted = await db.delete(loginAttempts).where(lt(loginAttempts.at, cutoff)).returning({ id: loginAttempts.id })
  return deleted.length
}
