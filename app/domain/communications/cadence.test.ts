import fc from 'fast-check'
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import { describe, expect, test } from 'vitest'
import {
  adherenceOf,
  buildWeeklyRrule,
  type CadenceInput,
  checkRrule,
  feedRrule,
  fillSlots,
  parseWeeklyRrule,
  type PostPlacement,
  slotsInRange,
  streakOf,
  weeklySeries,
} from './cadence.ts'
import { WEEKDAYS } from './vocabulary.ts'

const LONDON = 'Europe/London'
const utc = (iso: string) => new Date(iso)

function cadence(overrides: Partial<CadenceInput> = {}): CadenceInput {
  return {
    id: 'c1',
    channelId: 'x',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    validFrom: '2026-01-06',
    validUntil: null,
    timeOfDay: '09:00',
    label: 'Biweekly',
    ...overrides,
  }
}

const local = (d: Date, zone = LONDON) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm')

describe('slots', () => {
  test('every other Tuesday until 31 March, then every Tuesday: the switch shows', () => {
    const cadences = [
      cadence({ id: 'a', validUntil: '2026-03-31' }),
      cadence({ id: 'b', rrule: 'FREQ=WEEKLY;BYDAY=TU', validFrom: '2026-04-01', label: 'Weekly' }),
    ]
    const slots = slotsInRange(cadences, ['x'], { start: utc('2026-03-01T00:00:00Z'), end: utc('2026-04-22T00:00:00Z') }, LONDON)
    expect(slots.map((s) => `${local(s.start)} ${s.cadenceId}`)).toEqual([
      '2026-03-03 09:00 a',
      '2026-03-17 09:00 a',
      '2026-03-31 09:00 a',
      '2026-04-07 09:00 b',
      '2026-04-14 09:00 b',
      '2026-04-21 09:00 b',
    ])
    // 09:00 London is 09:00Z in winter and 08:00Z in summer
    expect(slots[0].start.toISOString()).toBe('2026-03-03T09:00:00.000Z')
    expect(slots[2].start.toISOString()).toBe('2026-03-31T08:00:00.000Z')
    // windows run to the next slot; the last one to the next slot after the range
    expect(local(slots[2].end)).toBe('2026-04-07 09:00')
    expect(local(slots[5].end)).toBe('2026-04-28 09:00')
  })

  test('a cadence for all channels gives each active channel its slots; a cadence that ends closes its last window at its own interval', () => {
    const slots = slotsInRange(
      [cadence({ channelId: null, validUntil: '2026-01-20' })],
      ['x', 'li'],
      { start: utc('2026-01-01T00:00:00Z'), end: utc('2026-03-01T00:00:00Z') },
      'UTC',
    )
    expect(slots.map((s) => `${s.channelId} ${s.start.toISOString().slice(0, 10)} → ${s.end.toISOString().slice(0, 10)}`)).toEqual([
      'li 2026-01-06 → 2026-01-20',
      'x 2026-01-06 → 2026-01-20',
      'li 2026-01-20 → 2026-02-03',
      'x 2026-01-20 → 2026-02-03',
    ])
  })

  test('a slot is filled by a scheduled or published post on its channel within its window; drafts and other channels do not count', () => {
    const slots = slotsInRange([cadence()], ['x'], { start: utc('2026-01-01T00:00:00Z'), end: utc('2026-02-15T00:00:00Z') }, 'UTC')
    const posts: PostPlacement[] = [
      { id: 'p1', channelIds: ['x'], status: 'published', scheduledFor: null, publishedAt: utc('2026-01-08T12:00:00Z') },
      { id: 'p2', channelIds: ['x'], status: 'draft', scheduledFor: utc('2026-01-21T12:00:00Z'), publishedAt: null },
      { id: 'p3', channelIds: ['li'], status: 'scheduled', scheduledFor: utc('2026-01-21T12:00:00Z'), publishedAt: null },
      { id: 'p4', channelIds: ['x'], status: 'scheduled', scheduledFor: utc('2026-02-04T10:00:00Z'), publishedAt: null },
    ]
    const filled = fillSlots(slots, posts, utc('2026-02-05T00:00:00Z'))
    expect(filled.map((s) => [s.start.toISOString().slice(0, 10), s.state, s.postIds])).toEqual([
      ['2026-01-06', 'filled', ['p1']],
      ['2026-01-20', 'missed', []],
      ['2026-02-03', 'filled', ['p4']],
    ])
    expect(adherenceOf(filled)).toEqual({ slots: 3, filled: 2, adherence: 2 / 3 })
  })

  test('the streak counts kept slots back from the latest settled one; an open slot in its window does not break it', () => {
    const slots = slotsInRange(
      [cadence({ rrule: 'FREQ=WEEKLY;BYDAY=TU' })],
      ['x'],
      { start: utc('2026-01-01T00:00:00Z'), end: utc('2026-02-15T00:00:00Z') },
      'UTC',
    )
    // Tuesdays: Jan 6, 13, 20, 27, Feb 3, 10
    const at = (iso: string): PostPlacement => ({
      id: iso,
      channelIds: ['x'],
      status: 'published',
      scheduledFor: null,
      publishedAt: utc(iso),
    })
    const posts = [at('2026-01-06T10:00:00Z'), at('2026-01-20T10:00:00Z'), at('2026-01-27T10:00:00Z'), at('2026-02-03T10:00:00Z')]
    const now = utc('2026-02-12T00:00:00Z')
    const filled = fillSlots(slots, posts, now)
    expect(filled.map((s) => s.state)).toEqual(['filled', 'missed', 'filled', 'filled', 'filled', 'open'])
    expect(streakOf(filled, now)).toBe(3)
  })

  test('the weekly series counts slots and published posts per ISO week', () => {
    const tz = 'UTC'
    const period = { start: DateTime.fromISO('2026-01-01', { zone: tz }), end: DateTime.fromISO('2026-01-19', { zone: tz }) }
    const slots = slotsInRange(
      [cadence({ rrule: 'FREQ=WEEKLY;BYDAY=TU' })],
      ['x'],
      { start: period.start.toJSDate(), end: period.end.toJSDate() },
      tz,
    )
    expect(weeklySeries({ period, slots, published: [utc('2026-01-07T10:00:00Z'), utc('2026-01-08T10:00:00Z')], timeZone: tz })).toEqual([
      { week: '2026-W01', published: 0, slots: 0 },
      { week: '2026-W02', published: 2, slots: 1 },
      { week: '2026-W03', published: 0, slots: 1 },
    ])
  })
})

describe('rules', () => {
  test('the simple form builds a weekly rule and reads it back', () => {
    expect(buildWeeklyRrule({ intervalWeeks: 2, weekdays: ['TU'] })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')
    expect(buildWeeklyRrule({ intervalWeeks: 1, weekdays: ['TH', 'MO'] })).toBe('FREQ=WEEKLY;BYDAY=MO,TH')
    expect(parseWeeklyRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toEqual({ intervalWeeks: 2, weekdays: ['TU'] })
    expect(parseWeeklyRrule('FREQ=MONTHLY;BYDAY=1TU')).toBeNull()
  })

  test('the advanced field accepts valid rules and explains what is wrong with others', () => {
    expect(checkRrule('RRULE:FREQ=MONTHLY;BYDAY=1TU')).toMatchObject({ ok: true, rrule: 'FREQ=MONTHLY;BYDAY=+1TU' })
    expect(checkRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toMatchObject({ ok: true, description: 'every 2 weeks on Tuesday' })
    expect(checkRrule('')).toMatchObject({ ok: false })
    expect(checkRrule('FREQ=SOMETIMES')).toMatchObject({ ok: false })
    expect(checkRrule('FREQ=WEEKLY;COUNT=3')).toMatchObject({ ok: false, message: expect.stringMatching(/valid until/) })
    expect(checkRrule('FREQ=HOURLY')).toMatchObject({ ok: false })
  })

  test('the feed rule carries UNTIL as the end of the last valid day, in UTC', () => {
    expect(feedRrule({ rrule: 'FREQ=WEEKLY;BYDAY=TU', validUntil: '2026-03-31' }, LONDON)).toBe(
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260331T225959Z',
    )
    expect(feedRrule({ rrule: 'FREQ=WEEKLY;BYDAY=TU', validUntil: null }, LONDON)).toBe('FREQ=WEEKLY;BYDAY=TU')
  })
})

// ---------------------------------------------------------------- properties

const DAY = 86_400_000
const BASE = Date.UTC(2025, 0, 1)
const dayIso = (offset: number) => new Date(BASE + offset * DAY).toISOString().slice(0, 10)

const ruleArb = fc.oneof(
  fc
    .record({ interval: fc.integer({ min: 1, max: 4 }), days: fc.subarray([...WEEKDAYS], { minLength: 1 }) })
    .map(({ interval, days }) => buildWeeklyRrule({ intervalWeeks: interval, weekdays: days })),
  fc.integer({ min: 1, max: 10 }).map((n) => `FREQ=DAILY;INTERVAL=${n}`),
  fc.integer({ min: 1, max: 28 }).map((d) => `FREQ=MONTHLY;BYMONTHDAY=${d}`),
)

/** Independent expansion with ical.js (a different RFC 5545 implementation), in UTC. */
function icalOccurrences(rrule: string, dtstart: string, timeOfDay: string, until: number, range: { start: number; end: number }) {
  const recur = ICAL.Recur.fromString(rrule)
  const start = ICAL.Time.fromDateTimeString(`${dtstart}T${timeOfDay}:00Z`)
  const iterator = recur.iterator(start)
  let count = 0
  for (let next = iterator.next(); next; next = iterator.next()) {
    const ms = next.toJSDate().getTime()
    if (ms >= until || ms >= range.end) break
    if (ms >= range.start) count += 1
  }
  return count
}

describe('properties', () => {
  test('slot counts equal the RRULE occurrences over any range', () => {
    fc.assert(
      fc.property(
        ruleArb,
        fc.integer({ min: 0, max: 400 }),
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 200 }),
        (rrule, from, lengthOrNull, rangeStart, rangeLength) => {
          const validUntil = lengthOrNull === null ? null : dayIso(from + lengthOrNull)
          const c = cadence({ rrule, validFrom: dayIso(from), validUntil, timeOfDay: '09:30' })
          const range = { start: BASE + rangeStart * DAY, end: BASE + (rangeStart + rangeLength) * DAY }
          const slots = slotsInRange([c], ['x'], { start: new Date(range.start), end: new Date(range.end) }, 'UTC')
          const until = validUntil ? BASE + (from + (lengthOrNull ?? 0) + 1) * DAY : Infinity
          expect(slots.length).toBe(icalOccurrences(rrule, dayIso(from), '09:30', until, range))
        },
      ),
      { numRuns: 150 },
    )
  })

  test('adjoining cadences never double-count: slots split exactly between them, one per instant and channel', () => {
    fc.assert(
      fc.property(
        ruleArb,
        ruleArb,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('UTC', LONDON, 'America/New_York'),
        (r1, r2, from, switchAfter, span, zone) => {
          const first = cadence({ id: 'a', rrule: r1, validFrom: dayIso(from), validUntil: dayIso(from + switchAfter) })
          const second = cadence({ id: 'b', rrule: r2, validFrom: dayIso(from + switchAfter + 1) })
          const range = { start: new Date(BASE + from * DAY - DAY), end: new Date(BASE + (from + span) * DAY) }
          const both = slotsInRange([first, second], ['x'], range, zone)
          const alone = slotsInRange([first], ['x'], range, zone).length + slotsInRange([second], ['x'], range, zone).length
          expect(both.length).toBe(alone)
          expect(new Set(both.map((s) => s.start.getTime())).size).toBe(both.length)
          const switchAt = DateTime.fromISO(dayIso(from + switchAfter + 1), { zone }).toMillis()
          for (const slot of both)
            expect(slot.cadenceId === 'a' ? slot.start.getTime() < switchAt : slot.start.getTime() >= switchAt).toBe(true)
          // windows on a channel never overlap, so a post fills at most one slot
          for (let i = 1; i < both.length; i++) expect(both[i - 1].end.getTime()).toBeLessThanOrEqual(both[i].start.getTime())
        },
      ),
      { numRuns: 100 },
    )
  })

  test('adherence is within 0..1 and a post fills at most one slot per channel', () => {
    fc.assert(
      fc.property(
        ruleArb,
        fc.array(
          fc.record({
            offsetHours: fc.integer({ min: 0, max: 24 * 120 }),
            status: fc.constantFrom('idea', 'draft', 'ready', 'scheduled', 'published', 'skipped'),
            channel: fc.constantFrom('x', 'li'),
          }),
          { maxLength: 40 },
        ),
        (rrule, posts) => {
          const range = { start: new Date(BASE), end: new Date(BASE + 100 * DAY) }
          const slots = slotsInRange([cadence({ rrule, channelId: null, validFrom: dayIso(0) })], ['x', 'li'], range, LONDON)
          const placed: PostPlacement[] = posts.map((p, i) => {
            const at = new Date(BASE + p.offsetHours * 3_600_000)
            return {
              id: `p${i}`,
              channelIds: [p.channel],
              status: p.status,
              scheduledFor: at,
              publishedAt: p.status === 'published' ? at : null,
            }
          })
          const filled = fillSlots(slots, placed, new Date(BASE + 60 * DAY))
          const result = adherenceOf(filled)
          if (result.adherence !== null) {
            expect(result.adherence).toBeGreaterThanOrEqual(0)
            expect(result.adherence).toBeLessThanOrEqual(1)
          } else expect(result.slots).toBe(0)
          for (const post of placed) {
            for (const ch of ['x', 'li'])
              expect(filled.filter((s) => s.channelId === ch && s.postIds.includes(post.id)).length).toBeLessThanOrEqual(1)
          }
        },
      ),
      { numRuns: 100 },
    )
  })
})
