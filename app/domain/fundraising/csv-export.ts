// CSV for spreadsheets: quoted cells, and cells that a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or a carriage return) neutralised with a leading apostrophe.
// Numbers are written as numbers, so a negative amount stays a number.

export type Cell = string | number | boolean | null | undefined

export function neutraliseCell(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function csvCell(value: Cell) {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return `"${neutraliseCell(value).replace(/"/g, '""')}"`
}

export function toCsv(header: string[], rows: Cell[][]) {
  return [header.map(csvCell), ...rows.map((row) => row.map(csvCell))].map((r) => r.join(',')).join('\r\n') + '\r\n'
}
