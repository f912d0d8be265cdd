// The report as Markdown, for the council's minutes or a governance repository. Every number
// carries its definition; charts are linked SVGs followed by their numbers as a table.
import { detailTables } from './detail-tables.ts'
import type { ChartSpec, ReportDocument } from './document.ts'
import { formatChange, formatValue, NO_DATA } from './number-format.ts'
import { AREA_SECTIONS, REPORT_SECTION_LABELS, REPORT_STATUS_LABELS, type ReportSection } from './vocabulary.ts'

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

function table(columns: string[], rows: string[][]) {
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `|${columns.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')
}

function chartBlock(chart: ChartSpec, chartUrl: (name: string) => string) {
  const rows = chart.rows.map((row) => [
    String(row[chart.xKey] ?? ''),
    ...chart.series.map((s) => formatValue(chart.unit, typeof row[s.key] === 'number' ? (row[s.key] as number) : null, chart.currency)),
  ])
  return [
    `![${chart.title}](${chartUrl(chart.name)})`,
    '',
    rows.length ? table([chart.xKey, ...chart.series.map((s) => s.label)], rows) : '_No data for this quarter._',
  ].join('\n')
}

function narrative(doc: ReportDocument, key: ReportSection) {
  const entry = doc.narratives[key]
  if (!entry.markdown.trim()) return '_No narrative was written for this section._'
  const by = entry.updatedBy ? `\n\n_Written by ${entry.updatedBy}${entry.updatedAt ? `, ${entry.updatedAt.slice(0, 10)}` : ''}._` : ''
  // A lead's headings sit below the report's own (# title, ## section).
  const demoted = entry.markdown.trim().replace(/^(#{1,6})(?=\s)/gm, (hashes: string) => '#'.repeat(Math.min(6, hashes.length + 2)))
  return `${demoted}${by}`
}

export interface MarkdownOptions {
  /** where a chart's SVG lives; default: the report's path on this Steward */
  chartUrl?: (name: string) => string
}

export function renderReportMarkdown(doc: ReportDocument, options: MarkdownOptions = {}): string {
  const chartUrl = options.chartUrl ?? ((name: string) => `/reports/${doc.quarter}/charts/${name}.svg?version=${doc.version}`)
  const out: string[] = []
  out.push(`# ${doc.projectName}: quarterly report ${doc.quarter}`)
  out.push(
    [
      `**${REPORT_STATUS_LABELS[doc.status]}**, version ${doc.version}`,
      `Period ${doc.period.start} to ${doc.period.end} (${doc.period.timeZone})`,
      `Numbers generated ${doc.generatedAt}`,
      doc.publishedAt ? `Published ${doc.publishedAt.slice(0, 10)}${doc.publishedBy ? ` by ${doc.publishedBy}` : ''}` : null,
    ]
      .filter(Boolean)
      .join(' · '),
  )
  if (doc.status !== 'published') out.push('> This is a draft: its numbers and words may still change until the council publishes it.')
  if (doc.correctionOf) out.push(`> Version ${doc.version} corrects version ${doc.correctionOf}: ${doc.correctionReason ?? ''}`)
  if (doc.supersededBy) out.push(`> Version ${doc.supersededBy} corrects this version.`)
  out.push(
    `Changes compare with the previous quarter (${doc.previousQuarter}) and the same quarter a year before (${doc.sameQuarterLastYear}). ${NO_DATA} means the number cannot be computed from the data Steward holds.`,
  )

  out.push(`## ${REPORT_SECTION_LABELS.highlights}`, narrative(doc, 'highlights'))

  const details = detailTables(doc)
  for (const section of AREA_SECTIONS) {
    out.push(`## ${REPORT_SECTION_LABELS[section]}`)
    out.push(narrative(doc, section))
    const headlines = doc.headlines.filter((h) => h.section === section)
    out.push(
      table(
        ['Metric', doc.quarter, `vs ${doc.previousQuarter}`, `vs ${doc.sameQuarterLastYear}`, 'Definition and filters'],
        headlines.map((h) => [
          h.label,
          formatValue(h.unit, h.value, h.currency),
          formatChange(h, h.changeVsPrevious),
          formatChange(h, h.changeVsYearBefore),
          h.definition,
        ]),
      ),
    )
    for (const detail of details.filter((d) => d.section === section)) {
      out.push(`### ${detail.title}`, detail.rows.length ? table(detail.columns, detail.rows) : `_${detail.empty}_`)
    }
    for (const chart of doc.charts.filter((c) => c.section === section)) out.push(`### ${chart.title}`, chartBlock(chart, chartUrl))
  }

  out.push('## Provenance')
  out.push(
    `Quarters and dates are computed in the project's time zone, ${doc.provenance.timeZone}. Money is in ${doc.provenance.reportingCurrency} unless a currency is named.`,
  )
  const rates = doc.provenance.exchangeRatesUsed
  out.push(
    rates.length
      ? `Exchange rates used (to ${doc.provenance.reportingCurrency}):\n\n${table(
          ['Currency', 'In force from', 'Rate'],
          rates.map((r) => [r.currency, r.validFrom, String(r.rate)]),
        )}`
      : 'No exchange rate was needed.',
  )
  for (const section of AREA_SECTIONS) {
    const entries = Object.entries(doc.provenance.definitions[section])
    if (entries.length)
      out.push(
        `### ${REPORT_SECTION_LABELS[section]}: definitions and filters`,
        entries.map(([key, text]) => `- **${key}**: ${text}`).join('\n'),
      )
  }
  return `${out.join('\n\n')}\n`
}
