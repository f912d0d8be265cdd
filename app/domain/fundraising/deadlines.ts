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

type DeadlineRule = { dueOn: string; rrule: string | null }

function ruleOf(deadline: DeadlineRule): RRule | null {
  const rule = normaliseRrule(deadline.rrule)
  if (!rule) return null
  const start = DateTime.fromISO(deadline.dueOn, { zone: 'UTC' })
  return rrulestr(`DTSTART:${start.toFormat("yyyyMMdd'T'HHmmss'Z'")}\nRRULE:${rule}`) as RRule
}
const isoDate = (d: Date) => d.toISOString().slice(0, 10)

/** The occurrences (ISO dates) of a deadline within [from, to] (dates, both inclusive). */
export function deadlineDates(deadline: DeadlineRule, from: string, to: string): string[] {
  const parsed = ruleOf(deadline)
  if (!parsed) return deadline.dueOn >= from && deadline.dueOn <= to ? [deadline.dueOn] : []
  const lo = DateTime.fromISO(from, { zone: 'UTC' }).toJSDate()
  const hi = DateTime.fromISO(to, { zone: 'UTC' }).endOf('day').toJSDate()
  return parsed.between(lo, hi, true).map(isoDate)
}

/** Whether `date` is one of the deadline's occurrences. */
export function isOccurrence(deadline: DeadlineRule, date: string) {
  return deadlineDates(deadline, date, date).length === 1
}

/** The last occurrence of a finite series (COUNT or UNTIL), or of a one-off deadline; null when it never ends. */
export function lastOccurrence(deadline: DeadlineRule): string | null {
  const parsed = ruleOf(deadline)
  if (!parsed) return deadline.dueOn
  if (!parsed.options.count && !parsed.options.until) return null
  const all = parsed.all()
  return all.length ? isoDate(all[all.length - 1]) : null
}

/**
 * The first `limit` occurrences on or after `from` that are not in `done`: what is still open of a
 * series. A one-off deadline has its due date, whatever `from` says, until it is done.
 */
export function openOccurrences(deadline: DeadlineRule, done: ReadonlySet<string>, from: string, limit: number): string[] {
  const parsed = ruleOf(deadline)
  if (!parsed) return done.has(deadline.dueOn) ? [] : [deadline.dueOn]
  const out: string[] = []
  const lo = DateTime.fromISO(from, { zone: 'UTC' }).toJSDate()
  parsed.between(lo, new Date(8.64e15), true, (d) => {
    const date = isoDate(d)
    if (!done.has(date)) out.push(date)
    return out.length < limit
  })
  return out
}

/** Whole days from `today` to `due` (both ISO dates). */
export function daysUntil(today: string, due: string) {
  return Math.round(DateTime.fromISO(due, { zone: 'UTC' }).diff(DateTime.fromISO(today, { zone: 'UTC' }), 'days').days)
}

/** Minutes of work a deadline asks this week: 60 when due within 7 days, 20 otherwise. */
export function deadlineMinutes(days: number) {
  return days <= 7 ? 60 : 20
}
