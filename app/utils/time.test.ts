import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, test } from 'vitest'
import { monthsOf, quarterOf, quarterPeriod, quartersBetween, shiftQuarter } from './time.ts'

describe('quarters', () => {
  test('bounds are computed in the project time zone', () => {
    const q = quarterPeriod('2025-Q3', 'Europe/London')
    expect(q.start.toISO()).toBe('2025-07-01T00:00:00.000+01:00')
    expect(q.end.toISO()).toBe('2025-10-01T00:00:00.000+01:00')
  })

  test('an instant near midnight belongs to the quarter of its zone', () => {
    const instant = new Date('2025-06-30T23:30:00Z')
    expect(quarterOf(instant, 'UTC')).toBe('2025-Q2')
    expect(quarterOf(instant, 'Europe/Berlin')).toBe('2025-Q3')
  })

  test('shift and list', () => {
    expect(shiftQuarter('2025-Q4', 1)).toBe('2026-Q1')
    expect(shiftQuarter('2025-Q1', -1)).toBe('2024-Q4')
    expect(shiftQuarter('2025-Q3', -4)).toBe('2024-Q3')
    expect(quartersBetween('2024-Q4', '2025-Q2')).toEqual(['2024-Q4', '2025-Q1', '2025-Q2'])
  })

  test('every instant lies in the period of its quarter', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'),
        (date, zone) => {
          const period = quarterPeriod(quarterOf(date, zone), zone)
          expect(period.start.toMillis()).toBeLessThanOrEqual(date.getTime())
          expect(period.end.toMillis()).toBeGreaterThan(date.getTime())
        },
      ),
    )
  })

  test('months of a quarter', () => {
    expect(monthsOf(quarterPeriod('2026-Q1', 'UTC'))).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(
      monthsOf({ start: DateTime.fromISO('2026-01-15', { zone: 'UTC' }), end: DateTime.fromISO('2026-03-01', { zone: 'UTC' }) }),
    ).toEqual(['2026-01', '2026-02'])
  })
})
