// An area's numbers on the report page: the headline table with its comparisons, the charts, and
// the detail tables; and the provenance that says how they were computed.
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'
import type { DetailTable } from '#app/domain/reports/detail-tables.ts'
import type { ChartSpec, ReportDocument } from '#app/domain/reports/document.ts'
import { formatAxis, formatChange, formatValue } from '#app/domain/reports/number-format.ts'
import { AREA_SECTIONS, type AreaSection, REPORT_SECTION_LABELS } from '#app/domain/reports/vocabulary.ts'

/** The section's headline numbers against the previous quarter and the same quarter a year before. */
export function Headlines({ doc, section }: { doc: ReportDocument; section: AreaSection }) {
  const rows = doc.headlines.filter((h) => h.section === section)
  return (
    <ScrollRegion label={`${REPORT_SECTION_LABELS[section]}: headline numbers`}>
      <table className="w-full text-sm">
        <caption className="sr-only">
          {REPORT_SECTION_LABELS[section]}: headline numbers for {doc.quarter}, with the change against {doc.previousQuarter} and{' '}
          {doc.sameQuarterLastYear}
        </caption>
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1.5">
              Metric and definition
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              {doc.quarter}
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              vs {doc.previousQuarter}
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              vs {doc.sameQuarterLastYear}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((h) => (
            <tr key={h.key}>
              <th scope="row" className="py-1.5 pr-3 text-left align-top font-normal">
                <span className="font-medium text-slate-900">{h.label}</span>
                <span className="block text-xs text-slate-500">{h.definition}</span>
              </th>
              <td className="whitespace-nowrap pl-3 text-right align-top font-semibold tabular-nums">
                {formatValue(h.unit, h.value, h.currency)}
              </td>
              <td className="whitespace-nowrap pl-3 text-right align-top tabular-nums">{formatChange(h, h.changeVsPrevious)}</td>
              <td className="whitespace-nowrap pl-3 text-right align-top tabular-nums">{formatChange(h, h.changeVsYearBefore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

/** One of the report's charts: lines when every series is a line, else bars (with lines over them). */
export function ReportChart({ chart }: { chart: ChartSpec }) {
  if (chart.rows.length === 0) return <p className="text-sm text-slate-500">{chart.title}: no data for this quarter.</p>
  const format = (v: number) => formatAxis(chart.unit, v, chart.currency)
  const series = chart.series.map((s) => ({ key: s.key, label: s.label, asLine: s.as === 'line' }))
  const onlyLines = chart.series.every((s) => s.as === 'line')
  return (
    <div>
      <h4 className="mb-1 text-sm font-medium text-slate-800">{chart.title}</h4>
      {onlyLines ? (
        <LineSeriesChart title={chart.title} data={chart.rows} xKey={chart.xKey} series={series} formatValue={format} height={220} />
      ) : (
        <BarSeriesChart title={chart.title} data={chart.rows} xKey={chart.xKey} series={series} formatValue={format} height={220} />
      )}
    </div>
  )
}

/** A table below the headlines (channels, campaigns, response times…), or what to say when it is empty. */
export function DetailTableView({ table }: { table: DetailTable }) {
  const body = (
    <>
      <h4 className="text-sm font-medium text-slate-800">{table.title}</h4>
      {table.rows.length ? (
        <table className="mt-1 w-full text-sm">
          <thead className="text-left text-xs text-slate-600">
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} scope="col" className={i ? 'pl-3 text-right' : ''}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} className={`py-1 ${j ? 'whitespace-nowrap pl-3 text-right tabular-nums' : ''}`}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-500">{table.empty}</p>
      )}
    </>
  )
  // A wide table scrolls sideways on a phone: focusable and named, so the keyboard reaches it.
  return table.columns.length > 4 ? (
    <ScrollRegion label={table.title} className="lg:col-span-2">
      {body}
    </ScrollRegion>
  ) : (
    <div>{body}</div>
  )
}

/** How the numbers were computed: the time zone, the currency and rates, each area's definitions. */
export function ProvenanceCard({ doc }: { doc: ReportDocument }) {
  return (
    <Card title="Provenance">
      <p className="text-sm text-slate-700">
        Quarters and dates are computed in {doc.provenance.timeZone}. Money is in {doc.provenance.reportingCurrency} unless a currency is
        named, converted at the rate in force on each donation's date. — means a number cannot be computed from the data Steward holds.
      </p>
      {doc.provenance.exchangeRatesUsed.length ? (
        <p className="mt-2 text-sm text-slate-700">
          Exchange rates used: {doc.provenance.exchangeRatesUsed.map((r) => `${r.currency} ${r.rate} from ${r.validFrom}`).join('; ')}.
        </p>
      ) : null}
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-2">
        {AREA_SECTIONS.flatMap((section) =>
          Object.entries(doc.provenance.definitions[section]).map(([key, text]) => (
            <div key={`${section}-${key}`}>
              <dt className="inline font-medium">
                {REPORT_SECTION_LABELS[section]} · {key}:
              </dt>{' '}
              <dd className="inline">{text}</dd>
            </div>
          )),
        )}
      </dl>
    </Card>
  )
}
