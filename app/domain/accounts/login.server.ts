import { and, desc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { loginAttempts } from '#db/schema/index.ts'
import { ATTEMPT_WINDOW_MS, BUCKET_LIMITS, bucketsFor, lockedUntil, type ThrottleBucket } from './login-throttle.ts'
import { verifyPassword } from './password.server.ts'
import { findUserByEmail, getUserWithRoles, type UserWithRoles } from './users.server.ts'

export type LoginResult =
  | { ok: true; user: UserWithRoles }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date; bucket: ThrottleBucket }

function bucketCondition(bucket: ThrottleBucket, attempt: { email: string; clientAddress: string; deviceId: string | null }): SQL {
  switch (bucket) {
    case 'device':
      return eq(loginAttempts.deviceId, attempt.deviceId ?? '')
    case 'account':
      return and(eq(loginAttempts.email, attempt.email), isNull(loginAttempts.deviceId))!
    case 'address':
      return and(eq(loginAttempts.clientAddress, attempt.clientAddress), isNull(loginAttempts.deviceId))!
  }
}

/**
 * Counts the attempt before the password is checked, in one transaction that holds the table's
 * lock: parallel attempts are counted one after the other, so none slips past the limit. The
 * row stays a failure unless the password proves right. Returns the row's id, or the lock in force.
 */
type Reservation = { attemptId: string; locked?: undefined } | { locked: { until: Date; bucket: ThrottleBucket } }
async function reserveAttempt(attempt: { email: string; clientAddress: string; deviceId: string | null }, now: Date): Promise<Reservation> {
  return db.transaction(async (tx): Promise<Reservation> => {
    await tx.execute(sql`lock table ${loginAttempts} in share row exclusive mode`)
    const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS)
    let lock = null as { until: Date; bucket: ThrottleBucket } | null
    for (const bucket of bucketsFor(attempt.deviceId)) {
      const limit = BUCKET_LIMITS[bucket]
      const failures = await tx
        .select({ at: loginAttempts.at })
        .from(loginAttempts)
        .where(and(bucketCondition(bucket, attempt), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)))
        .orderBy(desc(loginAttempts.at))
        .limit(limit)
      const until = lockedUntil(
        failures.map((f) => f.at),
        limit,
        now,
      )
      if (until && (!lock || until > lock.until)) lock = { until, bucket }
    }
    if (lock) return { locked: lock }
    const [row] = await tx
      .insert(loginAttempts)
      .values({ ...attempt, succeeded: false, at: now })
      .returning({ id: loginAttempts.id })
    return { attemptId: row.id }
  })
}

/**
 * Checks a password within the limits of login-throttle.ts. `deviceId` is the id in the browser's
 * device cookie when that cookie is valid for this email. An unknown email costs the same
 * argon2 verification as a known one, so response times do not tell which accounts exist.
 */
export async function attemptLogin(input: {
  email: string
  password: string
  clientAddress: string
  deviceId?: string | null
  now?: Date
}): Promise<LoginResult> {
  const now = input.now ?? new Date()
  const email = input.email.trim().toLowerCase()
  const reserved = await reserveAttempt({ email, clientAddress: input.clientAddress, deviceId: input.deviceId ?? null }, now)
  if (reserved.locked) return { ok: false, reason: 'locked', ...reserved.locked }

  const user = await findUserByEmail(email)
  // verifyPassword checks a dummy hash when there is no account (or no password yet).
  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, input.password)
  if (!user || !user.active || !passwordMatches) return { ok: false, reason: 'invalid' }
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, reserved.attemptId))
  const withRoles = await getUserWithRoles(user.id)
  return { ok: true, user: withRoles! }
}

export async function deleteOldLoginAttempts(now = new Date()) {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60_000)
  const deleted = await db.delete(loginAttempts).where(lt(loginAttempts.at, cutoff)).returning({ id: loginAttempts.id })
  return deleted.length
}
