import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ATTEMPT_WINDOW_MS, bucketsFor, lockedUntil } from './login-throttle.ts'

const t0 = new Date('2026-01-01T10:00:00Z').getTime()
const at = (minutes: number) => new Date(t0 + minutes * 60_000)

describe('lockedUntil', () => {
  test('nine failures within the hour never lock at a limit of ten', () => {
    expect(lockedUntil([0, 1, 2, 3, 4, 5, 6, 7, 8].map(at), 10, at(9))).toBeNull()
  })

  test('the tenth failure within the hour locks until the first leaves the window', () => {
    const failures = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45].map(at)
    // first failure at 0 min; it leaves the hour at 60 min
    expect(lockedUntil(failures, 10, at(45))).toEqual(at(60))
    expect(lockedUntil(failures, 10, at(59.9))).toEqual(at(60))
    expect(lockedUntil(failures, 10, at(60))).toBeNull()
  })

  test('with more failures than the limit, the lock lasts until enough have left', () => {
    // 12 failures, one a minute from 0 to 11; limit 10: the 3rd (at 2 min) must leave, at 62 min
    expect(lockedUntil([...Array(12).keys()].map(at), 10, at(11))).toEqual(at(62))
  })

  test('failures older than an hour do not count; order does not matter', () => {
    expect(lockedUntil([-61, -70, 1, 2].map(at), 3, at(3))).toBeNull()
    expect(lockedUntil([2, 0, 1].map(at), 3, at(3))).toEqual(at(60))
  })

  test('locked exactly when the hour before holds `limit` failures, and free again at the time given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 180 * 60_000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 200 * 60_000 }),
        (offsets, limit, nowOffset) => {
          const failures = offsets.map((o) => new Date(t0 + o))
          const now = t0 + nowOffset
          const inWindow = (time: number) => offsets.filter((o) => t0 + o > time - ATTEMPT_WINDOW_MS && t0 + o <= time).length
          const until = lockedUntil(failures, limit, new Date(now))
          if (until === null) {
            expect(inWindow(now)).toBeLessThan(limit)
            return
          }
          expect(inWindow(now)).toBeGreaterThanOrEqual(limit)
          expect(until.getTime()).toBeGreaterThan(now)
          expect(until.getTime()).toBeLessThanOrEqual(now + ATTEMPT_WINDOW_MS)
          // the failures up to now that are still in the window at `until` are fewer than the limit
          expect(offsets.filter((o) => t0 + o <= now && t0 + o > until.getTime() - ATTEMPT_WINDOW_MS).length).toBeLessThan(limit)
        },
      ),
    )
  })
})

describe('bucketsFor', () => {
  test('a device cookie has its own allowance; anything else counts per account and per address', () => {
    expect(bucketsFor('d1')).toEqual(['device'])
    expect(bucketsFor(null)).toEqual(['account', 'address'])
  })
})
