import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { neutraliseCell, toCsv } from './csv-export.ts'

test('formula-looking cells are neutralised; numbers stay numbers', () => {
  expect(neutraliseCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`)
  expect(neutraliseCell('+1')).toBe(`'+1`)
  expect(neutraliseCell('-2')).toBe(`'-2`)
  expect(neutraliseCell('@SUM(A1)')).toBe(`'@SUM(A1)`)
  expect(neutraliseCell('Ada')).toBe('Ada')
  expect(toCsv(['a', 'b'], [[-12.5, '=1+1']])).toBe(`"a","b"\r\n-12.5,"'=1+1"\r\n`)
})

test('any text survives the round trip through a CSV reader, and no text cell starts a formula', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (rows) => {
      const csv = toCsv(['x', 'y'], rows)
      const back = parse(csv, { relax_column_count: true }) as string[][]
      expect(back.slice(1)).toEqual(rows.map((r) => r.map(neutraliseCell)))
      for (const row of back.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }),
  )
})
