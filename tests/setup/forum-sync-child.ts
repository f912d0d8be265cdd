// A forum sync in a process of its own, for the test that kills it (SIGKILL) mid-sync:
// `node --import tsx tests/setup/forum-sync-child.ts '<json>'`. `add` follows the forum and prints
// `SOURCE id`; `sync` syncs it (the same call as `sync sources --id`), printing `REQUEST n PATH`
// before each request to the forum and pausing a little, so the killer can land between or during
// requests, and `DONE items requests` at the end.
import { closeDatabase, migrateDatabase, openDatabase, type OpenOptions, setDatabase } from '#db/client.server.ts'
import { addDiscourseSource } from '#app/domain/community/sources.server.ts'
import { syncSources } from '#app/domain/community/sources-sync.server.ts'

const { database, command, url, sourceId } = JSON.parse(process.argv[2]!) as {
  database: OpenOptions
  command: 'add' | 'sync'
  url: string
  sourceId?: string
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const handle = await openDatabase(database)
setDatabase(handle)
if (command === 'add') {
  // a fresh data directory; a PostgreSQL test database is migrated already
  if (database.kind !== 'postgres') await migrateDatabase(handle)
  const source = await addDiscourseSource({ url, actorId: null })
  process.stdout.write(`SOURCE ${source.id}\n`)
} else {
  let sent = 0
  const logged: typeof fetch = async (input, init) => {
    process.stdout.write(`REQUEST ${++sent} ${new URL(String(input)).pathname}\n`)
    await pause(40)
    return fetch(input, init)
  }
  const result = await syncSources({ id: sourceId, forum: { fetch: logged, backoffMs: 10 } })
  const [report] = result.sources
  if (!report?.ok) throw new Error(`the sync failed: ${report?.error}`)
  process.stdout.write(`DONE ${report.items} ${report.requests}\n`)
}
await closeDatabase()
