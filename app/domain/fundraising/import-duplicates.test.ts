import { describe, expect, test } from 'vitest'
import { countDuplicates, describeDuplicates } from './import-duplicates.ts'

describe('why rows of an import are not added', () => {
  test('each kind of match is named with its own count', () => {
    // 2 by id, 1 on the details, 1 twice in the file: 2 + 1 + 1 = 4 rows
    const counts = countDuplicates([{ match: 'id' }, { match: 'details' }, { match: 'id' }, { match: 'file' }])
    expect(counts).toEqual({ id: 2, details: 1, file: 1 })
    expect(describeDuplicates(counts)).toBe(
      '2 already imported (same transaction id) · 1 matched on date, amount, currency and donor · 1 twice in this file (same transaction id)',
    )
  })

  test('a kind with no rows is left out, and no rows at all say none', () => {
    expect(describeDuplicates({ id: 12, details: 3, file: 0 })).toBe(
      '12 already imported (same transaction id) · 3 matched on date, amount, currency and donor',
    )
    expect(describeDuplicates({ id: 0, details: 3, file: 0 })).toBe('3 matched on date, amount, currency and donor')
    expect(describeDuplicates(countDuplicates([]))).toBe('none')
  })
})
