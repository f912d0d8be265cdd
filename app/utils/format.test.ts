import { expect, test } from 'vitest'
import { formatDate, formatDateTime, viewerTimeZone } from './format.ts'

// 10 March 2026 20:30 UTC. Auckland keeps summer time until 5 April (NZDT, UTC+13): 11 March
// 09:30. Los Angeles moved to summer time on 8 March (PDT, UTC−7): 10 March 13:30.
const instant = '2026-03-10T20:30:00Z'

test('the same instant reads as each viewer’s own local date and time', () => {
  expect(formatDateTime(instant, 'Pacific/Auckland')).toBe('11 Mar 2026, 09:30')
  expect(formatDateTime(instant, 'America/Los_Angeles')).toBe('10 Mar 2026, 13:30')
  expect(formatDate(instant, 'Pacific/Auckland')).toBe('11 Mar 2026')
  expect(formatDate(instant, 'America/Los_Angeles')).toBe('10 Mar 2026')
  expect(formatDate(new Date(instant), 'UTC')).toBe('10 Mar 2026')
})

test('a person without a time zone of their own reads the organisation’s', () => {
  expect(viewerTimeZone({ timeZone: 'Pacific/Auckland' }, 'Europe/London')).toBe('Pacific/Auckland')
  expect(viewerTimeZone({ timeZone: null }, 'Europe/London')).toBe('Europe/London')
  expect(viewerTimeZone(null, 'Europe/London')).toBe('Europe/London')
})
