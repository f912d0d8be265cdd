import { expect, test } from 'vitest'
import { percentile } from './measure.ts'

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1)
  expect(percentile(values, 50)).toBe(50)
  expect(percentile(values, 95)).toBe(95)
  expect(percentile(values, 100)).toBe(100)
  expect(percentile([7], 95)).toBe(7)
})
