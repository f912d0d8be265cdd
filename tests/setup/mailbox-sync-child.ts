// A mailbox sync in a process of its own, for the test that kills it (SIGKILL) mid-sync:
// `node --import tsx tests/setup/mailbox-sync-child.ts '<json>'`. It prints `INSIDE n` inside page
// n's transaction and `COMMITTED n` after it, pausing a little after each so the killer can land.
import { closeDatabase, openDatabase, type OpenOptions, setDatabase } from '#db/client.server.ts'
import { type MailboxSource, syncMailboxSource } from '#app/domain/community/mailbox-sync.server.ts'

const { database, source, batchSize } = JSON.parse(process.argv[2]!) as {
  database: OpenOptions
  source: MailboxSource
  batchSize: number
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const handle = await openDatabase(database)
setDatabase(handle)
await syncMailboxSource(handle.db, source, {
  batchSize,
  hooks: {
    insidePage: async ({ page }) => {
      process.stdout.write(`INSIDE ${page}\n`)
      await pause(150)
    },
    afterPage: async ({ page }) => {
      process.stdout.write(`COMMITTED ${page}\n`)
      await pause(150)
    },
  },
})
process.stdout.write('DONE\n')
await closeDatabase()
