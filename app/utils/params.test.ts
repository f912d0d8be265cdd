import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isId, optionalCountParam, optionalIdParam, parseIdField, parseIdParam, parseQuarterParam, parseSlugParam } from './params.ts'

type Thrown = { init: { status: number }; data: { message: string } }
function statusThrown(run: () => unknown) {
  try {
    run()
  } catch (thrown) {
    return (thrown as Thrown).init.status
  }
  return 'returned'
}

describe('ids from URLs and forms', () => {
  test('a uuid passes; anything else is a 404 in a path, a 400 in a form, nothing in a filter', () => {
    const id = '3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b'
    expect(parseIdParam(id, 'grant')).toBe(id)
    expect(parseIdField(id, 'record')).toBe(id)
    expect(optionalIdParam(id)).toBe(id)
    for (const bad of [undefined, '', 'abc', '1', `${id}x`, `${id} `, "' or 1=1 --"]) {
      expect(
        statusThrown(() => parseIdParam(bad, 'grant')),
        String(bad),
      ).toBe(404)
      expect(
        statusThrown(() => parseIdField(bad ?? null, 'record')),
        String(bad),
      ).toBe(400)
      expect(optionalIdParam(bad)).toBeNull()
    }
  })

  test('property: every uuid is an id, and no string that is not one passes', () => {
    fc.assert(fc.property(fc.uuid(), (id) => isId(id)))
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)),
        (s) => !isId(s),
      ),
    )
  })

  test('quarters, slugs and counts', () => {
    expect(parseQuarterParam('2026-Q3')).toBe('2026-Q3')
    for (const bad of ['2026-Q5', '2026-q3', '26-Q1', '', undefined]) expect(statusThrown(() => parseQuarterParam(bad))).toBe(404)
    expect(parseSlugParam('fundraising-monthly', 'chart')).toBe('fundraising-monthly')
    for (const bad of ['../x', 'Upper', '-lead', 'a'.repeat(65), '']) expect(statusThrown(() => parseSlugParam(bad, 'chart'))).toBe(404)
    expect(optionalCountParam('3')).toBe(3)
    // 2^31 - 1 is the largest integer column value; 0, negatives, decimals and 1e3 are no count
    expect(optionalCountParam('2147483647')).toBe(2_147_483_647)
    for (const bad of ['2147483648', '0', '-1', '1.5', '1e3', 'abc', '', null]) expect(optionalCountParam(bad)).toBeUndefined()
  })
})
