import { parse } from 'csv-parse/sync'
import { DateTime } from 'luxon'
import { MoneyParseError, parseMoney } from '#app/utils/money.ts'
import { MAX_IMPORT_BYTES } from './formats.ts'
import { ImportFileError } from './types.ts'

/** Bytes → text: refuses empty, oversized and non-UTF-8 files; drops a BOM. */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new ImportFileError('The file is empty.')
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new ImportFileError(
      `The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split it by date range and import the parts.`,
    )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportFileError(
      'The file is not UTF-8 text. Export it again as CSV (UTF-8), or save it as "CSV UTF-8" from your spreadsheet.',
    )
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

type CsvRecord = { record: string[]; line: number }

/**
 * Most exports quote nothing: then a record is a line and a field is what lies between commas,
 * and splitting the text ourselves takes a fraction of csv-parse's time (1 s for 100k rows).
 * Null when the text needs the real parser: any quote, or line ends other than all LF or all CRLF.
 */
export function splitUnquotedCsv(text: string): CsvRecord[] | null {
  if (text.includes('"')) return null
  const crs = text.split('\r').length - 1
  const lfs = text.split('\n').length - 1
  if (crs > 0 && (crs !== lfs || text.split('\r\n').length - 1 !== lfs)) return null
  const lines = text.split(crs > 0 ? '\r\n' : '\n')
  const records: CsvRecord[] = []
  // Line numbers count skipped empty lines too, as csv-parse's do.
  lines.forEach((line, i) => {
    if (line !== '') records.push({ record: line.split(','), line: i + 1 })
  })
  return records
}

function parseCsvRecords(text: string): CsvRecord[] {
  try {
    // on_record keeps the line number at a fraction of the cost of `info: true`.
    return parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      on_record: (record: string[], context: { lines: number }) => ({ record, line: context.lines }),
    } as never) as never
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ImportFileError(`The file is not valid CSV: ${message}`)
  }
}

/** A data row; methods on the prototype rather than two closures per row (100k rows add up). */
class Row implements CsvRow {
  constructor(
    private readonly record: string[],
    readonly line: number,
    private readonly index: Map<string, number>,
  ) {}

  get(column: string) {
    const i = this.index.get(column)
    return i === undefined ? '' : (this.record[i] ?? '').trim()
  }

  has(column: string) {
    return this.index.has(column)
  }
}

/** Parses CSV text; columns are read by name, whatever their position. */
export function readCsv(text: string): CsvTable {
  const records = splitUnquotedCsv(text) ?? parseCsvRecords(text)
  if (records.length === 0) throw new ImportFileError('The file is empty.')
  const header = records[0].record.map((h) => h.trim())
  const index = new Map<string, number>()
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i)
  })
  const rows = records.slice(1).map(({ record, line }) => new Row(record, line, index))
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
    throw new ImportFileError(
      `This does not look like a ${formatName} file: the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
    )
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

interface CompiledFormat {
  re: RegExp
  tokens: string[]
}
const TOKEN_PATTERNS: Record<string, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  ZZZ: '([+-]\\d{4})',
  ZZ: '([+-]\\d{2}:\\d{2})',
}
const compiledFormats = new Map<string, CompiledFormat | null>()

/** A luxon-style format as a regular expression (the tokens exports use), or null when it has others. */
function compileFormat(format: string): CompiledFormat | null {
  if (compiledFormats.has(format)) return compiledFormats.get(format)!
  const tokens: string[] = []
  let pattern = '^'
  let ok = true
  for (let i = 0; i < format.length;) {
    const token = ['yyyy', 'ZZZ', 'MM', 'dd', 'HH', 'mm', 'ss', 'ZZ', 'M', 'd', 'H'].find((t) => format.startsWith(t, i))
    if (token) {
      tokens.push(token)
      pattern += TOKEN_PATTERNS[token]
      i += token.length
    } else if (/[A-Za-z]/.test(format[i]) && format[i] !== 'T') {
      ok = false
      break
    } else if (format[i] === "'") {
      const end = format.indexOf("'", i + 1)
      pattern += format.slice(i + 1, end).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      i = end + 1
    } else {
      pattern += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      i += 1
    }
  }
  const compiled = ok ? { re: new RegExp(`${pattern}$`), tokens } : null
  compiledFormats.set(format, compiled)
  return compiled
}

function fixedOffsetMinutes(zone: string): number | null {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return 0
  const m = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zone)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : null
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Fast path for the formats exports use; null when it cannot tell (the caller falls back to luxon). */
function fastDate(value: string, format: string, zone: string): Date | null | 'invalid' {
  let parts: { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number; offset: string | null }
  if (format === 'iso') {
    const m = ISO_RE.exec(value)
    if (!m) return null
    parts = {
      y: +m[1],
      mo: +m[2],
      d: +m[3],
      h: +(m[4] ?? 0),
      mi: +(m[5] ?? 0),
      s: +(m[6] ?? 0),
      ms: m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0,
      offset: m[8] ?? null,
    }
  } else {
    const compiled = compileFormat(format)
    if (!compiled) return null
    const m = compiled.re.exec(value)
    if (!m) return 'invalid'
    parts = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0, ms: 0, offset: null }
    compiled.tokens.forEach((token, i) => {
      const v = m[i + 1]
      if (token === 'yyyy') parts.y = +v
      else if (token === 'MM' || token === 'M') parts.mo = +v
      else if (token === 'dd' || token === 'd') parts.d = +v
      else if (token === 'HH' || token === 'H') parts.h = +v
      else if (token === 'mm') parts.mi = +v
      else if (token === 'ss') parts.s = +v
      else parts.offset = v
    })
  }
  const { y, mo, d, h, mi, s, ms } = parts
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return 'invalid'
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms)
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return 'invalid'
  let offset: number | null
  if (parts.offset) {
    if (parts.offset === 'Z') offset = 0
    else {
      const o = parts.offset.replace(':', '')
      offset = (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3, 5)))
    }
  } else offset = fixedOffsetMinutes(zone)
  if (offset === null) {
    const local = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms }, { zone })
    return local.isValid ? local.toJSDate() : 'invalid'
  }
  return new Date(utc - offset * 60_000)
}

/** Parses with one of several luxon formats (or ISO), in `zone` when the text has no offset. */
export function dateTime(text: string, formats: string[], zone: string, what = 'date'): Date {
  const value = text.trim()
  if (value === '') throw new RowError(`the ${what} is empty`)
  for (const format of formats) {
    const fast = fastDate(value, format, zone)
    if (fast instanceof Date) return fast
    if (fast === 'invalid') continue
    const parsed =
      format === 'iso' ? DateTime.fromISO(value, { zone, setZone: true }) : DateTime.fromFormat(value, format, { zone, setZone: true })
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
