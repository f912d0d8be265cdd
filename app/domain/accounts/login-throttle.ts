/**
 * Sign-in throttling (OWASP's "device cookies"). Failed guesses are counted in buckets over a
 * sliding hour:
 * - a browser holding a valid device cookie for the account (set at each successful sign-in)
 *   has its own allowance, so nobody else's failures can lock the real person out;
 * - every other attempt counts against the account, whatever the address (no more than
 *   `ACCOUNT_LIMIT` guesses per account per hour), and against its address (password spraying).
 */
export const ATTEMPT_WINDOW_MS = 60 * 60_000
export const ACCOUNT_LIMIT = 10
export const ADDRESS_LIMIT = 30
export const DEVICE_LIMIT = 10

export type ThrottleBucket = 'device' | 'account' | 'address'
export const BUCKET_LIMITS: Record<ThrottleBucket, number> = { device: DEVICE_LIMIT, account: ACCOUNT_LIMIT, address: ADDRESS_LIMIT }

/** The buckets an attempt counts in: the device's alone, or the account's and the address's. */
export function bucketsFor(deviceId: string | null | undefined): ThrottleBucket[] {
  return deviceId ? ['device'] : ['account', 'address']
}

/**
 * When `limit` failures (or more) fall in the hour before `now`, the bucket is locked until the
 * oldest of the ones that would have to leave the window has left it. Returns that time, or null.
 */
export function lockedUntil(failures: readonly Date[], limit: number, now: Date): Date | null {
  const since = now.getTime() - ATTEMPT_WINDOW_MS
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > since && t <= now.getTime())
    .sort((a, b) => a - b)
  if (recent.length < limit) return null
  // Below the limit again once recent[recent.length - limit] is more than an hour old.
  return new Date(recent[recent.length - limit] + ATTEMPT_WINDOW_MS)
}
