// Reads X and LinkedIn analytics exports (CSV, or XLSX for LinkedIn) into plain data: daily rows
// (follower gains) and post rows (impressions, engagement), whatever the version of the header.
// A file that cannot be read is refused with one reason (AnalyticsFileError); nothing else throws.
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { DateTime } from 'luxon'
import { LINKEDIN_CONTENT, LINKEDIN_FOLLOWERS, matchColumns, normaliseHeader, X_CONTENT, X_OVERVIEW } from './columns.ts'

/** The upload limit of the page (the same as donation imports). */
export const MAX_EXPORT_BYTES = 50 * 1024 * 1024
/** A year of days or a few years of posts fit many times over; more is not an analytics export. */
export const MAX_EXPORT_ROWS = 20_000
/** What an XLSX may unpack to: its parts are XML, a few MB for a real export (zip bombs unpack to GBs). */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024

export const EXPORT_KINDS = ['x_overview', 'x_content', 'linkedin_followers', 'linkedin_content'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

export class AnalyticsFileError extends Error {
  override name = 'AnalyticsFileError'
}

export interface ExportDay {
  day: string
  /** followers gained that day, net of unfollows where the file says */
  followersGained: number | null
}

export interface ExportPost {
  /** X: the post id; LinkedIn: the activity/share id from the link; else the link */
  key: string
  url: string | null
  day: string | null
  label: string | null
  impressions: number | null
  engagements: number | null
  likes: number | null
  reposts: number | null
  replies: number | null
}

export interface ParsedExport {
  kind: ExportKind
  network: 'x' | 'linkedin'
  rows: number
  days: ExportDay[]
  posts: ExportPost[]
}

type Table = { name: string; rows: string[][] }

/** A post's identity on its network, from its URL (or the id X puts in its own column). */
export function postKey(network: 'x' | 'linkedin', url: string | null | undefined, id?: string | null): string | null {
  if (network === 'x') {
    if (id && /^\d{1,20}$/.test(id.trim())) return `x:${id.trim()}`
    const m = url ? /\/status(?:es)?\/(\d{1,20})/.exec(url) : null
    if (m) return `x:${m[1]}`
  } else if (url) {
    // https://www.linkedin.com/feed/update/urn:li:activity:7123…/ or …/posts/name_slug-activity-7123…-abcd
    const m = /urn(?::|%3A)li(?::|%3A)(?:activity|share|ugcPost)(?::|%3A)(\d+)/i.exec(url) ?? /-(?:activity|share|ugcPost)-(\d+)/i.exec(url)
    if (m) return `li:${m[1]}`
  }
  if (!url?.trim()) return null
  return url
    .trim()
    .toLowerCase()
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
}

function isZip(bytes: Uint8Array) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}
function isOle2(bytes: Uint8Array) {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
}

/**
 * Refuses a zip whose parts would unpack to more than MAX_UNPACKED_BYTES, from its central
 * directory (APPNOTE.TXT 4.3.12, 4.3.16), before anything is unpacked.
 */
export function checkZipSize(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new AnalyticsFileError('The spreadsheet is damaged (its zip directory is missing). Download the export again.')
  const entries = view.getUint16(eocd + 10, true)
  let offset = view.getUint32(eocd + 16, true)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new AnalyticsFileError('The spreadsheet is damaged (its zip directory is unreadable). Download the export again.')
    }
    const unpacked = view.getUint32(offset + 24, true)
    // 0xFFFFFFFF means a ZIP64 size: far beyond anything an analytics export holds
    total += unpacked === 0xffffffff ? Number.POSITIVE_INFINITY : unpacked
    if (total > MAX_UNPACKED_BYTES) {
      throw new AnalyticsFileError(
        `The spreadsheet would unpack to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; an analytics export is far smaller. Export a shorter date range or as CSV.`,
      )
    }
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true)
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('hyperlink' in value && typeof value.hyperlink === 'string') return value.hyperlink
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    return ''
  }
  return String(value)
}

async function readXlsx(bytes: Uint8Array): Promise<Table[]> {
  checkZipSize(bytes)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw new AnalyticsFileError('The spreadsheet could not be read. Download the export again, or save it as CSV.')
  }
  const tables: Table[] = []
  let count = 0
  for (const sheet of workbook.worksheets) {
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => {
      count += 1
      if (count > MAX_EXPORT_ROWS + 100) return
      const values = row.values as ExcelJS.CellValue[]
      rows.push(values.slice(1).map(cellText))
    })
    tables.push({ name: sheet.name, rows })
  }
  if (count > MAX_EXPORT_ROWS + 100) throw tooManyRows(count)
  return tables
}

function readCsv(bytes: Uint8Array): Table[] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AnalyticsFileError('The file is neither CSV (UTF-8) nor an Excel workbook. Download the export again from X or LinkedIn.')
  }
  if (text.includes('\u0000')) throw new AnalyticsFileError('The file is neither CSV nor an Excel workbook. Download the export again.')
  try {
    const rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][]
    return [{ name: 'CSV', rows }]
  } catch (error) {
    throw new AnalyticsFileError(`The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`)
  }
}

const tooManyRows = (rows: number) =>
  new AnalyticsFileError(
    `The file has ${rows > MAX_EXPORT_ROWS + 100 ? 'more than ' : ''}${Math.min(rows, MAX_EXPORT_ROWS + 100)} rows; an analytics export has at most ${MAX_EXPORT_ROWS}. Export a shorter date range.`,
  )

/** A day from the formats the exports use: 2025-11-03, 11/03/2025 (LinkedIn, US order), "Mon, Nov 3, 2025", "2019-03-01 14:05 +0000". */
export function parseDay(value: string): string | null {
  const v = value.trim()
  if (!v) return null
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v)
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v)
  if (us) return DateTime.fromObject({ year: +us[3], month: +us[1], day: +us[2] }).toISODate()
  for (const format of ['EEE, MMM d, yyyy', 'MMM d, yyyy', 'EEE, MMM dd, yyyy', 'd MMM yyyy']) {
    const d = DateTime.fromFormat(v, format, { locale: 'en' })
    if (d.isValid) return d.toISODate()
  }
  return null
}

/** "1,234" or "1234" → 1234; empty → null; anything else is an error for the row. */
function parseCount(value: string | undefined): number | null | 'bad' {
  const v = (value ?? '').trim().replace(/,/g, '')
  if (v === '' || v === '-') return null
  if (!/^-?\d+(\.0+)?$/.test(v)) return 'bad'
  return Math.round(Number(v))
}

/** The row holding the header: the first of the first five that names at least two of the columns. */
function findHeader(table: Table, aliases: Record<string, readonly string[]>) {
  for (let i = 0; i < Math.min(5, table.rows.length); i++) {
    if (Object.keys(matchColumns(table.rows[i], aliases)).length >= 2) return i
  }
  return -1
}

interface Candidate {
  kind: ExportKind
  table: Table
  headerAt: number
  columns: Record<string, number | undefined>
}

/** Which kind of export this is, from the columns present (the header names vary; the set does not). */
function detect(tables: Table[]): Candidate {
  const tries: Array<{
    kind: ExportKind
    aliases: Record<string, readonly string[]>
    needs: (c: Record<string, number | undefined>) => boolean
  }> = [
    {
      kind: 'x_content',
      aliases: X_CONTENT,
      needs: (c) => (c.postId ?? c.link) !== undefined && c.impressions !== undefined && c.text !== undefined,
    },
    {
      kind: 'linkedin_content',
      aliases: LINKEDIN_CONTENT,
      needs: (c) => c.link !== undefined && c.impressions !== undefined && (c.title !== undefined || c.clicks !== undefined),
    },
    {
      kind: 'linkedin_followers',
      aliases: LINKEDIN_FOLLOWERS,
      needs: (c) => c.day !== undefined && (c.total ?? c.organic) !== undefined,
    },
    { kind: 'x_overview', aliases: X_OVERVIEW, needs: (c) => c.day !== undefined && (c.newFollows ?? c.impressions) !== undefined },
  ]
  for (const attempt of tries) {
    for (const table of tables) {
      const headerAt = findHeader(table, attempt.aliases)
      if (headerAt < 0) continue
      const columns = matchColumns(table.rows[headerAt], attempt.aliases) as Record<string, number | undefined>
      if (attempt.needs(columns)) return { kind: attempt.kind, table, headerAt, columns }
    }
  }
  const first = tables.find((t) => t.rows.length > 0)?.rows[0] ?? []
  throw new AnalyticsFileError(
    `This is not an X or LinkedIn analytics export Steward knows: ${
      first.length ? `its first row reads “${first.slice(0, 6).map(normaliseHeader).join(', ')}”` : 'it has no rows'
    }. Upload X's account overview or content CSV, or LinkedIn's followers or content export.`,
  )
}

/** Reads an export; throws AnalyticsFileError with one reason when the file cannot be imported as a whole. */
export async function parseAnalyticsExport(bytes: Uint8Array): Promise<ParsedExport> {
  if (bytes.byteLength === 0) throw new AnalyticsFileError('The file is empty.')
  if (bytes.byteLength > MAX_EXPORT_BYTES) {
    throw new AnalyticsFileError(`The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB.`)
  }
  if (isOle2(bytes)) {
    throw new AnalyticsFileError(
      'This is an Excel 97–2003 workbook (.xls in the old format), which Steward does not read. Open it and save it as .xlsx or CSV, then upload that.',
    )
  }
  const tables = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes)
  const { kind, table, headerAt, columns } = detect(tables)
  const data = table.rows.slice(headerAt + 1).filter((r) => r.some((c) => c.trim() !== ''))
  if (data.length > MAX_EXPORT_ROWS) throw tooManyRows(data.length)
  const network = kind.startsWith('x_') ? 'x' : 'linkedin'
  const cell = (row: string[], column: string) => (columns[column] === undefined ? undefined : row[columns[column]!])
  const count = (row: string[], line: number, column: string) => {
    const n = parseCount(cell(row, column))
    if (n === 'bad') {
      throw new AnalyticsFileError(`Row ${line}: “${cell(row, column)}” in the column ${column} is not a number; nothing was imported.`)
    }
    return n
  }
  const days: ExportDay[] = []
  const posts: ExportPost[] = []
  data.forEach((row, i) => {
    const line = headerAt + i + 2
    const rawDay = cell(row, 'day') ?? ''
    const day = parseDay(rawDay)
    if (kind === 'x_overview' || kind === 'linkedin_followers') {
      if (!day) throw new AnalyticsFileError(`Row ${line}: “${rawDay}” is not a date; nothing was imported.`)
      let gained: number | null
      if (kind === 'x_overview') {
        const follows = count(row, line, 'newFollows')
        const unfollows = count(row, line, 'unfollows')
        gained = follows === null && unfollows === null ? null : (follows ?? 0) - (unfollows ?? 0)
      } else {
        const total = count(row, line, 'total')
        const parts = ['organic', 'sponsored', 'autoInvited'].map((c) => count(row, line, c))
        gained = total ?? (parts.every((p) => p === null) ? null : parts.reduce<number>((sum, p) => sum + (p ?? 0), 0))
      }
      days.push({ day, followersGained: gained })
      return
    }
    const url = cell(row, 'link')?.trim() || null
    const key = postKey(network, url, cell(row, 'postId'))
    if (!key) throw new AnalyticsFileError(`Row ${line}: the post has neither a link nor an id; nothing was imported.`)
    const likes = count(row, line, 'likes')
    const reposts = count(row, line, 'reposts')
    let engagements: number | null
    let replies: number | null
    if (kind === 'x_content') {
      engagements = count(row, line, 'engagements')
      replies = count(row, line, 'replies')
    } else {
      // LinkedIn reports an engagement rate, not a count; its definition's numerator is
      // clicks + reactions + comments + reposts + follows (LinkedIn Page analytics help).
      replies = count(row, line, 'comments')
      const parts = [count(row, line, 'clicks'), likes, replies, reposts, count(row, line, 'follows')]
      engagements = parts.every((p) => p === null) ? null : parts.reduce<number>((sum, p) => sum + (p ?? 0), 0)
    }
    posts.push({
      key,
      url,
      day,
      label: (cell(row, kind === 'x_content' ? 'text' : 'title') ?? '').trim().slice(0, 120) || null,
      impressions: count(row, line, 'impressions'),
      engagements,
      likes,
      reposts,
      replies,
    })
  })
  if (days.length === 0 && posts.length === 0) throw new AnalyticsFileError('The export has a header but no rows; nothing was imported.')
  const seen = new Set<string>()
  for (const d of days) {
    if (seen.has(d.day)) throw new AnalyticsFileError(`The day ${d.day} appears twice; nothing was imported. Download the export again.`)
    seen.add(d.day)
  }
  return { kind, network, rows: data.length, days: days.sort((a, b) => a.day.localeCompare(b.day)), posts }
}
