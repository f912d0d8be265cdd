export const MAX_FAILURES = 5
export const FAILURE_WINDOW_MS = 15 * 60_000
export const LOCK_MS = 15 * 60_000

/**
 * When `MAX_FAILURES` failed sign-ins for one account from one address fall within
 * `FAILURE_WINDOW_MS`, sign-in is locked for `LOCK_MS` from the last of them.
 * Returns the end of the lock in force at `now`, or null.
 */
export function lockedUntil(failures: readonly Date[], now: Date): Date | null {
  const times = failures.map((d) => d.getTime()).sort((a, b) => a - b)
  let until: number | null = null
  for (let i = MAX_FAILURES - 1; i < times.length; i++) {
    if (times[i] - times[i - (MAX_FAILURES - 1)] <= FAILURE_WINDOW_MS) {
      const end = times[i] + LOCK_MS
      if (until === null || end > until) until = end
    }
  }
  return until !== null && until > now.getTime() ? new Date(until) : null
}
