import { expect, test } from 'vitest'
import { grantStats } from './grants.ts'

test('win rate counts decided grants only; the pipeline weights open ones by stage', () => {
  const stats = grantStats([
    { status: 'awarded', amountAsked: 100_00, amountAwarded: 80_00, currency: 'USD' },
    { status: 'closed', amountAsked: 100_00, amountAwarded: 100_00, currency: 'USD' },
    { status: 'declined', amountAsked: 50_00, amountAwarded: null, currency: 'USD' },
    { status: 'withdrawn', amountAsked: 50_00, amountAwarded: null, currency: 'USD' },
    { status: 'submitted', amountAsked: 1000_00, amountAwarded: null, currency: 'USD' },
    { status: 'idea', amountAsked: 500_00, amountAwarded: null, currency: 'EUR' },
  ])
  expect(stats.winRate).toBeCloseTo(2 / 3)
  expect(stats.pipeline).toEqual([
    { currency: 'USD', asked: 1000_00, weighted: 500_00, open: 1 },
    { currency: 'EUR', asked: 500_00, weighted: 50_00, open: 1 },
  ])
  expect(grantStats([]).winRate).toBeNull()
})
