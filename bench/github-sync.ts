// The GitHub sync benchmark: a full sync of a generated repository from the fake GitHub into a
// fresh database (PGlite in memory, or DATABASE_URL's server), then an unchanged re-sync.
//   node --import tsx bench/github-sync.ts [--issues 25000 --pull-requests 25000 --discussions 10000 --commits fixture]
// Reports requests used vs the ceil(N/100) minimum, items per second and peak memory.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { closeDatabase, type DatabaseHandle, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'
import { repositories } from '#db/schema/community.ts'
import { db } from '#db/client.server.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { syncRepository } from '#app/domain/community/github-ingestion.server.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { spawn } from 'node:child_process'
import { once } from 'node:events'

export interface GithubSyncBenchOptions {
  issues: number
  pullRequests: number
  discussions: number
  commits: number | 'fixture'
}

export interface GithubSyncBenchResult {
  items: number
  commits: number
  requests: number
  minimumRequests: number
  requestRatio: number
  seconds: number
  itemsPerSecond: number
  unchangedRequests: number
  peakRssMb: number
}

export async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    // On disk with the app's settings, as `serve` runs it: an in-memory PGlite keeps every data file
    // in the process (and PostgreSQL's default 128 MB of shared buffers), which is not the sync's memory.
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-sync-bench-'))
    const handle = await openDatabase({ kind: 'pglite', dataDir: dir, command: 'bench' })
    await migrateDatabase(handle)
    return {
      handle,
      async dispose() {
        await handle.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const name = `steward_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), max: 4 })
  await migrateDatabase(handle, url.toString())
  return {
    handle,
    async dispose() {
      await handle.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

/** The fake GitHub in its own process (GitHub's work is not the sync's), serving the same generated dataset. */
async function startFakeProcess(options: GithubSyncBenchOptions, port: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/fakes/github/serve.ts',
      '--port',
      String(port),
      '--issues',
      String(options.issues),
      '--pull-requests',
      String(options.pullRequests),
      '--discussions',
      String(options.discussions),
      '--commits',
      String(options.commits),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      if (output.includes('fake GitHub at')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the fake GitHub exited (${code}): ${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

export async function runGithubSyncBenchmark(options: GithubSyncBenchOptions & { port?: number }): Promise<GithubSyncBenchResult> {
  // Only the counts are kept: the fake's dataset lives in its own process, and holding a copy here
  // would count its hundreds of megabytes as the sync's.
  const counts = (() => {
    const repo = generateDataset(options).repositories[0]!
    return {
      owner: repo.owner,
      name: repo.name,
      issue: repo.items.issue.length,
      pull_request: repo.items.pull_request.length,
      discussion: repo.items.discussion.length,
      commit: repo.commits.length,
    }
  })()
  const fake = await startFakeProcess(options, options.port ?? 3352)
  const database = await openBenchDatabase()
  setDatabase(database.handle)
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
  try {
    const [row] = await db.insert(repositories).values({ owner: counts.owner, name: counts.name }).returning()
    const client = new GithubClient({ url: fake.url, token: 'bench' })
    const started = performance.now()
    const report = await syncRepository(row, { client })
    const seconds = (performance.now() - started) / 1000
    if (!report.ok) throw new Error(`the sync failed: ${JSON.stringify(report.kinds.filter((k) => k.error))}`)
    const unchanged = await syncRepository(row, { client })
    const items = counts.issue + counts.pull_request + counts.discussion
    const minimumRequests =
      1 + [counts.issue, counts.pull_request, counts.discussion, counts.commit].reduce((sum, n) => sum + Math.max(1, Math.ceil(n / 100)), 0)
    return {
      items,
      commits: counts.commit,
      requests: report.requests,
      minimumRequests,
      requestRatio: report.requests / minimumRequests,
      seconds,
      itemsPerSecond: (items + counts.commit) / seconds,
      unchangedRequests: unchanged.requests,
      peakRssMb: Math.round(peak / 1024 / 1024),
    }
  } finally {
    clearInterval(sampler)
    await fake.stop()
    setDatabase(undefined)
    await database.dispose()
    await closeDatabase().catch(() => {})
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      issues: { type: 'string', default: '25000' },
      'pull-requests': { type: 'string', default: '25000' },
      discussions: { type: 'string', default: '10000' },
      commits: { type: 'string', default: 'fixture' },
      port: { type: 'string', default: '3352' },
    },
  })
  const result = await runGithubSyncBenchmark({
    issues: Number(values.issues),
    pullRequests: Number(values['pull-requests']),
    discussions: Number(values.discussions),
    commits: values.commits === 'fixture' ? 'fixture' : Number(values.commits),
    port: Number(values.port),
  })
  console.log(JSON.stringify(result, null, 2))
}
