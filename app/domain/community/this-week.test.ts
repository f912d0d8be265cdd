import { expect, test } from 'vitest'
import { estimateCommunityMinutes, formatAge } from './this-week.ts'

test('10 minutes per thread over target, capped at 2 hours, plus 30 per milestone this week', () => {
  expect(estimateCommunityMinutes({ overTarget: 0, milestonesThisWeek: 0 })).toEqual({
    minutes: 0,
    minutesExplained: 'No thread over target and no milestone this week',
  })
  expect(estimateCommunityMinutes({ overTarget: 3, milestonesThisWeek: 1 })).toEqual({
    minutes: 60,
    minutesExplained: '3 threads over the response target × 10 min + 1 internship milestone this week × 30 min',
  })
  expect(estimateCommunityMinutes({ overTarget: 40, milestonesThisWeek: 0 })).toEqual({
    minutes: 120,
    minutesExplained: '40 threads over the response target × 10 min (capped at 120 min)',
  })
})

test('ages read as hours, then days', () => {
  expect(formatAge(5.4)).toBe('5 h')
  expect(formatAge(50)).toBe('2 days 2 h')
  expect(formatAge(24 * 9 + 5)).toBe('9 days')
})
