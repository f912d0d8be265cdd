// Runs `runGithubSyncBenchmark` (bench/github-sync.ts) in its own process for the community suite:
// the sync gets its own fresh database and its peak memory is not the harness's seeded dataset.
//   node --import tsx bench/suites/github-sync-child.ts '{"issues":25000,…}'  → one `SYNC_RESULT {json}` line
import { runGithubSyncBenchmark, type GithubSyncBenchOptions } from '../github-sync.ts'

const options = JSON.parse(process.argv[2] ?? '{}') as GithubSyncBenchOptions & { port?: number }
const result = await runGithubSyncBenchmark(options)
console.log(`SYNC_RESULT ${JSON.stringify(result)}`)
