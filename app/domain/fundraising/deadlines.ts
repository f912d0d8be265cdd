// Grant deadlines as calendar dates: one-off (a due date) or recurring (an RRULE whose first
// occurrence is the due date, e.g. quarterly reports to a funder). Pure: dates in, dates out.
import { DateTime } from 'luxon'
import { rrulestr, type RRule } from '#app/utils/rrule.ts'

export const REMINDER_DAYS = [30, 7, 1] as const

/** Normalises "RRULE:FREQ=…" or "FREQ=…"; returns null when empty; throws on an invalid rule. */
export function normaliseRrule(text: string | null | undefined): string | null {
  const value = (text ?? '').trim().replace(/^RRULE:/i, '')
  if (!value) return null
  if (/DTSTART/i.test(value)) throw new Error('Leave DTSTART out: the due date is the first occurrence')
  rrulestr(`DTSTART:20000101T000000Z\nRRULE:${value}`)
  if (!/FREQ=/i.test(value)) throw new Error('An RRULE needs FREQ, e.g. FREQ=MONTHLY;INTERVAL=3')
  return value.toUpperCase()
}

export function isValidRrule(text: string | null | undefined) {
  try {
    normaliseRrule(text)
    return true
  } catch {
    return false
  }
}

/** The occurrences (ISO dates) of a deadline within [from, to] (dates, both inclusive). */
export function deadlineDates(deadline: { dueOn: string; rrule: string | null }, from: string, to: string): string[] {
  const rule = normaliseRrule(deadline.rrule)
  if (!rule) return deadline.dueOn >= from && deadline.dueOn <= to ? [deadline.dueOn] : []
  const start = DateTime.fromISO(deadline.dueOn, { zone: 'UTC' })
  const parsed = rrulestr(`DTSTART:${start.toFormat("yyyyMMdd'T'HHmmss'Z'")}\nRRULE:${rule}`) as RRule
  const lo = DateTime.fromISO(from, { zone: 'UTC' }).toJSDate()
  const hi = DateTime.fromISO(to, { zone: 'UTC' }).endOf('day').toJSDate()
  return parsed.between(lo, hi, true).map((d) => d.toISOString().slice(0, 10))
}

/** Whole days from `today` to `due` (both ISO dates). */
export function daysUntil(today: string, due: string) {
  return Math.round(DateTime.fromISO(due, { zone: 'UTC' }).diff(DateTime.fromISO(today, { zone: 'UTC' }), 'days').days)
}

/** Minutes of work a deadline asks this week: 60 when due within 7 days, 20 otherwise. */
export function deadlineMinutes(days: number) {
  return days <= 7 ? 60 : 20
}
