import { expect, test } from 'vitest'
import { daysUntil, deadlineDates, deadlineMinutes, isValidRrule, normaliseRrule } from './deadlines.ts'

test('a one-off deadline occurs once, inside the range only', () => {
  expect(deadlineDates({ dueOn: '2026-03-31', rrule: null }, '2026-03-01', '2026-03-31')).toEqual(['2026-03-31'])
  expect(deadlineDates({ dueOn: '2026-04-01', rrule: null }, '2026-03-01', '2026-03-31')).toEqual([])
})

test('a quarterly report recurs from its first due date', () => {
  expect(deadlineDates({ dueOn: '2026-01-15', rrule: 'RRULE:FREQ=MONTHLY;INTERVAL=3' }, '2026-02-01', '2026-12-31')).toEqual([
    '2026-04-15',
    '2026-07-15',
    '2026-10-15',
  ])
  expect(deadlineDates({ dueOn: '2026-01-15', rrule: 'FREQ=MONTHLY;INTERVAL=3;COUNT=2' }, '2026-01-01', '2027-12-31')).toEqual([
    '2026-01-15',
    '2026-04-15',
  ])
})

test('rules are validated', () => {
  expect(normaliseRrule(' rrule:freq=yearly ')).toBe('FREQ=YEARLY')
  expect(normaliseRrule('')).toBeNull()
  expect(isValidRrule('FREQ=SOMETIMES')).toBe(false)
  expect(isValidRrule('DTSTART:20260101T000000Z')).toBe(false)
})

test('days until and minutes', () => {
  expect(daysUntil('2026-03-01', '2026-03-31')).toBe(30)
  expect(daysUntil('2026-03-28', '2026-03-29')).toBe(1)
  expect(deadlineMinutes(7)).toBe(60)
  expect(deadlineMinutes(8)).toBe(20)
})
