// The embedded default's footprint: `npm start` on the demo organisation (PGlite in a data folder,
// the worker in the same process). Measures the build check `npm start` makes when nothing
// changed, start to the first 200 from /healthz (the build current), and resident memory while
// idle. Runs the real processes, so the harness's own database and dataset do not count.
//   node --import tsx bench/footprint.ts [--starts 3] [--idle-seconds 40]  → JSON
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { root, runSteward, startSteward } from '#tests/ops/processes.ts'

export interface FootprintResult {
  buildCheckMs: number
  startToHealthzMs: number[]
  /** CPU time the server had used by then (user + system, all threads): what an idle machine's wait is made of */
  startCpuMs: number[]
  idleRssMb: number
  idleRssGrowthPct: number
  afterPagesRssMb: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** user + system CPU time of a process so far, from /proc (clock ticks of 10 ms) */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

async function healthzAfterStart(dataDir: string, port: number) {
  const started = performance.now()
  const server = startSteward('serve', ['serve'], {
    STEWARD_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
  })
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`serve exited:\n${server.output()}`)
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return { server, ms: performance.now() - started, cpuMs: cpuMs(server.pid) }
    await sleep(20)
  }
}

export async function runFootprint(options: { starts?: number; idleSeconds?: number; port?: number } = {}): Promise<FootprintResult> {
  const starts = options.starts ?? 3
  const idleSeconds = options.idleSeconds ?? 40
  const port = options.port ?? Number(process.env.BENCH_FOOTPRINT_PORT ?? 5430)
  // What `npm start` does first; builds if needed (not timed), then the no-change check is timed.
  execFileSync(process.execPath, ['--import', 'tsx', 'bin/build-if-changed.ts'], { cwd: root, stdio: 'ignore' })
  const checkStarted = performance.now()
  execFileSync(process.execPath, ['--import', 'tsx', 'bin/build-if-changed.ts'], { cwd: root, stdio: 'ignore' })
  const buildCheckMs = performance.now() - checkStarted

  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-footprint-'))
  try {
    // the processes run with NODE_ENV=production, where the demo must be asked for explicitly
    await runSteward(['demo', 'load', '--force'], { STEWARD_DATA_DIR: dataDir })
    const times: number[] = []
    const cpuTimes: number[] = []
    for (let i = 0; i < starts; i++) {
      const { server, ms, cpuMs: cpu } = await healthzAfterStart(dataDir, port)
      times.push(Math.round(ms))
      cpuTimes.push(cpu)
      if (i < starts - 1) await server.stop()
      else {
        // Idle: the worker's schedules and pollers run, nobody visits. Sampled once a second.
        const samples: number[] = []
        for (let s = 0; s < idleSeconds; s++) {
          await sleep(1_000)
          samples.push(rssMb(server.pid))
        }
        const last30 = samples.slice(-30)
        const idleRssMb = last30.reduce((a, b) => a + b, 0) / last30.length
        const idleRssGrowthPct = ((last30.at(-1)! - last30[0]) / last30[0]) * 100
        // One signed-in round of the main pages, then idle again: what a visit leaves resident.
        const cookie = await signInDemo(port)
        for (const page of ['/', '/communications', '/community', '/fundraising', '/reports']) {
          await fetch(`http://127.0.0.1:${port}${page}`, { headers: { cookie } }).then((r) => r.text())
        }
        await sleep(5_000)
        const afterPagesRssMb = rssMb(server.pid)
        await server.stop()
        return {
          buildCheckMs: Math.round(buildCheckMs),
          startToHealthzMs: times,
          startCpuMs: cpuTimes,
          idleRssMb,
          idleRssGrowthPct,
          afterPagesRssMb,
        }
      }
    }
    throw new Error('unreachable')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function signInDemo(port: number) {
  const base = `http://127.0.0.1:${port}`
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email: 'admin@demo.steward.invalid', password: 'demo-admin-password' }).toString(),
  })
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { starts: { type: 'string', default: '3' }, 'idle-seconds': { type: 'string', default: '40' } } })
  console.log(JSON.stringify(await runFootprint({ starts: Number(values.starts), idleSeconds: Number(values['idle-seconds']) }), null, 2))
}
