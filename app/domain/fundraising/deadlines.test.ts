import { expect, test } from 'vitest'
import {
  daysUntil,
  deadlineDates,
  deadlineMinutes,
  isOccurrence,
  isValidRrule,
  lastOccurrence,
  normaliseRrule,
  openOccurrences,
} from './deadlines.ts'

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

test('the last occurrence of a finite series, by COUNT or UNTIL; none for an endless one', () => {
  // 2026-01-15 + 3 months × (3 − 1) = 2026-07-15
  expect(lastOccurrence({ dueOn: '2026-01-15', rrule: 'FREQ=MONTHLY;INTERVAL=3;COUNT=3' })).toBe('2026-07-15')
  // monthly on the 31st until 2026-06-30: January, March, May (the months with a 31st)
  expect(lastOccurrence({ dueOn: '2026-01-31', rrule: 'FREQ=MONTHLY;UNTIL=20260630T000000Z' })).toBe('2026-05-31')
  expect(lastOccurrence({ dueOn: '2026-01-15', rrule: 'FREQ=YEARLY' })).toBeNull()
  expect(lastOccurrence({ dueOn: '2026-01-15', rrule: null })).toBe('2026-01-15')
})

test('open occurrences skip the done ones and go on past them', () => {
  const quarterly = { dueOn: '2026-01-15', rrule: 'FREQ=MONTHLY;INTERVAL=3' }
  expect(openOccurrences(quarterly, new Set(['2026-01-15']), '2026-01-01', 2)).toEqual(['2026-04-15', '2026-07-15'])
  expect(openOccurrences(quarterly, new Set(), '2026-05-01', 1)).toEqual(['2026-07-15'])
  const twice = { dueOn: '2026-01-15', rrule: 'FREQ=MONTHLY;INTERVAL=3;COUNT=2' }
  expect(openOccurrences(twice, new Set(['2026-01-15', '2026-04-15']), '2026-01-01', 3)).toEqual([])
  expect(openOccurrences({ dueOn: '2026-01-15', rrule: null }, new Set(), '2026-06-01', 3)).toEqual(['2026-01-15'])
  expect(isOccurrence(quarterly, '2026-04-15')).toBe(true)
  expect(isOccurrence(quarterly, '2026-04-16')).toBe(false)
})
