// The period a community view covers, from the URL: last 30 or 90 days, a quarter, or a custom
// range of days — always computed in the project's time zone, end exclusive.
import { DateTime } from 'luxon'
import { isQuarterId, monthsOf, quarterOf, quarterPeriod, shiftQuarter } from '#app/utils/time.ts'
import type { TimeRange } from './metrics.ts'

export interface ResolvedPeriod {
  /** the value for the URL's `period` parameter */
  key: string
  label: string
  range: TimeRange
  start: DateTime
  end: DateTime
  /** month keys covered, for charts */
  months: string[]
  /** custom range inputs, as picked (inclusive days) */
  from?: string
  to?: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function make(key: string, label: string, start: DateTime, end: DateTime, extra: Partial<ResolvedPeriod> = {}): ResolvedPeriod {
  return { key, label, start, end, range: { start: start.toJSDate(), end: end.toJSDate() }, months: monthsOf({ start, end }), ...extra }
}

/**
 * `period`: "30d" (default), "90d", "365d", a quarter like "2026-Q3", or "custom" with `from` and
 * `to` days (both included). Anything unreadable falls back to the last 30 days.
 */
export function resolvePeriod(params: URLSearchParams, now: Date, timeZone: string): ResolvedPeriod {
  const period = params.get('period') ?? '30d'
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day')
  const tomorrow = today.plus({ days: 1 })
  const days = /^(\d{1,3})d$/.exec(period)
  if (days && [30, 90, 365].includes(Number(days[1]))) {
    const n = Number(days[1])
    return make(period, `Last ${n} days`, tomorrow.minus({ days: n }), tomorrow)
  }
  if (isQuarterId(period)) {
    const { start, end } = quarterPeriod(period, timeZone)
    return make(period, period.replace('-', ' '), start, end)
  }
  if (period === 'custom') {
    const from = params.get('from') ?? ''
    const to = params.get('to') ?? ''
    if (DAY.test(from) && DAY.test(to)) {
      const start = DateTime.fromISO(from, { zone: timeZone }).startOf('day')
      const end = DateTime.fromISO(to, { zone: timeZone }).startOf('day').plus({ days: 1 })
      if (start.isValid && end.isValid && start < end && end.diff(start, 'days').days <= 3660)
        return make('custom', `${from} to ${to}`, start, end, { from, to })
    }
  }
  return make('30d', 'Last 30 days', tomorrow.minus({ days: 30 }), tomorrow)
}

/** The choices offered in the period picker: rolling windows, then the current and last seven quarters. */
export function periodChoices(now: Date, timeZone: string) {
  const current = quarterOf(now, timeZone)
  const quarters = Array.from({ length: 8 }, (_, i) => shiftQuarter(current, -i))
  return [
    { value: '30d', label: 'Last 30 days' },
    { value: '90d', label: 'Last 90 days' },
    { value: '365d', label: 'Last 365 days' },
    ...quarters.map((q) => ({ value: q, label: q.replace('-', ' ') })),
    { value: 'custom', label: 'Custom range…' },
  ]
}
