// Charts outside the browser (docs/decisions/006-report-charts-outside-the-browser.md): a chart
// spec is laid out once into plain shapes, which become SVG (Markdown, /charts/<name>.svg) or
// vector drawing in the PDF. Same series as the recharts charts on the web page.
import type { ChartSpec } from './document.ts'
import { formatAxis, formatValue } from './number-format.ts'

export const CHART_PALETTE = ['#1f5bbf', '#10b981', '#f59e0b', '#d946ef', '#0ea5e9', '#ef4444']

export type Anchor = 'start' | 'middle' | 'end'
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: number[] }
  | { kind: 'polyline'; points: [number, number][]; stroke: string; width: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string }
  /** y is the text's baseline */
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: Anchor; fill: string; bold?: boolean }

export interface Scene {
  width: number
  height: number
  title: string
  shapes: Shape[]
}

/** A round axis maximum and step: 0, step, 2·step … ≥ max. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.25 }
  const raw = max / ticks
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!
  return { max: step * Math.ceil(max / step - 1e-9), step }
}

export function layoutChart(spec: ChartSpec, size: { width?: number; height?: number } = {}): Scene {
  const width = size.width ?? 520
  const height = size.height ?? 220
  const shapes: Shape[] = []
  const text = (x: number, y: number, value: string, fontSize = 9, anchor: Anchor = 'start', fill = '#334155', bold = false) =>
    shapes.push({ kind: 'text', x, y, text: value, size: fontSize, anchor, fill, bold })

  text(0, 12, spec.title, 11, 'start', '#0f172a', true)
  const plot = { left: 52, right: width - 8, top: 26, bottom: height - 40 }
  const values = spec.rows.flatMap((row) => spec.series.map((s) => row[s.key])).filter((v): v is number => typeof v === 'number')
  if (spec.rows.length === 0 || values.length === 0) {
    shapes.push({ kind: 'rect', x: plot.left, y: plot.top, w: plot.right - plot.left, h: plot.bottom - plot.top, fill: '#f8fafc' })
    text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, 'No data for this quarter', 10, 'middle', '#64748b')
    return { width, height, title: spec.title, shapes }
  }
  const min = Math.min(0, ...values)
  const { max, step } = niceScale(Math.max(...values))
  const { step: negStep } = min < 0 ? niceScale(-min) : { step }
  const floor = min < 0 ? -negStep * Math.ceil(-min / negStep) : 0
  const y = (v: number) => plot.bottom - ((v - floor) / (max - floor)) * (plot.bottom - plot.top)

  // grid and y axis labels
  for (let v = floor; v <= max + 1e-9; v += step) {
    shapes.push({
      kind: 'line',
      x1: plot.left,
      y1: y(v),
      x2: plot.right,
      y2: y(v),
      stroke: v === 0 ? '#94a3b8' : '#e2e8f0',
      width: v === 0 ? 1 : 0.5,
    })
    text(plot.left - 4, y(v) + 3, formatAxis(spec.unit, v, spec.currency), 8, 'end', '#64748b')
  }

  const n = spec.rows.length
  const band = (plot.right - plot.left) / n
  const center = (i: number) => plot.left + band * (i + 0.5)
  const bars = spec.series.filter((s) => s.as !== 'line')
  const lines = spec.series.filter((s) => s.as === 'line')
  const colour = (key: string) => CHART_PALETTE[spec.series.findIndex((s) => s.key === key) % CHART_PALETTE.length]

  const groupWidth = band * 0.72
  const barWidth = bars.length ? groupWidth / bars.length : 0
  spec.rows.forEach((row, i) => {
    bars.forEach((s, j) => {
      const v = row[s.key]
      if (typeof v !== 'number') return
      const x = center(i) - groupWidth / 2 + j * barWidth
      const top = y(Math.max(v, 0))
      const h = Math.abs(y(v) - y(0))
      shapes.push({ kind: 'rect', x, y: top, w: Math.max(barWidth - 1, 0.5), h, fill: colour(s.key) })
    })
  })
  for (const s of lines) {
    // A null breaks the line: no value is invented between two months.
    let segment: [number, number][] = []
    const flush = () => {
      if (segment.length > 1) shapes.push({ kind: 'polyline', points: segment, stroke: colour(s.key), width: 1.6 })
      segment = []
    }
    spec.rows.forEach((row, i) => {
      const v = row[s.key]
      if (typeof v !== 'number') return flush()
      segment.push([center(i), y(v)])
      shapes.push({ kind: 'circle', cx: center(i), cy: y(v), r: 2, fill: colour(s.key) })
    })
    flush()
  }

  // x labels: every k-th so they do not overlap
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((plot.right - plot.left) / 44))))
  spec.rows.forEach((row, i) => {
    if (i % every === 0) text(center(i), plot.bottom + 12, String(row[spec.xKey] ?? ''), 8, 'middle', '#475569')
  })

  // legend
  let lx = plot.left
  const ly = height - 8
  for (const s of spec.series) {
    if (s.as === 'line') shapes.push({ kind: 'line', x1: lx, y1: ly - 3, x2: lx + 10, y2: ly - 3, stroke: colour(s.key), width: 2 })
    else shapes.push({ kind: 'rect', x: lx, y: ly - 8, w: 10, h: 8, fill: colour(s.key) })
    text(lx + 14, ly, s.label, 8, 'start', '#334155')
    lx += 24 + s.label.length * 4.6
  }
  return { width, height, title: spec.title, shapes }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const n2 = (v: number) => Number(v.toFixed(2))

/** A standalone SVG document, with the numbers as a description for screen readers. */
export function sceneToSvg(scene: Scene, description?: string): string {
  const body = scene.shapes
    .map((s) => {
      switch (s.kind) {
        case 'rect':
          return `<rect x="${n2(s.x)}" y="${n2(s.y)}" width="${n2(s.w)}" height="${n2(s.h)}" fill="${s.fill}"/>`
        case 'line':
          return `<line x1="${n2(s.x1)}" y1="${n2(s.y1)}" x2="${n2(s.x2)}" y2="${n2(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`
        case 'polyline':
          return `<polyline points="${s.points.map(([x, y]) => `${n2(x)},${n2(y)}`).join(' ')}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}"/>`
        case 'circle':
          return `<circle cx="${n2(s.cx)}" cy="${n2(s.cy)}" r="${s.r}" fill="${s.fill}"/>`
        case 'text':
          return `<text x="${n2(s.x)}" y="${n2(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}"${s.bold ? ' font-weight="bold"' : ''}>${escapeXml(s.text)}</text>`
      }
    })
    .join('\n')
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${scene.width} ${scene.height}" width="${scene.width}" height="${scene.height}" role="img" aria-label="${escapeXml(scene.title)}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(scene.title)}</title>`,
    description ? `<desc>${escapeXml(description)}</desc>` : '',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    body,
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n')
}

/** The chart's numbers in words, for the SVG's description. */
export function describeChart(spec: ChartSpec) {
  return spec.rows
    .map(
      (row) =>
        `${row[spec.xKey]}: ${spec.series.map((s) => `${s.label} ${formatValue(spec.unit, typeof row[s.key] === 'number' ? (row[s.key] as number) : null, spec.currency)}`).join(', ')}`,
    )
    .join('; ')
}

export function renderChartSvg(spec: ChartSpec, size?: { width?: number; height?: number }) {
  return sceneToSvg(layoutChart(spec, size), describeChart(spec))
}
