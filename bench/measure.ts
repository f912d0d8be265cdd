/** Timing helpers: percentiles over repeated runs, never a single timed run. */
export interface Measurement {
  name: string
  runs: number
  p50: number
  p95: number
  max: number
  /** the target this measurement must stay under, in ms (p95) */
  targetMs?: number
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

export async function measure(name: string, run: () => Promise<unknown>, options: { runs?: number; warmup?: number; targetMs?: number } = {}): Promise<Measurement> {
  const runs = options.runs ?? 20
  for (let i = 0; i < (options.warmup ?? 2); i++) await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { name, runs, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], targetMs: options.targetMs }
}

export function formatTable(rows: Measurement[]) {
  const lines = ['benchmark'.padEnd(52) + 'runs'.padStart(6) + 'p50 ms'.padStart(10) + 'p95 ms'.padStart(10) + 'max ms'.padStart(10) + '  target (p95)']
  for (const r of rows) {
    const verdict = r.targetMs === undefined ? '' : `${r.p95 <= r.targetMs ? 'ok' : 'OVER'} < ${r.targetMs} ms (${((r.p95 / r.targetMs) * 100).toFixed(0)}% of budget)`
    lines.push(r.name.padEnd(52) + String(r.runs).padStart(6) + r.p50.toFixed(1).padStart(10) + r.p95.toFixed(1).padStart(10) + r.max.toFixed(1).padStart(10) + '  ' + verdict)
  }
  return lines.join('\n')
}
