import { expect, test } from 'vitest'
import { checkZipSize, MAX_EXPORT_ROWS, parseAnalyticsExport, parseDay, postKey } from './index.ts'

/** A zip whose one entry claims `unpacked` bytes: a local header stub, its central directory record, the end record. */
function zipClaiming(unpacked: number) {
  const name = new TextEncoder().encode('xl/worksheets/sheet1.xml')
  const local = new Uint8Array(30 + name.length)
  new DataView(local.buffer).setUint32(0, 0x04034b50, true)
  local.set(name, 30)
  const central = new Uint8Array(46 + name.length)
  const c = new DataView(central.buffer)
  c.setUint32(0, 0x02014b50, true)
  c.setUint32(20, 1000, true) // compressed: 1 kB
  c.setUint32(24, unpacked, true)
  c.setUint16(28, name.length, true)
  central.set(name, 46)
  const end = new Uint8Array(22)
  const e = new DataView(end.buffer)
  e.setUint32(0, 0x06054b50, true)
  e.setUint16(8, 1, true)
  e.setUint16(10, 1, true)
  e.setUint32(12, central.length, true)
  e.setUint32(16, local.length, true)
  const out = new Uint8Array(local.length + central.length + end.length)
  out.set(local, 0)
  out.set(central, local.length)
  out.set(end, local.length + central.length)
  return out
}

test('a workbook that would unpack to more than 100 MB (a zip bomb) is refused before it is unpacked', async () => {
  expect(() => checkZipSize(zipClaiming(1_000_000))).not.toThrow()
  await expect(parseAnalyticsExport(zipClaiming(4_000_000_000))).rejects.toThrow('The spreadsheet would unpack to more than 100 MB')
})

test('a CSV with more rows than an export holds is refused with the count', async () => {
  const rows = Array.from({ length: MAX_EXPORT_ROWS + 1 }, (_, i) => `2025-01-01,${i},1,0`)
  const csv = new TextEncoder().encode(`Date,Impressions,New follows,Unfollows\n${rows.join('\n')}\n`)
  await expect(parseAnalyticsExport(csv)).rejects.toThrow(
    `The file has ${MAX_EXPORT_ROWS + 1} rows; an analytics export has at most ${MAX_EXPORT_ROWS}.`,
  )
})

test('days in the formats the exports use', () => {
  expect(parseDay('2025-11-03')).toBe('2025-11-03')
  expect(parseDay('2019-03-01 14:05 +0000')).toBe('2019-03-01')
  expect(parseDay('11/03/2025')).toBe('2025-11-03') // LinkedIn: month first
  expect(parseDay('Mon, Nov 3, 2025')).toBe('2025-11-03')
  expect(parseDay('Nov 3, 2025')).toBe('2025-11-03')
  expect(parseDay('soon')).toBeNull()
})

test('a post is known by its id on the network, whatever the URL looks like', () => {
  expect(postKey('x', 'https://twitter.com/pybamm/status/123?s=20')).toBe('x:123')
  expect(postKey('x', 'https://x.com/pybamm/status/123')).toBe('x:123')
  expect(postKey('x', null, '123')).toBe('x:123')
  expect(postKey('linkedin', 'https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001/')).toBe('li:7260000000000000001')
  expect(postKey('linkedin', 'https://www.linkedin.com/posts/pybamm_release-activity-7260000000000000001-AbCd')).toBe(
    'li:7260000000000000001',
  )
  expect(postKey('linkedin', 'https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A42')).toBe('li:42')
})
