// Two web processes and two workers on one PostgreSQL database, started as in production
// (`serve --no-worker`, `worker`): sessions cross web processes, a schedule fires once however
// many workers there are, and a worker killed with SIGKILL in the middle of a GitHub sync leaves
// only whole pages behind while the other worker finishes the sync.
// Runs from .ci/run (`npm run test:ops`), after the build, with DATABASE_URL set.
import PgBoss from 'pg-boss'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import {
  createDatabase,
  eventually,
  processConnectedTo,
  requireBuild,
  requireServerUrl,
  runSteward,
  signIn,
  startWeb,
  startWorker,
  type StewardProcess,
} from './processes.ts'

const PORT_BASE = Number(process.env.OPS_PORT_BASE ?? 5400)
const EMAIL = 'admin@ops.invalid'
const PASSWORD = 'correct horse battery staple 42'

let database: Awaited<ReturnType<typeof createDatabase>>
let sql: postgres.Sql
let fake: FakeGithub
let env: Record<string, string>
const processes: StewardProcess[] = []
let webA: StewardProcess
let webB: StewardProcess
let workers: StewardProcess[] = []
const dataset = generateDataset({ issues: 1_500, pullRequests: 1_200, discussions: 300, commits: 400, owner: 'ops', name: 'multi' })

beforeAll(async () => {
  requireBuild()
  database = await createDatabase(requireServerUrl())
  sql = postgres(database.url, { max: 2, onnotice: () => {} })
  fake = await startFakeGithub({ dataset, token: 'ops-token' })
  env = {
    DATABASE_URL: database.url,
    GITHUB_TOKEN: 'ops-token',
    GITHUB_GRAPHQL_URL: fake.url,
    // a job still active after 20 s belongs to a dead worker (production: 15 minutes); the
    // survivor's sync of this dataset takes a few seconds, more on a busy machine
    STEWARD_JOB_TIMEOUT_SECONDS: '20',
  }
  // All four at once: migrations and pg-boss's schema must cope with concurrent starters.
  const started = await Promise.all([
    startWeb('web A', PORT_BASE + 1, env),
    startWeb('web B', PORT_BASE + 2, env),
    startWorker('worker 1', env),
    startWorker('worker 2', env),
  ])
  processes.push(...started)
  ;[webA, webB, ...workers] = started
  await runSteward(['user', 'add', '--email', EMAIL, '--name', 'Ops Admin', '--role', 'admin'], { ...env, STEWARD_PASSWORD: PASSWORD })
}, 180_000)

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()))
  await fake?.stop()
  await sql?.end()
  await database?.drop()
})

const base = (port: number) => `http://127.0.0.1:${port}`

describe('two web processes and two workers on one PostgreSQL database', () => {
  it('migrated once, with every start running concurrently', async () => {
    const migrations = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`
    expect(migrations[0].n).toBeGreaterThan(0)
    for (const p of [webA, webB]) expect(p.output()).toContain('Steward is running at')
  })

  it('a session started on one web process works on the other', async () => {
    const cookie = await signIn(base(PORT_BASE + 1), EMAIL, PASSWORD)
    const other = await fetch(`${base(PORT_BASE + 2)}/`, { headers: { cookie }, redirect: 'manual' })
    expect(other.status).toBe(200)
    expect(await other.text()).toContain('Ops Admin')
    // without the cookie web B sends the visitor to sign in
    const anonymous = await fetch(`${base(PORT_BASE + 2)}/`, { redirect: 'manual' })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/\/login/)
  })

  it('a worker killed mid-sync leaves whole pages only, and the other worker finishes the sync', async () => {
    await runSteward(['repo', 'add', 'ops/multi'], env)
    // GitHub stops answering at the 6th request: the worker running the sync waits on it.
    let hung = false
    fake.onRequest = ({ count }) => {
      if (count >= 5 && !hung) {
        hung = true
        fake.latencyMs = 120_000
      }
    }
    const boss = new PgBoss({ connectionString: database.url, supervise: false, schedule: false })
    await boss.start()
    const jobId = await boss.send('community.github-sync', {})
    await boss.stop({ graceful: false, close: true })

    await eventually(async () => hung, 60_000, 'the sync to reach the hanging request')
    // let the pages already fetched be written (each in its own transaction)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const port = Number(new URL(fake.url).port)
    const pid = processConnectedTo(
      port,
      workers.map((w) => w.pid),
    )
    expect(pid, 'one worker holds a connection to GitHub').toBeDefined()
    const victim = workers.find((w) => w.pid === pid)!
    const survivor = workers.find((w) => w.pid !== pid)!
    await victim.stop('SIGKILL')

    // What the dead worker left: for each kind, exactly the rows its committed pages say are there.
    const states = await sql`select kind, status, items_done, cursor from sync_states`
    const counts = await sql`
      select kind, count(*)::int as n from github_items group by kind
      union all select 'commit', count(*)::int from commits`
    const rowsOf = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0
    expect(states.some((s) => s.status === 'running')).toBe(true)
    for (const state of states.filter((s) => s.kind !== 'repository')) {
      expect(rowsOf(state.kind), `${state.kind}: rows in the database = items the sync state records`).toBe(state.items_done)
      // pages hold 100 items: a partly written page would show as a count that is not a multiple
      if (state.status === 'running') expect(state.items_done % 100).toBe(0)
    }

    // GitHub answers again; pg-boss retries the job on the survivor once it has timed out (20 s).
    fake.onRequest = undefined
    fake.latencyMs = 0
    const repo = dataset.repositories[0]
    await eventually(
      async () => {
        const done = await sql`select count(*)::int as n from sync_states where status = 'succeeded'`
        return done[0].n === 5
      },
      90_000,
      'the other worker to finish the sync',
      500,
    ).catch(async (error) => {
      const jobs =
        await sql`select name, state, retry_count, started_on, expire_in::text, output from pgboss.job where name = 'community.github-sync'`
      const states = await sql`select kind, status, items_done, last_error from sync_states`
      throw new Error(`${error.message}\njobs: ${JSON.stringify(jobs)}\nstates: ${JSON.stringify(states)}\n${survivor.output()}`)
    })
    // 1,500 issues + 1,200 pull requests + 300 discussions, 400 commits: each once, none twice
    const final = await sql`
      select kind, count(*)::int as n, count(distinct node_id)::int as distinct_n from github_items group by kind`
    expect(Object.fromEntries(final.map((f) => [f.kind, [f.n, f.distinct_n]]))).toEqual({
      issue: [repo.items.issue.length, 1_500],
      pull_request: [repo.items.pull_request.length, 1_200],
      discussion: [repo.items.discussion.length, 300],
    })
    const commits = await sql`select count(*)::int as n, count(distinct sha)::int as distinct_n from commits`
    expect([commits[0].n, commits[0].distinct_n]).toEqual([400, 400])
    await survivor.waitFor('community.github-sync done', 10_000)
    // The handler logs "done" before pg-boss records the completion: wait for the record too.
    const jobState = async () =>
      (await sql`select state, retry_count from pgboss.job where name = 'community.github-sync' and id = ${jobId!}`)[0]
    await eventually(async () => (await jobState()).state === 'completed', 20_000, 'pg-boss to record the job completed')
    // completed on a retry (a second one only if the machine was so slow the first timed out too)
    expect((await jobState()).retry_count).toBeGreaterThanOrEqual(1)
    workers = [survivor]
  }, 180_000)

  it('each scheduled job is queued once per schedule, however many workers schedule it', async () => {
    // A second worker again: two schedulers for the rest of the test.
    const replacement = await startWorker('worker 3', env)
    processes.push(replacement)
    workers.push(replacement)
    const schedules = await sql`select name, count(*)::int as n from pgboss.schedule group by name`
    expect(schedules.length).toBeGreaterThanOrEqual(6)
    for (const s of schedules) expect(s.n, s.name).toBe(1)
    // email.sweep runs every minute: wait for two minutes' runs, then count them.
    await eventually(
      async () => {
        const rows = await sql`
          select count(distinct date_trunc('minute', created_on))::int as minutes from pgboss.job
          where name = 'email.sweep' and state = 'completed'`
        return rows[0].minutes >= 2
      },
      150_000,
      'two minutes of email.sweep runs',
      2_000,
    )
    // pg-boss's cron puts one "send it" job per schedule and minute in its own queue (unique per
    // minute slot), and that queue's worker queues the job. Counting the jobs by the minute they
    // were created would be wrong: a send for 15:59 handled a second late lands in 16:00's minute.
    const [counts] = await sql`
      select
        (select count(*)::int from pgboss.job where name = '__pgboss__send-it' and data->>'name' = 'email.sweep') as sends,
        (select count(distinct singleton_on)::int from pgboss.job
          where name = '__pgboss__send-it' and data->>'name' = 'email.sweep') as minutes,
        (select count(*)::int from pgboss.job
          where name = '__pgboss__send-it' and data->>'name' = 'email.sweep' and state = 'completed') as handled,
        (select count(*)::int from pgboss.job where name = 'email.sweep') as queued`
    // one send per minute, whichever of the three schedulers got there first…
    expect(counts.sends).toBe(counts.minutes)
    // …and one email.sweep job per send handled (a send being handled right now may have queued
    // its job a moment before it is marked handled)
    expect(counts.queued).toBeGreaterThanOrEqual(counts.handled)
    expect(counts.queued).toBeLessThanOrEqual(counts.sends)
    // …and each ran once: the workers' logs together hold one "done" line per completed job (the
    // line is written just before pg-boss records the completion, so the two are compared until
    // they settle).
    const doneLines = () =>
      processes
        .filter((p) => p.name.startsWith('worker'))
        .flatMap((p) => p.output().split('\n'))
        .filter((line) => line.includes('jobs: email.sweep done')).length
    let last = { lines: -1, completed: -2 }
    await eventually(
      async () => {
        const completed = await sql`select count(*)::int as n from pgboss.job where name = 'email.sweep' and state = 'completed'`
        last = { lines: doneLines(), completed: completed[0].n }
        return last.lines === last.completed
      },
      20_000,
      'as many "done" lines as completed email.sweep jobs',
      500,
    ).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`)
    })
  }, 200_000)
})
