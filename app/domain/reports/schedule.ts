import { DateTime } from 'luxon'
import { type QuarterId, quarterOf, shiftQuarter } from '#app/utils/time.ts'

/** How many days into a quarter the job still creates a missed draft (the worker may have been down). */
export const CATCH_UP_DAYS = 7

/**
 * The quarter whose draft is due at `now`: the quarter just ended, during the first days of the
 * next one in the project's time zone; otherwise none.
 */
export function quarterDueForDraft(now: Date, timeZone: string): QuarterId | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone })
  const quarterStart = local.startOf('quarter')
  if (local.diff(quarterStart, 'days').days >= CATCH_UP_DAYS) return null
  return shiftQuarter(quarterOf(now, timeZone), -1)
}
