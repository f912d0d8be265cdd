// Cadence slots, filled slots, adherence and streaks (DESIGN.md, "Cadence slot"). Pure: data in,
// data out. Times are computed in the project's time zone: rrule works on "floating" dates (the
// wall-clock fields stored as if UTC), which are converted to real instants with luxon.
import { DateTime } from 'luxon'
import { RRule, type RRuleOptions } from '#app/utils/rrule.ts'
import { type SlotState, type WeekdayCode, WEEKDAYS } from './vocabulary.ts'

export interface CadenceInput {
  id: string
  /** null: the cadence applies to every active channel */
  channelId: string | null
  /** the RRULE without DTSTART, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU */
  rrule: string
  /** first valid day (yyyy-mm-dd, project time zone) */
  validFrom: string
  /** last valid day, included; null: open-ended */
  validUntil: string | null
  /** HH:mm local time of each slot */
  timeOfDay: string
  label: string
}

export interface Range {
  start: Date
  /** exclusive */
  end: Date
}

export interface Slot {
  cadenceId: string
  channelId: string
  label: string
  start: Date
  /** the window ends at the next slot on the same channel (or the rule's next occurrence) */
  end: Date
}

export interface PostPlacement {
  id: string
  channelIds: readonly string[]
  status: string
  scheduledFor: Date | null
  publishedAt: Date | null
}

export interface FilledSlot extends Slot {
  postIds: string[]
  state: SlotState
}

// ---------------------------------------------------------------- rules

/** The simple form: every N weeks on the given weekdays. */
export function buildWeeklyRrule(input: { intervalWeeks: number; weekdays: readonly WeekdayCode[] }) {
  const days = WEEKDAYS.filter((d) => input.weekdays.includes(d))
  if (days.length === 0) throw new Error('Choose at least one weekday')
  const interval = Math.max(1, Math.floor(input.intervalWeeks))
  return `FREQ=WEEKLY${interval > 1 ? `;INTERVAL=${interval}` : ''};BYDAY=${days.join(',')}`
}

export type RruleCheck = { ok: true; rrule: string; description: string } | { ok: false; message: string }

/**
 * Validates a raw RRULE typed in the advanced field. DTSTART, UNTIL and COUNT are refused:
 * the cadence's "valid from" and "valid until" dates give the start and the end.
 */
export function checkRrule(text: string): RruleCheck {
  const cleaned = text.trim().replace(/^RRULE:/i, '')
  if (!cleaned) return { ok: false, message: 'Enter a rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }
  if (/DTSTART|\n/i.test(cleaned)) return { ok: false, message: 'Give only the RRULE line; the start is the "valid from" date' }
  if (/(^|;)\s*(UNTIL|COUNT)\s*=/i.test(cleaned))
    return { ok: false, message: 'Leave out UNTIL and COUNT: use the "valid until" date to end a cadence' }
  let options: Partial<RRuleOptions>
  try {
    options = RRule.parseString(cleaned.toUpperCase())
  } catch (error) {
    return { ok: false, message: `Not a valid RRULE: ${(error as Error).message}` }
  }
  if (options.freq === undefined || options.freq === null) return { ok: false, message: 'The rule needs a FREQ, e.g. FREQ=WEEKLY' }
  if (options.freq > RRule.DAILY) return { ok: false, message: 'Slots more often than daily are not supported' }
  try {
    const rule = new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1, 9)) })
    const normalised = rule
      .toString()
      .replace(/^DTSTART:[^\n]*\n/, '')
      .replace(/^RRULE:/, '')
    if (!rule.after(new Date(Date.UTC(2026, 0, 1, 9)), true)) return { ok: false, message: 'The rule never produces a date' }
    return { ok: true, rrule: normalised, description: rule.toText() }
  } catch (error) {
    return { ok: false, message: `Not a valid RRULE: ${(error as Error).message}` }
  }
}

/** "every 2 weeks on Tuesday" */
export function describeRrule(rrule: string) {
  const check = checkRrule(rrule)
  return check.ok ? check.description : rrule
}

/** Reads a simple weekly rule back into the simple form's fields, or null when it is not one. */
export function parseWeeklyRrule(rrule: string): { intervalWeeks: number; weekdays: WeekdayCode[] } | null {
  const parts = Object.fromEntries(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  )
  const keys = Object.keys(parts).filter((k) => k !== 'WKST')
  if (parts.FREQ !== 'WEEKLY' || !parts.BYDAY || keys.some((k) => !['FREQ', 'INTERVAL', 'BYDAY'].includes(k))) return null
  const weekdays = parts.BYDAY.split(',') as WeekdayCode[]
  if (weekdays.some((d) => !WEEKDAYS.includes(d))) return null
  return { intervalWeeks: parts.INTERVAL ? Number(parts.INTERVAL) : 1, weekdays }
}

// ---------------------------------------------------------------- floating time

function toFloating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second))
}

function fromFloating(date: Date, timeZone: string): DateTime {
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    },
    { zone: timeZone },
  )
}

function parseTimeOfDay(timeOfDay: string) {
  const match = /^(\d{1,2}):(\d{2})$/.exec(timeOfDay)
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : { hour: 9, minute: 0 }
}

/** The cadence's first possible slot (valid from at the time of day) in the time zone. */
export function cadenceStart(cadence: Pick<CadenceInput, 'validFrom' | 'timeOfDay'>, timeZone: string): DateTime {
  return DateTime.fromISO(cadence.validFrom, { zone: timeZone }).set({ ...parseTimeOfDay(cadence.timeOfDay), second: 0, millisecond: 0 })
}

/** The end of the cadence's validity: the start of the day after "valid until" (exclusive), or null. */
export function cadenceEnd(cadence: Pick<CadenceInput, 'validUntil'>, timeZone: string): DateTime | null {
  return cadence.validUntil ? DateTime.fromISO(cadence.validUntil, { zone: timeZone }).startOf('day').plus({ days: 1 }) : null
}

function ruleOf(cadence: CadenceInput, timeZone: string) {
  const options = RRule.parseString(cadence.rrule.replace(/^RRULE:/i, ''))
  return new RRule({ ...options, dtstart: toFloating(cadenceStart(cadence, timeZone)) })
}

/**
 * The cadence's occurrences with start in [range.start, range.end), inside its validity.
 * Each is a real instant (the wall-clock time in the project's zone).
 */
export function cadenceOccurrences(cadence: CadenceInput, range: Range, timeZone: string): Date[] {
  const validFrom = cadenceStart(cadence, timeZone).toJSDate()
  const validEnd = cadenceEnd(cadence, timeZone)?.toJSDate()
  const start = Math.max(range.start.getTime(), validFrom.getTime())
  const end = Math.min(range.end.getTime(), validEnd ? validEnd.getTime() : Infinity)
  if (start >= end) return []
  const rule = ruleOf(cadence, timeZone)
  // Widen by a day on each side in floating time (time-zone offsets), then filter exactly.
  const fStart = toFloating(DateTime.fromMillis(start, { zone: timeZone }).minus({ days: 1 }))
  const fEnd = toFloating(DateTime.fromMillis(end, { zone: timeZone }).plus({ days: 1 }))
  return rule
    .between(fStart, fEnd, true)
    .map((d) => fromFloating(d, timeZone).toJSDate())
    .filter((d) => d.getTime() >= start && d.getTime() < end)
}

/** The first occurrence at or after `from` inside the cadence's validity, or null. */
function firstOccurrenceFrom(cadence: CadenceInput, from: Date, timeZone: string): Date | null {
  const validEnd = cadenceEnd(cadence, timeZone)?.toJSDate()
  const validFrom = cadenceStart(cadence, timeZone).toJSDate()
  const at = new Date(Math.max(from.getTime(), validFrom.getTime()))
  if (validEnd && at >= validEnd) return null
  const rule = ruleOf(cadence, timeZone)
  let cursor = toFloating(DateTime.fromJSDate(at, { zone: timeZone }).minus({ days: 1 }))
  for (let i = 0; i < 8; i++) {
    const next = rule.after(cursor, false)
    if (!next) return null
    const real = fromFloating(next, timeZone).toJSDate()
    if (validEnd && real >= validEnd) return null
    if (real >= at) return real
    cursor = next
  }
  return null
}

/** The rule's next occurrence after a slot, ignoring the end of validity (the natural interval). */
function nextOfOwnRule(cadence: CadenceInput, slot: Date, timeZone: string): Date | null {
  const next = ruleOf(cadence, timeZone).after(toFloating(DateTime.fromJSDate(slot, { zone: timeZone })), false)
  return next ? fromFloating(next, timeZone).toJSDate() : null
}

/** The channels a cadence applies to. */
export function cadenceChannels(cadence: Pick<CadenceInput, 'channelId'>, activeChannelIds: readonly string[]) {
  return cadence.channelId ? [cadence.channelId] : [...activeChannelIds]
}

/**
 * Every slot with start in the range, per channel, sorted by time. A slot's window runs to the
 * next slot on the same channel (or, when the cadence ends without a successor, to its rule's
 * next occurrence). Two cadences giving the same channel the same instant make one slot.
 */
export function slotsInRange(
  cadences: readonly CadenceInput[],
  activeChannelIds: readonly string[],
  range: Range,
  timeZone: string,
): Slot[] {
  const perChannel = new Map<string, { cadence: CadenceInput; start: Date }[]>()
  const tails = new Map<string, Date[]>()
  for (const cadence of cadences) {
    for (const channelId of cadenceChannels(cadence, activeChannelIds)) {
      const list = perChannel.get(channelId) ?? []
      for (const start of cadenceOccurrences(cadence, range, timeZone)) list.push({ cadence, start })
      perChannel.set(channelId, list)
      const tail = firstOccurrenceFrom(cadence, range.end, timeZone)
      if (tail) tails.set(channelId, [...(tails.get(channelId) ?? []), tail])
    }
  }
  const out: Slot[] = []
  for (const [channelId, list] of perChannel) {
    list.sort((a, b) => a.start.getTime() - b.start.getTime() || a.cadence.id.localeCompare(b.cadence.id))
    const unique = list.filter((item, i) => i === 0 || item.start.getTime() !== list[i - 1].start.getTime())
    const firstTail = (tails.get(channelId) ?? []).reduce<Date | null>((min, d) => (!min || d < min ? d : min), null)
    unique.forEach((item, i) => {
      const nextOnChannel = i + 1 < unique.length ? unique[i + 1].start : firstTail
      const own = nextOfOwnRule(item.cadence, item.start, timeZone)
      const candidates = [nextOnChannel, own].filter((d): d is Date => d !== null)
      const end = candidates.length
        ? new Date(Math.min(...candidates.map((d) => d.getTime())))
        : DateTime.fromJSDate(item.start).plus({ weeks: 1 }).toJSDate()
      out.push({ cadenceId: item.cadence.id, channelId, label: item.cadence.label, start: item.start, end })
    })
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.channelId.localeCompare(b.channelId))
}

// ---------------------------------------------------------------- filling

/** When a post counts on the calendar: published ones at their publish time, scheduled ones at their scheduled time. */
export function postInstant(post: Pick<PostPlacement, 'status' | 'scheduledFor' | 'publishedAt'>): Date | null {
  if (post.status === 'published') return post.publishedAt ?? post.scheduledFor
  if (post.status === 'scheduled') return post.scheduledFor
  return null
}

/**
 * Marks each slot filled when a post on its channel is scheduled or published within its window
 * [start, end). Unfilled slots are "missed" once their window has ended, "open" before.
 */
export function fillSlots(slots: readonly Slot[], posts: readonly PostPlacement[], now: Date): FilledSlot[] {
  const byChannel = new Map<string, { id: string; at: number }[]>()
  for (const post of posts) {
    const at = postInstant(post)
    if (!at) continue
    for (const channelId of post.channelIds) {
      const list = byChannel.get(channelId) ?? []
      list.push({ id: post.id, at: at.getTime() })
      byChannel.set(channelId, list)
    }
  }
  return slots.map((slot) => {
    const postIds = (byChannel.get(slot.channelId) ?? [])
      .filter((p) => p.at >= slot.start.getTime() && p.at < slot.end.getTime())
      .map((p) => p.id)
    const state: SlotState = postIds.length > 0 ? 'filled' : slot.end <= now ? 'missed' : 'open'
    return { ...slot, postIds, state }
  })
}

export interface Adherence {
  slots: number
  filled: number
  /** filled / slots, null when there were no slots */
  adherence: number | null
}

/** DESIGN.md: adherence = filled slots / slots. */
export function adherenceOf(slots: readonly Pick<FilledSlot, 'state'>[]): Adherence {
  const filled = slots.filter((s) => s.state === 'filled').length
  return { slots: slots.length, filled, adherence: slots.length ? filled / slots.length : null }
}

/**
 * The streak of kept slots: filled slots in a row, counting back from the most recent one that
 * is settled (filled, or its window over). Open slots still in their window do not break it.
 */
export function streakOf(slots: readonly FilledSlot[], now: Date): number {
  const settled = slots.filter((s) => s.start <= now && s.state !== 'open').sort((a, b) => b.start.getTime() - a.start.getTime())
  let streak = 0
  for (const slot of settled) {
    if (slot.state !== 'filled') break
    streak += 1
  }
  return streak
}

/** ISO week key like 2026-W41, in the time zone. */
export function weekKey(instant: Date, timeZone: string) {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("kkkk-'W'WW")
}

/** One row per ISO week touching the period: posts published and slots, for the chart. */
export function weeklySeries(input: {
  period: { start: DateTime; end: DateTime }
  slots: readonly Slot[]
  published: readonly Date[]
  timeZone: string
}) {
  const rows = new Map<string, { week: string; published: number; slots: number }>()
  for (let w = input.period.start.setZone(input.timeZone).startOf('week'); w < input.period.end; w = w.plus({ weeks: 1 })) {
    const key = w.toFormat("kkkk-'W'WW")
    rows.set(key, { week: key, published: 0, slots: 0 })
  }
  for (const slot of input.slots) {
    const row = rows.get(weekKey(slot.start, input.timeZone))
    if (row) row.slots += 1
  }
  for (const at of input.published) {
    const row = rows.get(weekKey(at, input.timeZone))
    if (row) row.published += 1
  }
  return [...rows.values()]
}

/**
 * The RRULE for a calendar feed: the stored rule plus UNTIL (UTC) when the cadence ends, so
 * calendar apps expand exactly the slots Steward shows.
 */
export function feedRrule(cadence: Pick<CadenceInput, 'rrule' | 'validUntil'>, timeZone: string) {
  const rule = cadence.rrule.replace(/^RRULE:/i, '')
  if (!cadence.validUntil) return rule
  const lastInstant = DateTime.fromISO(cadence.validUntil, { zone: timeZone }).endOf('day').toUTC()
  return `${rule};UNTIL=${lastInstant.toFormat("yyyyMMdd'T'HHmmss'Z'")}`
}
