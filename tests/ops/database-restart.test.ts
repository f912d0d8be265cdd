// PostgreSQL restarted under traffic: while it is down every request gets a clear 503 (a page for
// people, JSON for /healthz), and the web process and the worker recover by themselves within
// 10 s of its return, without a restart. Runs on a private PostgreSQL server the test starts and
// stops (initdb in a temporary folder), never on the machine's shared one.
import PgBoss from 'pg-boss'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startPrivatePostgres } from './private-postgres.ts'
import { eventually, requireBuild, runSteward, signIn, startWeb, startWorker, type StewardProcess } from './processes.ts'

const PORT_BASE = Number(process.env.OPS_PORT_BASE ?? 5400)
const PG_PORT = PORT_BASE + 10
const WEB_PORT = PORT_BASE + 11
const base = `http://127.0.0.1:${WEB_PORT}`
const PATHS = ['/', '/community', '/fundraising', '/healthz']

let pg: ReturnType<typeof startPrivatePostgres>
let url: string
let web: StewardProcess
let worker: StewardProcess
let cookie: string

beforeAll(async () => {
  requireBuild()
  pg = startPrivatePostgres(PG_PORT)
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} })
  await admin.unsafe('create database steward')
  await admin.end()
  url = pg.url.replace(/\/postgres$/, '/steward')
  const env = { DATABASE_URL: url, STEWARD_JOB_TIMEOUT_SECONDS: '30' }
  web = await startWeb('web', WEB_PORT, env)
  worker = await startWorker('worker', env)
  await runSteward(['user', 'add', '--email', 'admin@ops.invalid', '--name', 'Ops Admin', '--role', 'admin'], {
    ...env,
    STEWARD_PASSWORD: 'correct horse battery staple 42',
  })
  cookie = await signIn(base, 'admin@ops.invalid', 'correct horse battery staple 42')
}, 180_000)

afterAll(async () => {
  await web?.stop()
  await worker?.stop()
  pg?.dispose()
})

interface Sample {
  at: number
  path: string
  status: number
  ms: number
  body: string
  type: string
}

/** `clients` signed-in clients requesting PATHS in turn until stopped. */
function traffic(clients: number) {
  const samples: Sample[] = []
  let running = true
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let i = client; running; i++) {
      const path = PATHS[i % PATHS.length]
      const started = Date.now()
      try {
        const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(15_000) })
        const body = await response.text()
        samples.push({
          at: started,
          path,
          status: response.status,
          ms: Date.now() - started,
          body,
          type: response.headers.get('content-type') ?? '',
        })
      } catch (error) {
        samples.push({ at: started, path, status: 0, ms: Date.now() - started, body: String(error), type: '' })
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })
  return {
    samples,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('answers 503 while PostgreSQL restarts and recovers by itself within 10 s', async () => {
  const load = traffic(4)
  await sleep(3_000)
  const stoppedAt = Date.now()
  pg.stop('fast')
  await sleep(6_000)
  const restartedAt = Date.now()
  pg.start()
  const readyAt = Date.now()
  // The worker too: a job sent once the database is back is done within 10 s.
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false })
  await boss.start()
  const jobId = await boss.send('accounts.cleanup-expired', {})
  await boss.stop({ graceful: false, close: true })
  const jobDoneAt = await eventually(
    async () => {
      const client = postgres(url, { max: 1, onnotice: () => {} })
      try {
        const [row] = await client`select state from pgboss.job where id = ${jobId!}`
        return row?.state === 'completed' ? Date.now() : undefined
      } finally {
        await client.end()
      }
    },
    20_000,
    'the worker to run a job after the restart',
  )
  await sleep(Math.max(0, readyAt + 12_000 - Date.now()))
  await load.stop()

  const { samples } = load
  const before = samples.filter((s) => s.at < stoppedAt - 100)
  const outage = samples.filter((s) => s.at > stoppedAt + 300 && s.at < restartedAt)
  const after = samples.filter((s) => s.at >= readyAt)
  const firstOk = after.find((s) => s.status === 200)
  const recoveredAt = Math.max(...PATHS.map((p) => after.find((s) => s.path === p && s.status === 200)?.at ?? Infinity))
  const relapses = after.filter((s) => s.at > recoveredAt && s.status !== 200)
  const byStatus = (list: Sample[]) =>
    list.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {})
  const p95 = (list: Sample[]) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length * 0.95)]?.ms
  console.log(
    `database restart: ${before.length} requests before (${JSON.stringify(byStatus(before))}), ` +
      `${outage.length} during the 6 s outage (${JSON.stringify(byStatus(outage))}, p95 ${p95(outage)} ms), ` +
      `pg_ctl start took ${readyAt - restartedAt} ms; first 200 ${firstOk ? firstOk.at - readyAt : '—'} ms after PostgreSQL was ready, ` +
      `every page 200 after ${recoveredAt - readyAt} ms; worker ran a job ${jobDoneAt - readyAt} ms after; ` +
      `${relapses.length} failures after recovery`,
  )

  // (a request started before the stop may end in it, with a 503: checked below)
  expect(before.filter((s) => s.status !== 200 && s.status !== 503).map((s) => `${s.path} ${s.status} ${s.body.slice(0, 300)}`)).toEqual([])
  // nothing but pages and 503s, even for the requests in flight when the server went away
  expect(samples.filter((s) => s.status !== 200 && s.status !== 503).map((s) => `${s.path} ${s.status} ${s.body.slice(0, 200)}`)).toEqual(
    [],
  )
  expect(outage.length).toBeGreaterThan(20)
  // every request during the outage: a quick, clear 503
  for (const s of outage) {
    expect(s.status, `${s.path} during the outage`).toBe(503)
    if (s.path === '/healthz') expect(JSON.parse(s.body)).toMatchObject({ status: 'error', database: 'error' })
    else {
      expect(s.type).toMatch(/text\/html/)
      expect(s.body).toContain('Steward is unavailable')
    }
  }
  expect(p95(outage)).toBeLessThan(1_000)
  // recovery without a restart of either process, within 10 s of PostgreSQL's return
  expect(recoveredAt - readyAt).toBeLessThanOrEqual(10_000)
  expect(jobDoneAt - readyAt).toBeLessThanOrEqual(10_000)
  expect(relapses).toEqual([])
  expect(web.child.exitCode).toBeNull()
  expect(worker.child.exitCode).toBeNull()
}, 120_000)
