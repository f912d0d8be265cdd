import { parse } from 'csv-parse/sync'
import { DateTime } from 'luxon'
import { MoneyParseError, parseMoney } from '#app/domain/fundraising/money.ts'
import { ImportFileError } from './types.ts'

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** Bytes → text: refuses empty, oversized and non-UTF-8 files; drops a BOM. */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new ImportFileError('The file is empty.')
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ImportFileError(`The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split it by date range and import the parts.`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportFileError('The file is not UTF-8 text. Export it again as CSV (UTF-8), or save it as "CSV UTF-8" from your spreadsheet.')
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') throw new ImportFileError('The file is empty.')
  return text
}

export interface CsvRow {
  line: number
  get(column: string): string
  has(column: string): boolean
}

export interface CsvTable {
  header: string[]
  rows: CsvRow[]
}

/** Parses CSV text; columns are read by name, whatever their position. */
export function readCsv(text: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as never
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ImportFileError(`The file is not valid CSV: ${message}`)
  }
  if (records.length === 0) throw new ImportFileError('The file is empty.')
  const header = records[0].record.map((h) => h.trim())
  const index = new Map<string, number>()
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i)
  })
  const rows = records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    get: (column: string) => {
      const i = index.get(column)
      return i === undefined ? '' : (record[i] ?? '').trim()
    },
    has: (column: string) => index.has(column),
  }))
  return { header, rows }
}

/** Reads just the header cells (for format detection). */
export function readHeader(text: string): string[] {
  const firstLines = text.split(/\r?\n/, 5).join('\n')
  try {
    const records = parse(firstLines, { relax_column_count: true, skip_empty_lines: true, to_line: 1, relax_quotes: true }) as string[][]
    return (records[0] ?? []).map((h) => h.trim())
  } catch {
    return []
  }
}

export function requireColumns(header: string[], required: string[], formatName: string) {
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length) {
    throw new ImportFileError(`This does not look like a ${formatName} file: the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`)
  }
}

/** A row-level problem: the row goes to the errors list with its line number. */
export class RowError extends Error {
  override name = 'RowError'
}

export function money(text: string, currency: string, what: string, options?: { decimalComma?: boolean }) {
  try {
    return parseMoney(text, currency, options)
  } catch (error) {
    if (error instanceof MoneyParseError) throw new RowError(`${what}: ${error.message}`)
    throw error
  }
}

export function optionalMoney(text: string, currency: string, what: string, options?: { decimalComma?: boolean }) {
  return text.trim() === '' ? 0 : money(text, currency, what, options)
}

export function currencyOf(text: string) {
  const code = text.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(code)) throw new RowError(`"${text}" is not a currency code`)
  return code
}

/** Parses with one of several luxon formats (or ISO), in `zone` when the text has no offset. */
export function dateTime(text: string, formats: string[], zone: string, what = 'date'): Date {
  const value = text.trim()
  if (value === '') throw new RowError(`the ${what} is empty`)
  for (const format of formats) {
    const parsed = format === 'iso' ? DateTime.fromISO(value, { zone, setZone: true }) : DateTime.fromFormat(value, format, { zone, setZone: true })
    if (parsed.isValid) return parsed.toJSDate()
  }
  throw new RowError(`"${value}" is not a valid ${what}`)
}

export function truthy(text: string) {
  const v = text.trim().toLowerCase()
  return v !== '' && v !== 'false' && v !== '0' && v !== 'no' && v !== 'null'
}

/** Runs `read` on each row: a donation, a skip reason (string), or a row error. */
export function collectRows<T>(rows: CsvRow[], read: (row: CsvRow) => T | string) {
  const out: T[] = []
  const skipped: { line: number; reason: string }[] = []
  const errors: { line: number; reason: string }[] = []
  for (const row of rows) {
    try {
      const result = read(row)
      if (typeof result === 'string') skipped.push({ line: row.line, reason: result })
      else out.push(result)
    } catch (error) {
      if (error instanceof RowError) errors.push({ line: row.line, reason: error.message })
      else throw error
    }
  }
  return { out, skipped, errors }
}
