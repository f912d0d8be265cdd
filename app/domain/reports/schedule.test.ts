import { expect, test } from 'vitest'
import { quarterDueForDraft } from './schedule.ts'

test('the draft of the quarter just ended is due on the first day of the next, in the project time zone', () => {
  // 1 October 00:30 in Auckland is still 30 September in UTC
  expect(quarterDueForDraft(new Date('2025-09-30T11:30:00Z'), 'Pacific/Auckland')).toBe('2025-Q3')
  expect(quarterDueForDraft(new Date('2025-09-30T11:30:00Z'), 'UTC')).toBeNull()
  expect(quarterDueForDraft(new Date('2026-01-01T00:05:00Z'), 'UTC')).toBe('2025-Q4')
  // catch-up during the first week, then nothing until the next quarter
  expect(quarterDueForDraft(new Date('2026-04-07T23:00:00Z'), 'UTC')).toBe('2026-Q1')
  expect(quarterDueForDraft(new Date('2026-04-08T00:00:00Z'), 'UTC')).toBeNull()
  expect(quarterDueForDraft(new Date('2026-05-15T12:00:00Z'), 'America/Los_Angeles')).toBeNull()
})
