// Renders a report document as a file (JSON, Markdown, PDF) or one of its charts as SVG: for the
// download routes and the command line.
import { renderChartSvg } from './chart-scene.ts'
import type { ReportDocument } from './document.ts'
import { renderReportMarkdown } from './markdown-report.ts'
import { type Paper, renderReportPdf } from './pdf.server.ts'

export type ReportFormat = 'json' | 'md' | 'pdf'

export const CONTENT_TYPES: Record<ReportFormat | 'svg', string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  svg: 'image/svg+xml; charset=utf-8',
}

export function parsePaper(value: string | null | undefined): Paper {
  return value?.toLowerCase() === 'letter' ? 'LETTER' : 'A4'
}

export async function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
  options: { paper?: Paper; chartBaseUrl?: string } = {},
): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`)
    case 'md': {
      const base = options.chartBaseUrl ?? ''
      return Buffer.from(
        renderReportMarkdown(doc, { chartUrl: (name) => `${base}/reports/${doc.quarter}/charts/${name}.svg?version=${doc.version}` }),
      )
    }
    case 'pdf':
      return renderReportPdf(doc, { paper: options.paper })
  }
}

export function renderReportChart(doc: ReportDocument, name: string): string | undefined {
  const chart = doc.charts.find((c) => c.name === name)
  return chart ? renderChartSvg(chart) : undefined
}

export function reportFileName(doc: ReportDocument, format: ReportFormat) {
  return `report-${doc.quarter}-v${doc.version}.${format}`
}
