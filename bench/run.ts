// `npm run bench`: a fresh database (embedded PGlite in a temporary folder, or a new database on
// DATABASE_URL's server), a large generated dataset, then percentiles against each target.
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'
import { closeDatabase, getDatabase, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'
import { type BenchResult, formatTable, isOverTarget } from './measure.ts'
import type { BenchContext } from './suite.ts'
import { SUITES } from './suites/index.ts'

async function openBenchDatabase() {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-bench-'))
    const handle = await openDatabase({ kind: 'pglite', dataDir: dir, command: 'bench' })
    await migrateDatabase(handle)
    return {
      handle,
      driver: 'PGlite',
      url: undefined,
      dataDir: dir,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const name = `steward_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() })
  await migrateDatabase(handle, url.toString())
  return {
    handle,
    driver: 'PostgreSQL',
    url: url.toString(),
    dataDir: undefined,
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

const only = process.argv.slice(2)
const unknown = only.filter((name) => !SUITES.some((s) => s.name === name))
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${SUITES.map((s) => s.name).join(', ')}`)
  process.exit(2)
}
// A selected suite's `needs` are seeded too (not run): the reports read the other areas' data.
const selected = SUITES.filter((s) => only.length === 0 || only.includes(s.name))
const seeded = SUITES.filter((s) => selected.includes(s) || selected.some((t) => t.needs?.includes(s.name)))
const { handle, driver, url: databaseUrl, dataDir, cleanup } = await openBenchDatabase()
setDatabase(handle)

/** A Steward process's access to the benchmark database (BenchContext.lendDatabase). */
async function lendDatabase<T>(withEnv: (env: Record<string, string>) => Promise<T>): Promise<T> {
  if (databaseUrl) return withEnv({ DATABASE_URL: databaseUrl })
  await closeDatabase()
  try {
    return await withEnv({ STEWARD_DATA_DIR: dataDir! })
  } finally {
    setDatabase(await openDatabase({ kind: 'pglite', dataDir: dataDir!, command: 'bench' }))
  }
}
const log = (line: string) => console.log(line)
try {
  const users = {} as BenchContext['users']
  for (const role of ROLES) {
    const user = await createUser({ email: `${role}@bench.invalid`, name: `Bench ${role}`, roles: [role], actorId: null })
    users[role] = { id: user.id, name: user.name, roles: user.roles }
  }
  const context: BenchContext = { users, now: new Date(), log, databaseUrl, lendDatabase }
  const seedTimes: Record<string, number> = {}
  for (const suite of seeded) {
    const start = performance.now()
    await suite.seed(context)
    seedTimes[suite.name] = performance.now() - start
  }
  // Fresh statistics and visibility maps, as autovacuum would leave on a server after bulk writes
  // (PGlite has no autovacuum: without this its plans assume empty tables and some queries turn
  // quadratic, and index-only scans visit every row).
  const analyzing = performance.now()
  await getDatabase().execute('vacuum analyze')
  seedTimes.analyze = performance.now() - analyzing
  const results: BenchResult[] = []
  for (const suite of selected) {
    const start = performance.now()
    results.push(...(await suite.run(context)))
    log(`${suite.name}: measured in ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  console.log(`\nSteward benchmarks on ${driver} (Node ${process.version})`)
  console.log(
    `seeding: ${Object.entries(seedTimes)
      .map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`)
      .join(', ')}\n`,
  )
  console.log(formatTable(results))
  const over = results.filter(isOverTarget)
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(
    `bench/results/${driver.toLowerCase()}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`,
    JSON.stringify({ driver, node: process.version, seedMs: seedTimes, results }, null, 2),
  )
  if (over.length) {
    console.log(`\n${over.length} benchmark(s) over target: ${over.map((r) => r.name).join('; ')}`)
    process.exitCode = 1
  }
} finally {
  await closeDatabase()
  await cleanup()
}
