import { expect, test } from 'vitest'
import { type RRule, rrulestr } from './rrule.ts'

test('the wrapper exposes a working RRule', () => {
  const rule = rrulestr('DTSTART:20261006T090000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3') as RRule
  expect(rule.all().map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-10-06', '2026-10-20', '2026-11-03'])
})
