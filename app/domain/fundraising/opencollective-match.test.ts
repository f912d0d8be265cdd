import { describe, expect, test } from 'vitest'
import { isShortId, pairOnDetails, sameMoney } from './opencollective-match.ts'

describe('one Open Collective transaction read twice', () => {
  test('a short id is the first 8 hex characters of the uuid, nothing longer or shorter', () => {
    expect(isShortId('587fd280')).toBe(true)
    expect(isShortId('587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(false)
    expect(isShortId('12345')).toBe(false)
    expect(isShortId('tx_587fd2')).toBe(false)
  })

  test('a short id needs the same amount and currency as one of the amounts the transaction is known by', () => {
    const stored = { amount: 5000, currency: 'USD' }
    expect(sameMoney(stored, [{ amount: 5000, currency: 'USD' }])).toBe(true)
    // the host's amount (4600 EUR) when the collective's differs
    expect(
      sameMoney(stored, [
        { amount: 4600, currency: 'EUR' },
        { amount: 5000, currency: 'USD' },
      ]),
    ).toBe(true)
    expect(sameMoney(stored, [{ amount: 5001, currency: 'USD' }])).toBe(false)
    expect(sameMoney(stored, [{ amount: 5000, currency: 'EUR' }])).toBe(false)
  })

  test('on the details, each donation is taken once, and not one an id already claimed', () => {
    const day = '2025-03-01'
    const gift = { day, amount: 1000, currency: 'USD', donor: 'tam' }
    const candidates = [
      { id: 'd1', ...gift },
      { id: 'd2', ...gift },
      { id: 'd3', ...gift, amount: 2000 },
    ]
    // d1 is claimed by an id already: the two 1000 gifts of that day find d2, then nothing
    const used = new Set(['d1'])
    const paired = pairOnDetails(
      [
        { key: 'a', details: gift },
        { key: 'b', details: gift },
        { key: 'c', details: { ...gift, donor: 'acme' } },
      ],
      candidates,
      used,
    )
    expect([...paired]).toEqual([['a', 'd2']])
    expect([...used].sort()).toEqual(['d1', 'd2'])
  })
})
