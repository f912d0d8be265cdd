import { expect, test } from 'vitest'
import { periodChoices, resolvePeriod } from './period.ts'

const now = new Date('2026-11-25T15:00:00Z')
const p = (query: string, tz = 'UTC') => resolvePeriod(new URLSearchParams(query), now, tz)

test('rolling windows end at the end of today in the project time zone', () => {
  const r = p('period=30d', 'Europe/London')
  expect(r.range.end.toISOString()).toBe('2026-11-26T00:00:00.000Z')
  expect(r.range.start.toISOString()).toBe('2026-10-27T00:00:00.000Z')
  expect(r.months).toEqual(['2026-10', '2026-11'])
  expect(p('').key).toBe('30d')
  expect(p('period=90d').label).toBe('Last 90 days')
})

test('quarters follow the project time zone', () => {
  const r = p('period=2026-Q3', 'America/New_York')
  expect(r.range.start.toISOString()).toBe('2026-07-01T04:00:00.000Z')
  expect(r.range.end.toISOString()).toBe('2026-10-01T04:00:00.000Z')
  expect(r.months).toEqual(['2026-07', '2026-08', '2026-09'])
})

test('custom ranges include both days; nonsense falls back to 30 days', () => {
  const r = p('period=custom&from=2026-01-01&to=2026-01-31')
  expect([r.range.start.toISOString(), r.range.end.toISOString()]).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'])
  expect(r.from).toBe('2026-01-01')
  expect(p('period=custom&from=2026-02-01&to=2026-01-01').key).toBe('30d')
  expect(p('period=7d').key).toBe('30d')
  expect(p('period=2026-Q9').key).toBe('30d')
})

test('the picker offers the current and previous quarters', () => {
  const values = periodChoices(now, 'UTC').map((c) => c.value)
  expect(values.slice(0, 5)).toEqual(['30d', '90d', '365d', '2026-Q4', '2026-Q3'])
  expect(values.at(-1)).toBe('custom')
})
