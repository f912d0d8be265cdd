import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { splitUnquotedCsv } from './csv.ts'

/** What readCsv got from csv-parse before the fast path: records with their line numbers. */
const csvParse = (text: string) =>
  parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    trim: false,
    on_record: (record: string[], context: { lines: number }) => ({ record, line: context.lines }),
  } as never) as unknown

describe('the unquoted fast path reads exactly what csv-parse reads', () => {
  test('empty lines, ragged rows, CRLF, no final newline', () => {
    for (const text of ['a,b\n1,2\n', 'a,b\n\n1,2\n\n\n3\n', 'a,b\r\n1,2\r\n\r\n3,4,5\r\n', 'a,b\r\n1,2', ' a , b \n , \n', 'a,,b\n,,\n']) {
      expect(splitUnquotedCsv(text)).toEqual(csvParse(text))
    }
  })

  test('any unquoted text with LF or CRLF line ends', () => {
    const line = fc.array(fc.constantFrom('a', '1', ' ', ',', '.', '-', 'é'), { maxLength: 8 }).map((chars) => chars.join(''))
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const text = lines.join(crlf ? '\r\n' : '\n')
        fc.pre(text.trim() !== '')
        expect(splitUnquotedCsv(text)).toEqual(csvParse(text))
      }),
    )
  })

  test('quotes and bare carriage returns are left to csv-parse', () => {
    expect(splitUnquotedCsv('a,b\n"1,5",2\n')).toBeNull()
    expect(splitUnquotedCsv('a,b\r1,2\r')).toBeNull()
    expect(splitUnquotedCsv('a,b\r\n1,2\n3,4\r\n')).toBeNull()
  })
})
