import PgBoss from 'pg-boss'
import { sql } from 'drizzle-orm'
import { type DatabaseHandle, type DbOrTx, executeRows } from '#db/client.server.ts'
import type { JobDefinition } from './define.ts'
import { QUEUES, type QueueName } from './queues.ts'

const BOSS_KEY = Symbol.for('steward.boss')
const STARTING_KEY = Symbol.for('steward.boss.starting')
type GlobalWithBoss = typeof globalThis & { [BOSS_KEY]?: PgBoss; [STARTING_KEY]?: Promise<PgBoss> }

export interface StartJobsOptions {
  /** run handlers in this process (a worker); false: only send jobs (a web process) */
  work: boolean
  /** PostgreSQL URL; without it pg-boss talks to the embedded database through the handle */
  url?: string
  /** the jobs this process knows (JOBS from jobs/index.ts; a test passes the one it needs) */
  jobs: JobDefinition[]
  log?: (line: string) => void
  /**
   * A job still active after this many seconds is taken to have died with its worker and is
   * retried by a live one (STEWARD_JOB_TIMEOUT_SECONDS; pg-boss's default, 15 minutes).
   */
  timeoutSeconds?: number
}

/**
 * Starts pg-boss on the same database as the app. On PostgreSQL it keeps its own small pool;
 * on PGlite it goes through the one embedded connection (see docs/decisions/004-jobs-on-both-drivers.md).
 */
export async function startJobs(handle: DatabaseHandle, options: StartJobsOptions): Promise<PgBoss> {
  // `serve` answers requests while this runs: a job queued meanwhile waits for it (runningBoss)
  const starting = startBoss(handle, options)
  const global = globalThis as GlobalWithBoss
  global[STARTING_KEY] = starting
  try {
    const boss = await starting
    global[BOSS_KEY] = boss
    return boss
  } finally {
    delete global[STARTING_KEY]
  }
}

async function startBoss(handle: DatabaseHandle, options: StartJobsOptions) {
  const log = options.log ?? ((line: string) => console.log(line))
  const jobs = options.jobs
  const connection: PgBoss.ConstructorOptions = options.url
    ? { connectionString: options.url, max: 4 }
    : { db: { executeSql: (text: string, values: unknown[]) => handle.execute(text, values) } }
  const timeoutSeconds = options.timeoutSeconds ?? 900
  const boss = new PgBoss({
    ...connection,
    // Only workers supervise and schedule; web processes just send.
    supervise: options.work,
    schedule: options.work,
    // Supervision looks for such jobs four times per timeout (pg-boss's default: every 2 minutes).
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.floor(timeoutSeconds / 4))),
  })
  boss.on('error', (error) => log(`jobs: ${error instanceof Error ? error.message : String(error)}`))
  await boss.start()
  for (const job of jobs) {
    await ensureQueue(boss, job.name)
    if (!options.work) continue
    // A worker killed mid-job leaves it active: supervision fails it once it has run longer than
    // the timeout and pg-boss retries it (twice) on whichever worker polls first. Kept on the
    // queue (where it outranks the sender's defaults), so jobs sent from anywhere get it.
    await boss.updateQueue(job.name, { name: job.name, expireInSeconds: timeoutSeconds })
    await boss.work(job.name, { includeMetadata: true }, async ([item]) => {
      const payload = job.payload.parse(item.data ?? {})
      const result = await job.handler(payload, { attempt: item.retryCount + 1 })
      log(`jobs: ${job.name} done${result === undefined ? '' : ` ${JSON.stringify(result)}`}`)
      return result
    })
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, {}, { tz: job.schedule.timeZone ?? 'UTC' })
  }
  if (options.work) {
    await removeStaleSchedules(
      boss,
      jobs.filter((j) => !j.schedule).map((j) => j.name),
      log,
    )
  }
  return boss
}

/** This process's pg-boss, once started (waiting for a start under way). */
async function runningBoss(): Promise<PgBoss> {
  const global = globalThis as GlobalWithBoss
  const boss = global[BOSS_KEY] ?? (await global[STARTING_KEY])
  if (!boss) throw new Error('Background jobs are not running in this process')
  return boss
}

/**
 * Unschedules what an earlier version scheduled and this one no longer runs (e.g.
 * fundraising.grant-deadline-reminders, replaced by the notification producers): pg-boss would
 * otherwise keep sending it to a queue no worker works. Judged against every queue Steward knows
 * (QUEUES), not the jobs this process was given, so a process started with a few jobs leaves the
 * others' schedules alone. A job this process runs that is no longer scheduled (the GitHub sync,
 * now part of the hourly sources sync) loses the schedule an earlier version gave it: it still runs
 * when queued, just not on a clock.
 */
async function removeStaleSchedules(boss: PgBoss, unscheduled: string[], log: (line: string) => void) {
  const known = new Set<string>(Object.values(QUEUES))
  for (const schedule of await boss.getSchedules()) {
    if (known.has(schedule.name) && !unscheduled.includes(schedule.name)) continue
    await boss.unschedule(schedule.name)
    log(
      known.has(schedule.name)
        ? `jobs: removed the schedule of ${schedule.name}, which this version runs only when queued`
        : `jobs: removed the schedule of ${schedule.name}, which this version no longer runs`,
    )
  }
}

/**
 * Creates a queue unless it exists. Processes starting together on a new PostgreSQL database
 * (two web processes and two workers) each create every queue: pg-boss's create_queue can then
 * deadlock or collide on the queue's partition, so a loser waits a moment and looks again.
 */
async function ensureQueue(boss: PgBoss, name: string) {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return
    try {
      await boss.createQueue(name)
      return
    } catch (error) {
      const code = (error as { code?: string }).code
      // 40P01 deadlock, 23505 unique violation, 42P07 relation already exists
      if (attempt >= 10 || !['40P01', '23505', '42P07'].includes(code ?? '')) throw error
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt))
    }
  }
}

export async function stopJobs() {
  const global = globalThis as GlobalWithBoss
  // a start under way is let finish, so that its pool is closed too
  const boss = global[BOSS_KEY] ?? (await global[STARTING_KEY]?.catch(() => undefined))
  delete global[BOSS_KEY]
  // Waits for running handlers; pg-boss closes only its own pool (the embedded handle is the caller's).
  await boss?.stop({ graceful: true, timeout: 10_000, close: true, wait: true })
}

/**
 * Whether this process can queue jobs (the web process and the worker can, also while their jobs
 * are still starting; most CLI commands cannot).
 */
export function jobsRunning() {
  const global = globalThis as GlobalWithBoss
  return Boolean(global[BOSS_KEY] ?? global[STARTING_KEY])
}

/**
 * Queues a job from a web request or the CLI; the worker runs it. With `tx`, the job is written in
 * that transaction: it exists if and only if the change that asked for it is committed.
 */
export async function enqueueJob(
  name: QueueName,
  payload: object = {},
  options: { tx?: DbOrTx; singletonKey?: string; startAfter?: Date } = {},
) {
  const boss = await runningBoss()
  return boss.send(name, payload, {
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.tx ? { db: transactionDb(options.tx) } : {}),
  })
}

/** Cancels a job that has not run yet (with `tx`, in that transaction); a job already done stays done. */
export async function cancelJob(name: QueueName, id: string, options: { tx?: DbOrTx } = {}) {
  const boss = await runningBoss()
  // a list even for one id: pg-boss casts the parameter to uuid[]
  await boss.cancel(name, [id], options.tx ? { db: transactionDb(options.tx) } : undefined)
}

/**
 * node-postgres (pg-boss's own driver) sends undefined as NULL and a plain object as JSON; drizzle
 * would leave an undefined placeholder empty, so both are written out here.
 */
const asParameter = (value: unknown) => {
  if (value === undefined) return null
  // a list becomes a PostgreSQL array literal (drizzle would spread it into several parameters)
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
  return value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? JSON.stringify(value) : value
}

/** pg-boss's statements ($1, $2, … placeholders) run through a drizzle transaction, on either driver. */
function transactionDb(tx: DbOrTx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const parts = text.split(/\$(\d+)/)
      const chunks = parts.map((part, i) => (i % 2 === 1 ? sql`${asParameter(values[Number(part) - 1])}` : sql.raw(part)))
      return { rows: await executeRows(sql.join(chunks, sql.raw('')), tx) }
    },
  }
}
