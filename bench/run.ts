// `npm run bench`: a fresh database (embedded PGlite in a temporary folder, or a new database on
// DATABASE_URL's server), a large generated dataset, then percentiles against each target.
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { ROLES } from '#db/schema/accounts.ts'
import { closeDatabase, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'
import { formatTable, type Measurement } from './measure.ts'
import type { BenchContext } from './suite.ts'
import { SUITES } from './suites/index.ts'

async function openBenchDatabase() {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-bench-'))
    const handle = await openDatabase({ kind: 'pglite', dataDir: dir, command: 'bench' })
    await migrateDatabase(handle)
    return { handle, driver: 'PGlite', cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
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
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

const only = process.argv.slice(2)
const { handle, driver, cleanup } = await openBenchDatabase()
setDatabase(handle)
const log = (line: string) => console.log(line)
try {
  const users = {} as BenchContext['users']
  for (const role of ROLES) {
    const user = await createUser({ email: `${role}@bench.invalid`, name: `Bench ${role}`, roles: [role], actorId: null })
    users[role] = { id: user.id, name: user.name, roles: user.roles }
  }
  const context: BenchContext = { users, now: new Date(), log }
  const suites = SUITES.filter((s) => only.length === 0 || only.includes(s.name))
  const seedTimes: Record<string, number> = {}
  for (const suite of suites) {
    const start = performance.now()
    await suite.seed(context)
    seedTimes[suite.name] = performance.now() - start
  }
  const results: Measurement[] = []
  for (const suite of suites) results.push(...(await suite.run(context)))
  console.log(`\nSteward benchmarks on ${driver} (Node ${process.version})`)
  console.log(`seeding: ${Object.entries(seedTimes).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`)
  console.log(formatTable(results))
  const over = results.filter((r) => r.targetMs !== undefined && r.p95 > r.targetMs)
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(`bench/results/${driver.toLowerCase()}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify({ driver, node: process.version, results }, null, 2))
  if (over.length) {
    console.log(`\n${over.length} benchmark(s) over target: ${over.map((r) => r.name).join('; ')}`)
    process.exitCode = 1
  }
} finally {
  await closeDatabase()
  await cleanup()
}
