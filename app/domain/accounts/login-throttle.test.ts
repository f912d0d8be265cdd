import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { LOCK_MS, lockedUntil } from './login-throttle.ts'

const t0 = new Date('2026-01-01T10:00:00Z').getTime()
const at = (minutes: number) => new Date(t0 + minutes * 60_000)

describe('lockedUntil', () => {
  test('four failures never lock', () => {
    expect(lockedUntil([at(0), at(1), at(2), at(3)], at(4))).toBeNull()
  })

  test('five failures within 15 minutes lock for 15 minutes from the fifth', () => {
    const failures = [at(0), at(2), at(5), at(9), at(14)]
    expect(lockedUntil(failures, at(14))).toEqual(at(29))
    expect(lockedUntil(failures, at(28.9))).toEqual(at(29))
    expect(lockedUntil(failures, at(29))).toBeNull()
  })

  test('five failures spread over more than 15 minutes do not lock', () => {
    expect(lockedUntil([at(0), at(4), at(8), at(12), at(16)], at(16))).toBeNull()
  })

  test('order of the input does not matter', () => {
    expect(lockedUntil([at(14), at(0), at(9), at(2), at(5)], at(15))).toEqual(at(29))
  })

  test('a lock never lasts longer than LOCK_MS after the last failure', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 * 60_000 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 150 * 60_000 }),
        (offsets, nowOffset) => {
          const failures = offsets.map((o) => new Date(t0 + o))
          const now = new Date(t0 + nowOffset)
          const until = lockedUntil(failures, now)
          if (until === null) return
          expect(until.getTime()).toBeGreaterThan(now.getTime())
          const last = Math.max(...offsets.map((o) => t0 + o))
          expect(until.getTime()).toBeLessThanOrEqual(last + LOCK_MS)
        },
      ),
    )
  })
})
