import type { Command } from 'commander'
import { closeDatabase } from '#db/client.server.ts'
import { startJobs, stopJobs } from '#jobs/boss.server.ts'
import { JOBS } from '#jobs/index.ts'
import { pendingSetupCode } from '#app/domain/accounts/setup-code.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { openConfiguredDatabase } from '#server/database.ts'
import { loadServerBuild, startHttpServer } from '#server/http.ts'

/** Stops cleanly on SIGINT/SIGTERM: stop accepting, finish jobs, close the database. */
function onShutdown(stop: () => Promise<void>) {
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`Received ${signal}, shutting down…`)
    stop()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error)
        process.exit(1)
      })
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('serve the web application (migrates the database first)')
    .option('--worker', 'also run the background jobs in this process (the default on the embedded database)')
    .option('--no-worker', 'do not run background jobs here (run `steward worker` beside it)')
    .option('--dev', 'serve through Vite with hot reload (development)')
    .action(async (options: { worker?: boolean; dev?: boolean }) => {
      const started = performance.now()
      const env = getEnv()
      // Loading the build overlaps opening the database (its failure is reported by startHttpServer).
      if (!options.dev) loadServerBuild().catch(() => {})
      const handle = await openConfiguredDatabase(env, 'steward serve')
      // The embedded database belongs to this process alone, so its jobs must run here too.
      const work = options.worker ?? handle.kind === 'pglite'
      // The jobs start once pages are served (pg-boss's own start is a second of queries on the
      // same database): a job queued meanwhile waits for the start; the sweeps catch up on anything due.
      const server = await startHttpServer({ port: env.PORT, host: env.HOST, dev: options.dev, trustProxy: env.TRUST_PROXY })
      const jobs = startJobs(handle, { work, url: env.DATABASE_URL, jobs: JOBS, timeoutSeconds: env.STEWARD_JOB_TIMEOUT_SECONDS })
      const database = handle.kind === 'pglite' ? `embedded database in ${env.STEWARD_DATA_DIR}` : 'PostgreSQL'
      console.log(
        `Steward is running at http://localhost:${env.PORT} (${database}; ready in ${Math.round(performance.now() - started)} ms)`,
      )
      jobs.then(
        () => console.log(work ? 'Background jobs are running in this process.' : 'Jobs are queued for the worker (`steward worker`).'),
        (error: unknown) => {
          console.error(`steward: the background jobs could not start: ${error instanceof Error ? error.message : String(error)}`)
          process.exit(1)
        },
      )
      const code = await pendingSetupCode()
      if (code) {
        console.log(
          `No account exists yet. Open http://localhost:${env.PORT}/setup to create the admin; from another machine, enter this setup code: ${code}`,
        )
      }
      onShutdown(async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await stopJobs()
        await closeDatabase()
      })
    })
}

export function registerWorker(program: Command) {
  program
    .command('worker')
    .description('run the background jobs (GitHub sync, reminders, report drafts, clean-up) without the web server')
    .action(async () => {
      const env = getEnv()
      const handle = await openConfiguredDatabase(env, 'steward worker')
      await startJobs(handle, { work: true, url: env.DATABASE_URL, jobs: JOBS, timeoutSeconds: env.STEWARD_JOB_TIMEOUT_SECONDS })
      console.log(
        `Steward worker is running (${handle.kind === 'pglite' ? `embedded database in ${env.STEWARD_DATA_DIR}` : 'PostgreSQL'}).`,
      )
      onShutdown(async () => {
        await stopJobs()
        await closeDatabase()
      })
    })
}
