// Charts appear at once (no entry animation): numbers people came to read, not a show.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

export interface SeriesDef {
  key: string
  label: string
  color?: string
  /** bars with the same stack id are stacked */
  stack?: string
  /** draw as a line on a bar chart (e.g. a target or a cadence) */
  asLine?: boolean
}

// One formatter for every cell: `toLocaleString('en')` builds a new one per call (a third of a
// millisecond each, times every cell of every chart's table on each server render).
const NUMBER = new Intl.NumberFormat('en')

const PALETTE = ['#1f5bbf', '#10b981', '#f59e0b', '#d946ef', '#0ea5e9', '#ef4444', '#64748b', '#84cc16']

interface ChartProps<Row extends Record<string, string | number | null>> {
  /** what the chart shows, for screen readers and the heading */
  title: string
  data: Row[]
  xKey: keyof Row & string
  series: SeriesDef[]
  height?: number
  formatValue?: (value: number) => string
}

/**
 * The drawing is hidden from assistive technology (and recharts' keyboard layer is off, so nothing
 * inside it takes the focus); every chart renders its numbers as a table for screen readers (and for the server render,
 * where recharts 3 draws nothing): the chart is a view of data the page already holds.
 */
function DataTable<Row extends Record<string, string | number | null>>({ title, data, xKey, series, formatValue }: ChartProps<Row>) {
  const fmt = (v: string | number | null) => (typeof v === 'number' ? (formatValue ? formatValue(v) : NUMBER.format(v)) : (v ?? '—'))
  return (
    // the wrapper is what is visually hidden: a table grows to its content whatever width it is given,
    // so a long table marked sr-only itself stuck out past a phone's screen
    <div className="sr-only">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{xKey}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, i) => (
            <tr key={i}>
              <th scope="row">{String(row[xKey])}</th>
              {series.map((s) => (
                <td key={s.key}>{fmt(row[s.key] as string | number | null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Bars (stacked by `stack`), with any series marked `asLine` drawn as a dashed line over them. */
export function BarSeriesChart<Row extends Record<string, string | number | null>>(props: ChartProps<Row>) {
  const { data, xKey, series, height = 260, formatValue } = props
  return (
    <figure aria-label={props.title}>
      <div style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey={xKey as string} fontSize={12} />
            <YAxis fontSize={12} tickFormatter={formatValue} width={64} />
            <Tooltip formatter={(v) => (typeof v === 'number' && formatValue ? formatValue(v) : String(v))} />
            <Legend />
            {series.map((s, i) =>
              s.asLine ? (
                <Line
                  isAnimationActive={false}
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color ?? PALETTE[i % PALETTE.length]}
                  strokeWidth={2}
                  dot={false}
                  strokeDasharray="5 4"
                />
              ) : (
                <Bar
                  isAnimationActive={false}
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId={s.stack}
                  fill={s.color ?? PALETTE[i % PALETTE.length]}
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <DataTable {...props} />
    </figure>
  )
}

/** Lines; a missing value (null) leaves a gap rather than joining across it. */
export function LineSeriesChart<Row extends Record<string, string | number | null>>(props: ChartProps<Row>) {
  const { data, xKey, series, height = 260, formatValue } = props
  return (
    <figure aria-label={props.title}>
      <div style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey={xKey as string} fontSize={12} />
            <YAxis fontSize={12} tickFormatter={formatValue} width={64} />
            <Tooltip formatter={(v) => (typeof v === 'number' && formatValue ? formatValue(v) : String(v))} />
            <Legend />
            {series.map((s, i) => (
              <Line
                isAnimationActive={false}
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color ?? PALETTE[i % PALETTE.length]}
                strokeWidth={2}
                dot={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <DataTable {...props} />
    </figure>
  )
}
