/** Timing helpers: percentiles over repeated runs, never a single timed run. */
import { getDatabase } from '#db/client.server.ts'

/**
 * A page's p95 target: the figure given holds on PostgreSQL; the embedded database (PGlite:
 * PostgreSQL compiled to WebAssembly, one thread, for small installations and trying Steward out)
 * gets twice as long. Targets for long operations (an import, a report) hold on both as given.
 */
export function pageTargetMs(postgresMs: number) {
  return getDatabase().kind === 'pglite' ? postgresMs * 2 : postgresMs
}

export interface Measurement {
  kind?: 'latency'
  name: string
  runs: number
  p50: number
  p95: number
  max: number
  /** the target this measurement must stay under, in ms (p95) */
  targetMs?: number
}

/**
 * A number that is not a latency (a ratio, a throughput, seconds of one long operation, memory),
 * with an optional target it must stay at or under (`<=`) or at or above (`>=`).
 */
export interface Figure {
  kind: 'figure'
  name: string
  value: number
  unit: string
  target?: number
  direction?: '<=' | '>='
  /** decimals shown (default: 2 below 10, 1 below 1000, else 0) */
  digits?: number
}

export type BenchResult = Measurement | Figure

export function figure(
  name: string,
  value: number,
  unit: string,
  goal: { target?: number; direction?: '<=' | '>='; digits?: number } = {},
): Figure {
  return { kind: 'figure', name, value, unit, ...goal }
}

export function isFigure(result: BenchResult): result is Figure {
  return result.kind === 'figure'
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

/**
 * Runs `run` `warmup` times, then up to `runs` times, and reports percentiles of those runs. With
 * `budgetMs`, measuring stops once the timed runs have taken that long (after at least
 * `minRuns`, default 5), so a slow operation does not hold the whole benchmark up; the row shows
 * how many runs were made.
 */
export async function measure(
  name: string,
  run: () => Promise<unknown>,
  options: { runs?: number; warmup?: number; targetMs?: number; budgetMs?: number; minRuns?: number } = {},
): Promise<Measurement> {
  const runs = options.runs ?? 20
  for (let i = 0; i < (options.warmup ?? 2); i++) await run()
  const times: number[] = []
  let spent = 0
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
    spent += times[times.length - 1]
    if (options.budgetMs !== undefined && spent >= options.budgetMs && times.length >= (options.minRuns ?? 5)) break
  }
  times.sort((a, b) => a - b)
  return {
    name,
    runs: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1],
    targetMs: options.targetMs,
  }
}

/**
 * `clients` callers running `run` at once, each `requests` times one after the other (after one
 * warm-up call each): the percentiles of every request's own latency, as a server under that many
 * simultaneous users would show them.
 */
export async function measureConcurrent(
  name: string,
  run: (client: number, request: number) => Promise<unknown>,
  options: { clients: number; requests: number; targetMs?: number },
): Promise<Measurement> {
  await Promise.all(Array.from({ length: options.clients }, (_, client) => run(client, -1)))
  const times: number[] = []
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let i = 0; i < options.requests; i++) {
        const start = performance.now()
        await run(client, i)
        times.push(performance.now() - start)
      }
    }),
  )
  times.sort((a, b) => a - b)
  return {
    name,
    runs: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1],
    targetMs: options.targetMs,
  }
}

/** Whether a result misses its target (a latency's p95 over it, a figure on the wrong side); no target never misses. */
export function isOverTarget(result: BenchResult): boolean {
  if (isFigure(result)) {
    if (result.target === undefined) return false
    if (!Number.isFinite(result.value)) return true
    return (result.direction ?? '<=') === '<=' ? result.value > result.target : result.value < result.target
  }
  return result.targetMs !== undefined && !(result.p95 <= result.targetMs)
}

export function formatNumber(value: number, digits?: number) {
  if (!Number.isFinite(value)) return String(value)
  const d = digits ?? (Math.abs(value) < 10 ? 2 : Math.abs(value) < 1000 ? 1 : 0)
  return value.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d })
}

/** The verdict column: "ok" or "OVER"/"UNDER", the target, and how much of it is used. */
export function verdictOf(result: BenchResult): string {
  if (isFigure(result)) {
    if (result.target === undefined) return ''
    const direction = result.direction ?? '<='
    const word = !isOverTarget(result) ? 'ok' : direction === '<=' ? 'OVER' : 'UNDER'
    const share = result.target === 0 ? '' : ` (${((result.value / result.target) * 100).toFixed(0)}% of target)`
    return `${word} ${direction === '<=' ? '≤' : '≥'} ${result.target.toLocaleString('en', { maximumFractionDigits: 3 })} ${result.unit}${share}`
  }
  if (result.targetMs === undefined) return ''
  return `${isOverTarget(result) ? 'OVER' : 'ok'} < ${result.targetMs} ms (${((result.p95 / result.targetMs) * 100).toFixed(0)}% of budget)`
}

/** Latencies first (runs, p50, p95, max), then the figures (value and unit), each with its verdict. */
export function formatTable(rows: BenchResult[]) {
  const width = Math.max(52, ...rows.map((r) => r.name.length + 2))
  const latencies = rows.filter((r): r is Measurement => !isFigure(r))
  const figures = rows.filter(isFigure)
  const lines: string[] = []
  if (latencies.length) {
    lines.push(
      'benchmark'.padEnd(width) +
        'runs'.padStart(6) +
        'p50 ms'.padStart(10) +
        'p95 ms'.padStart(10) +
        'max ms'.padStart(10) +
        '  target (p95)',
    )
    for (const r of latencies) {
      lines.push(
        r.name.padEnd(width) +
          String(r.runs).padStart(6) +
          r.p50.toFixed(1).padStart(10) +
          r.p95.toFixed(1).padStart(10) +
          r.max.toFixed(1).padStart(10) +
          '  ' +
          verdictOf(r),
      )
    }
  }
  if (figures.length) {
    if (lines.length) lines.push('')
    lines.push('figure'.padEnd(width) + 'value'.padStart(16) + '  unit'.padEnd(12) + '  target')
    for (const f of figures)
      lines.push(f.name.padEnd(width) + formatNumber(f.value, f.digits).padStart(16) + `  ${f.unit}`.padEnd(12) + '  ' + verdictOf(f))
  }
  return lines.map((l) => l.trimEnd()).join('\n')
}
