// Draws Steward's icons into public/: three rising white bars (a dashboard) on the brand blue
// (--color-brand-600 in app/app.css). One description of the mark makes the SVG, the PNGs and the
// ICO, so they never disagree. Dependency-free (PNG and ICO written by hand with node:zlib); run it
// after changing the mark and commit what it writes:
//   node --import tsx bin/make-icons.ts
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const BRAND = '#1f5bbf'
const MARK = '#ffffff'

/** The mark on a 32 × 32 grid; at 16 px every edge falls on a whole pixel. */
interface Rect {
  x: number
  y: number
  width: number
  height: number
  radius: number
}
const BACKGROUND: Rect = { x: 0, y: 0, width: 32, height: 32, radius: 6 }
const BARS: Rect[] = [
  { x: 6, y: 18, width: 4, height: 8, radius: 1 },
  { x: 14, y: 12, width: 4, height: 14, radius: 1 },
  { x: 22, y: 6, width: 4, height: 20, radius: 1 },
]

function svg() {
  const rect = (r: Rect, fill: string) =>
    `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="${r.radius}" fill="${fill}"/>`
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
    `  ${rect(BACKGROUND, BRAND)}`,
    ...BARS.map((bar) => `  ${rect(bar, MARK)}`),
    '</svg>',
    '',
  ].join('\n')
}

/** Whether a point of the 32-grid lies inside a rounded rectangle. */
function inside(r: Rect, x: number, y: number) {
  if (x < r.x || x > r.x + r.width || y < r.y || y > r.y + r.height) return false
  const cx = Math.min(Math.max(x, r.x + r.radius), r.x + r.width - r.radius)
  const cy = Math.min(Math.max(y, r.y + r.radius), r.y + r.height - r.radius)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r.radius ** 2
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))

/** RGBA pixels, row by row from the top, anti-aliased by 8 × 8 samples a pixel. */
function render(size: number, { square = false } = {}): Uint8Array {
  const background = square ? { ...BACKGROUND, radius: 0 } : BACKGROUND
  const [br, bg, bb] = rgb(BRAND)
  const [mr, mg, mb] = rgb(MARK)
  const n = 8
  const out = new Uint8Array(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0
      let mark = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) * 32) / size
          const y = ((py + (sy + 0.5) / n) * 32) / size
          if (!inside(background, x, y)) continue
          cover += 1
          if (BARS.some((bar) => inside(bar, x, y))) mark += 1
        }
      }
      const i = (py * size + px) * 4
      const m = cover ? mark / cover : 0
      out[i] = Math.round(br + (mr - br) * m)
      out[i + 1] = Math.round(bg + (mg - bg) * m)
      out[i + 2] = Math.round(bb + (mb - bb) * m)
      out[i + 3] = Math.round((255 * cover) / (n * n))
    }
  }
  return out
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Uint8Array) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function png(size: number, pixels: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8 bits a channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A classic ICO: each size as a 32-bit BMP (bottom-up BGRA, then the 1-bit AND mask). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map((size) => {
    const pixels = render(size)
    const info = Buffer.alloc(40)
    info.writeUInt32LE(40, 0)
    info.writeInt32LE(size, 4)
    info.writeInt32LE(size * 2, 8) // colour and mask stacked
    info.writeUInt16LE(1, 12)
    info.writeUInt16LE(32, 14)
    const colour = Buffer.alloc(size * size * 4)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = ((size - 1 - y) * size + x) * 4
        colour.set([pixels[from + 2]!, pixels[from + 1]!, pixels[from]!, pixels[from + 3]!], (y * size + x) * 4)
      }
    }
    const maskRow = Math.ceil(size / 32) * 4
    const mask = Buffer.alloc(maskRow * size) // all zero: the alpha channel decides
    return Buffer.concat([info, colour, mask])
  })
  const header = Buffer.alloc(6 + 16 * sizes.length)
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(sizes.length, 4)
  let offset = header.length
  sizes.forEach((size, i) => {
    const entry = 6 + 16 * i
    header.writeUInt8(size, entry)
    header.writeUInt8(size, entry + 1)
    header.writeUInt16LE(1, entry + 4)
    header.writeUInt16LE(32, entry + 6)
    header.writeUInt32LE(images[i]!.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += images[i]!.length
  })
  return Buffer.concat([header, ...images])
}

const publicDir = new URL('../public/', import.meta.url)
const write = (name: string, bytes: string | Buffer) => {
  writeFileSync(new URL(name, publicDir), bytes)
  console.log(`public/${name}: ${bytes.length} bytes`)
}
write('icon.svg', svg())
write('favicon.ico', ico([16, 32]))
// iOS rounds the corners itself and shows transparency as black: a full square there.
write('apple-touch-icon.png', png(180, render(180, { square: true })))
for (const size of [192, 512]) write(`icon-${size}.png`, png(size, render(size)))
