// The report as a PDF (pdfkit), on A4 or Letter. Charts are drawn as vectors from the same
// shapes as the SVGs (chart-scene.ts); the text uses the standard PDF fonts, no font files.
import { marked, type Token, type Tokens } from 'marked'
import { layoutChart, type Scene } from './chart-scene.ts'
import { detailTables } from './detail-tables.ts'
import type { ReportDocument } from './document.ts'
import { formatChange, formatValue, NO_DATA } from './number-format.ts'
import { AREA_SECTIONS, REPORT_SECTION_LABELS, REPORT_STATUS_LABELS, type ReportSection } from './vocabulary.ts'

export type Paper = 'A4' | 'LETTER'

export interface PdfOptions {
  paper?: Paper
  /** false keeps the content streams readable (tests search them) */
  compress?: boolean
}

const MARGIN = 50
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'
const MONO = 'Courier'

type Doc = PDFKit.PDFDocument

function contentWidth(doc: Doc) {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right
}

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage()
}

function heading(doc: Doc, text: string, size: number) {
  // keep a section's heading with what follows it
  ensureSpace(doc, size >= 14 ? 140 : size * 5)
  doc
    .moveDown(0.6)
    .font(BOLD)
    .fontSize(size)
    .fillColor('#0f172a')
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) })
  doc.moveDown(0.3).font(FONT).fontSize(9.5)
}

function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; font?: string; indent?: number } = {}) {
  doc
    .font(options.font ?? FONT)
    .fontSize(options.size ?? 9.5)
    .fillColor(options.color ?? '#1e293b')
    .text(text, doc.page.margins.left + (options.indent ?? 0), doc.y, { width: contentWidth(doc) - (options.indent ?? 0) })
  doc.moveDown(0.35)
}

/** A table with proportional columns; rows flow onto the next page with the header repeated. */
function table(doc: Doc, columns: string[], rows: string[][], weights?: number[], align: 'numbers' | 'text' = 'numbers') {
  const width = contentWidth(doc)
  const w = weights ?? columns.map((_, i) => (i === 0 ? 2 : 1))
  const total = w.reduce((a, b) => a + b, 0)
  const widths = w.map((x) => (x / total) * width)
  const size = 8.5
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size)
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 6 }))) + 5
  }
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font)
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage()
      if (font !== BOLD) drawRow(columns, BOLD, true)
    }
    const top = doc.y
    if (shade) doc.rect(doc.page.margins.left, top, width, h).fill('#f1f5f9')
    let x = doc.page.margins.left
    cells.forEach((c, i) => {
      doc
        .font(font)
        .fontSize(size)
        .fillColor('#1e293b')
        .text(c, x + 3, top + 2.5, { width: widths[i] - 6, align: i === 0 || align === 'text' ? 'left' : 'right' })
      x += widths[i]
    })
    doc
      .moveTo(doc.page.margins.left, top + h)
      .lineTo(doc.page.margins.left + width, top + h)
      .lineWidth(0.4)
      .strokeColor('#cbd5e1')
      .stroke()
    doc.x = doc.page.margins.left
    doc.y = top + h
  }
  drawRow(columns, BOLD, true)
  for (const row of rows) drawRow(row, FONT, false)
  doc.moveDown(0.6)
}

/** Draws a chart's shapes as vectors at the current position, scaled to the content width. */
function chart(doc: Doc, scene: Scene) {
  const scale = Math.min(1, contentWidth(doc) / scene.width)
  const height = scene.height * scale
  ensureSpace(doc, height + 10)
  const ox = doc.page.margins.left
  const oy = doc.y
  doc.save()
  doc.translate(ox, oy).scale(scale)
  for (const s of scene.shapes) {
    switch (s.kind) {
      case 'rect':
        doc.rect(s.x, s.y, s.w, s.h).fill(s.fill)
        break
      case 'line':
        doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.width).strokeColor(s.stroke)
        if (s.dash) doc.dash(s.dash[0], { space: s.dash[1] ?? s.dash[0] })
        doc.stroke().undash()
        break
      case 'polyline': {
        const [first, ...rest] = s.points
        doc.moveTo(first[0], first[1])
        for (const [x, y] of rest) doc.lineTo(x, y)
        doc.lineWidth(s.width).strokeColor(s.stroke).stroke()
        break
      }
      case 'circle':
        doc.circle(s.cx, s.cy, s.r).fill(s.fill)
        break
      case 'text': {
        doc
          .font(s.bold ? BOLD : FONT)
          .fontSize(s.size)
          .fillColor(s.fill)
        const top = s.y - s.size * 0.78
        const box = 160
        const x = s.anchor === 'start' ? s.x : s.anchor === 'middle' ? s.x - box / 2 : s.x - box
        doc.text(s.text, x, top, {
          width: s.anchor === 'start' ? scene.width - s.x : box,
          align: s.anchor === 'start' ? 'left' : s.anchor === 'middle' ? 'center' : 'right',
          lineBreak: false,
        })
        break
      }
    }
  }
  doc.restore()
  doc.x = doc.page.margins.left
  doc.y = oy + height + 8
}

interface Run {
  text: string
  bold?: boolean
  italic?: boolean
  mono?: boolean
}

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")

/** Inline Markdown (bold, italic, code, links) as styled runs of text. */
function inlineRuns(tokens: Token[] | undefined, fallback: string, style: Omit<Run, 'text'> = {}): Run[] {
  if (!tokens) return [{ ...style, text: decodeEntities(fallback) }]
  return tokens.flatMap((t): Run[] => {
    switch (t.type) {
      case 'strong':
        return inlineRuns((t as Tokens.Strong).tokens, (t as Tokens.Strong).text, { ...style, bold: true })
      case 'em':
        return inlineRuns((t as Tokens.Em).tokens, (t as Tokens.Em).text, { ...style, italic: true })
      case 'codespan':
        return [{ ...style, mono: true, text: decodeEntities((t as Tokens.Codespan).text) }]
      case 'link':
        return [
          ...inlineRuns((t as Tokens.Link).tokens, (t as Tokens.Link).text, style),
          { ...style, text: ` (${(t as Tokens.Link).href})` },
        ]
      case 'br':
        return [{ ...style, text: '\n' }]
      default:
        if ('tokens' in t && Array.isArray(t.tokens)) return inlineRuns(t.tokens as Token[], 'text' in t ? String(t.text) : '', style)
        return [{ ...style, text: 'text' in t ? decodeEntities(String(t.text)) : '' }]
    }
  })
}

const plainText = (runs: Run[]) => runs.map((r) => r.text).join('')

function fontOf(run: Run) {
  if (run.mono) return MONO
  if (run.bold && run.italic) return 'Helvetica-BoldOblique'
  if (run.bold) return BOLD
  if (run.italic) return 'Helvetica-Oblique'
  return FONT
}

/** A paragraph of styled runs, wrapped to the content width. */
function richParagraph(doc: Doc, runs: Run[], options: { size?: number; color?: string; indent?: number; bold?: boolean } = {}) {
  const parts = runs.filter((r) => r.text.length > 0)
  if (!parts.length) return
  const x = doc.page.margins.left + (options.indent ?? 0)
  const width = contentWidth(doc) - (options.indent ?? 0)
  doc.fontSize(options.size ?? 9.5).fillColor(options.color ?? '#1e293b')
  parts.forEach((run, i) => {
    doc.font(fontOf({ ...run, bold: run.bold || options.bold }))
    const more = i < parts.length - 1
    if (i === 0) doc.text(run.text, x, doc.y, { width, continued: more })
    else doc.text(run.text, { continued: more })
  })
  doc.x = doc.page.margins.left
  doc.moveDown(0.35)
}

/** A lead's Markdown as PDF text: headings, paragraphs, lists, quotes, code. */
function markdown(doc: Doc, source: string) {
  for (const token of marked.lexer(source)) {
    switch (token.type) {
      case 'heading':
        doc.moveDown(0.2)
        richParagraph(doc, inlineRuns(token.tokens, token.text), { bold: true, size: 10.5 })
        break
      case 'paragraph':
        richParagraph(doc, inlineRuns(token.tokens, token.text))
        break
      case 'list':
        ;(token as Tokens.List).items.forEach((item, i) => {
          const bullet = (token as Tokens.List).ordered ? `${Number((token as Tokens.List).start || 1) + i}.` : '•'
          // an item holds block tokens (text, paragraphs): their inline runs, one after the other
          const runs = item.tokens.flatMap((t) =>
            'tokens' in t && Array.isArray(t.tokens)
              ? inlineRuns(t.tokens as Token[], 'text' in t ? String(t.text) : '')
              : [{ text: 'text' in t ? decodeEntities(String(t.text)) : '' }],
          )
          richParagraph(doc, [{ text: `${bullet} ` }, ...runs], { indent: 10 })
        })
        break
      case 'blockquote':
        richParagraph(
          doc,
          (token as Tokens.Blockquote).tokens.flatMap((t) =>
            'tokens' in t && Array.isArray(t.tokens) ? inlineRuns(t.tokens as Token[], '') : [],
          ),
          { color: '#475569', indent: 12 },
        )
        break
      case 'code':
        paragraph(doc, token.text, { font: MONO, size: 8.5 })
        break
      case 'table': {
        const t = token as Tokens.Table
        table(
          doc,
          t.header.map((h) => plainText(inlineRuns(h.tokens, h.text))),
          t.rows.map((r) => r.map((c) => plainText(inlineRuns(c.tokens, c.text)))),
          undefined,
          'text',
        )
        break
      }
      case 'hr':
        doc.moveDown(0.5)
        break
      case 'space':
        break
      default:
        if ('text' in token) paragraph(doc, String(token.text))
    }
  }
}

function narrative(doc: Doc, report: ReportDocument, key: ReportSection) {
  const entry = report.narratives[key]
  if (!entry.markdown.trim()) {
    paragraph(doc, 'No narrative was written for this section.', { color: '#64748b' })
    return
  }
  markdown(doc, entry.markdown)
  if (entry.updatedBy)
    paragraph(doc, `Written by ${entry.updatedBy}${entry.updatedAt ? `, ${entry.updatedAt.slice(0, 10)}` : ''}.`, {
      size: 8,
      color: '#64748b',
    })
}

export async function renderReportPdf(report: ReportDocument, options: PdfOptions = {}): Promise<Buffer> {
  // pdfkit costs about 26 MB and 0.9 s to load: only when a PDF is asked for, not at start-up.
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: options.paper ?? 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    compress: options.compress ?? true,
    bufferPages: true,
    info: { Title: `${report.projectName}: quarterly report ${report.quarter} (version ${report.version})`, Creator: 'Steward' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.font(BOLD).fontSize(18).fillColor('#0f172a').text(`${report.projectName}: quarterly report ${report.quarter}`)
  doc.moveDown(0.3)
  paragraph(
    doc,
    [
      `${REPORT_STATUS_LABELS[report.status]}, version ${report.version}`,
      `period ${report.period.start} to ${report.period.end} (${report.period.timeZone})`,
      `numbers generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
      report.publishedAt ? `published ${report.publishedAt.slice(0, 10)}${report.publishedBy ? ` by ${report.publishedBy}` : ''}` : null,
    ]
      .filter(Boolean)
      .join(' · '),
    { color: '#475569' },
  )
  if (report.status !== 'published')
    paragraph(doc, 'Draft: its numbers and words may still change until the council publishes it.', { color: '#b45309' })
  if (report.correctionOf)
    paragraph(doc, `Version ${report.version} corrects version ${report.correctionOf}: ${report.correctionReason ?? ''}`, {
      color: '#b45309',
    })
  if (report.supersededBy) paragraph(doc, `Version ${report.supersededBy} corrects this version.`, { color: '#b45309' })
  paragraph(
    doc,
    `Changes compare with ${report.previousQuarter} and with ${report.sameQuarterLastYear}. ${NO_DATA} means the number cannot be computed from the data held.`,
    { size: 8.5, color: '#475569' },
  )

  heading(doc, REPORT_SECTION_LABELS.highlights, 13)
  narrative(doc, report, 'highlights')

  const details = detailTables(report)
  for (const section of AREA_SECTIONS) {
    heading(doc, REPORT_SECTION_LABELS[section], 14)
    narrative(doc, report, section)
    const headlines = report.headlines.filter((h) => h.section === section)
    table(
      doc,
      ['Metric', report.quarter, `vs ${report.previousQuarter}`, `vs ${report.sameQuarterLastYear}`],
      headlines.map((h) => [
        h.label,
        formatValue(h.unit, h.value, h.currency),
        formatChange(h, h.changeVsPrevious),
        formatChange(h, h.changeVsYearBefore),
      ]),
      [2.4, 1.3, 1.3, 1.3],
    )
    for (const c of report.charts.filter((x) => x.section === section)) {
      const hasData = c.rows.some((row) => c.series.some((sr) => typeof row[sr.key] === 'number'))
      if (hasData) chart(doc, layoutChart(c))
      else paragraph(doc, `${c.title}: no data for this quarter.`, { color: '#64748b' })
    }
    for (const d of details.filter((x) => x.section === section)) {
      heading(doc, d.title, 10.5)
      if (d.rows.length) table(doc, d.columns, d.rows)
      else paragraph(doc, d.empty, { color: '#64748b' })
    }
  }

  heading(doc, 'Definitions, filters and provenance', 14)
  paragraph(
    doc,
    `Quarters and dates are computed in ${report.provenance.timeZone}. Money is in ${report.provenance.reportingCurrency} (minor units shown as decimals) unless a currency is named.`,
  )
  if (report.provenance.exchangeRatesUsed.length) {
    table(
      doc,
      ['Currency', 'In force from', `Rate to ${report.provenance.reportingCurrency}`],
      report.provenance.exchangeRatesUsed.map((r) => [r.currency, r.validFrom, String(r.rate)]),
    )
  }
  table(
    doc,
    ['Metric', 'Definition and filters'],
    report.headlines.map((h) => [`${REPORT_SECTION_LABELS[h.section]}: ${h.label}`, h.definition]),
    [1.3, 3],
    'text',
  )
  for (const section of AREA_SECTIONS) {
    const entries = Object.entries(report.provenance.definitions[section])
    if (!entries.length) continue
    heading(doc, `${REPORT_SECTION_LABELS[section]}: as the area defines it`, 10.5)
    for (const [key, text] of entries) paragraph(doc, `${key}: ${text}`, { size: 8.5 })
  }

  // Page footers, once the page count is known.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font(FONT)
      .fontSize(7.5)
      .fillColor('#64748b')
      .text(
        `${report.projectName} · ${report.quarter} v${report.version} · ${REPORT_STATUS_LABELS[report.status]} · page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - 32,
        {
          width: doc.page.width - 2 * MARGIN,
          align: 'center',
          lineBreak: false,
        },
      )
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}
