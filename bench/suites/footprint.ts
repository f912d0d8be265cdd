// Footprint of the embedded default (issue 11): `npm start` with the demo organisation. Spawns
// the real processes in a data folder of their own (bench/footprint.ts); seeds nothing here.
import { runFootprint } from '../footprint.ts'
import { figure, percentile, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const footprintSuite: BenchSuite = {
  name: 'footprint',
  async seed() {},
  async run({ log }) {
    const result = await runFootprint()
    log(`footprint: ${JSON.stringify(result)}`)
    const starts = [...result.startToHealthzMs].sort((a, b) => a - b)
    const cpu = [...result.startCpuMs].sort((a, b) => a - b)
    return [
      figure('npm start: build check when nothing changed', result.buildCheckMs, 'ms'),
      figure('start to /healthz 200, build current (median of 3)', percentile(starts, 50), 'ms', { target: 2_000, direction: '<=' }),
      // wall time depends on what else the machine runs; the CPU time it took does not
      figure('CPU time used by then (median of 3)', percentile(cpu, 50), 'ms'),
      figure('idle RSS, server with its worker, demo data (mean of 30 s)', result.idleRssMb, 'MB', { target: 300, direction: '<=' }),
      figure('idle RSS growth over those 30 s', result.idleRssGrowthPct, '%', { target: 10, direction: '<=', digits: 1 }),
      figure('RSS after one visit of the main pages', result.afterPagesRssMb, 'MB'),
    ] satisfies BenchResult[]
  },
}
