import { closeDatabase, type DatabaseHandle } from '#db/client.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { openConfiguredDatabase } from '#server/database.ts'

/** An error the CLI prints as one line, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError'
}

/** Runs a command with the configured database open, closing it afterwards whatever happens. */
export async function withDatabase<T>(command: string, run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const env = getEnv()
  const handle = await openConfiguredDatabase(env, `steward ${command}`)
  try {
    return await run(handle)
  } finally {
    await closeDatabase()
  }
}
