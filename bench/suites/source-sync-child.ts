// Runs `runSourceSyncBenchmark` (bench/source-sync.ts) in its own process: the sync gets its own
// fresh database and its peak memory is not the harness's seeded dataset nor the seeding's.
//   node --import tsx bench/suites/source-sync-child.ts '{"kind":"forum","topics":20000,"port":…}'  → one `SOURCE_SYNC_RESULT {json}` line
import { runSourceSyncBenchmark, type SourceSyncBenchOptions } from '../source-sync.ts'

const result = await runSourceSyncBenchmark(JSON.parse(process.argv[2] ?? '{}') as SourceSyncBenchOptions)
console.log(`SOURCE_SYNC_RESULT ${JSON.stringify(result)}`)
