import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { formatMinutes, summariseWorkload, type WeekCard, weekContaining } from './week.ts'

const card = (key: string, minutes: number): WeekCard => ({
  key,
  role: 'admin',
  title: key,
  summary: '',
  items: [],
  minutes,
  minutesExplained: '',
  href: '/',
})

describe('weekContaining', () => {
  test('weeks start on Monday in the project time zone', () => {
    // Sunday 23:30 in UTC is already Monday in Tokyo.
    const now = new Date('2026-11-29T23:30:00Z')
    expect(weekContaining(now, 'UTC').start.toISODate()).toBe('2026-11-23')
    expect(weekContaining(now, 'Asia/Tokyo').start.toISODate()).toBe('2026-11-30')
  })

  test('a week always contains its instant and lasts seven days of the zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'),
        (now, zone) => {
          const week = weekContaining(now, zone)
          expect(week.start.toMillis()).toBeLessThanOrEqual(now.getTime())
          expect(week.end.toMillis()).toBeGreaterThan(now.getTime())
          expect(week.start.weekday).toBe(1)
          expect(week.end.diff(week.start, 'days').days).toBe(7)
        },
      ),
    )
  })
})

describe('summariseWorkload', () => {
  test('adds the minutes of every card against the budget', () => {
    const w = summariseWorkload([card('a', 90), card('b', 0), card('c', 180)], 240)
    expect(w.totalMinutes).toBe(270)
    expect(w.overBudget).toBe(true)
    expect(w.ratio).toBeCloseTo(1.125)
    expect(w.parts.map((p) => p.key)).toEqual(['a', 'c'])
  })

  test('an empty week uses nothing', () => {
    expect(summariseWorkload([], 240)).toMatchObject({ totalMinutes: 0, ratio: 0, overBudget: false })
  })
})

test('formatMinutes', () => {
  expect(formatMinutes(45)).toBe('45 min')
  expect(formatMinutes(120)).toBe('2 h')
  expect(formatMinutes(135)).toBe('2 h 15 min')
})
