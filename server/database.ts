import { type DatabaseHandle, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'
import type { Env } from '#app/utils/env.server.ts'

/**
 * Opens the database the configuration names (PostgreSQL with DATABASE_URL, else PGlite in
 * STEWARD_DATA_DIR), applies pending migrations, and makes it the process-wide handle.
 */
export async function openConfiguredDatabase(env: Env, command: string, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: env.STEWARD_DATA_DIR, command })
  try {
    if (options.migrate !== false) await migrateDatabase(handle, env.DATABASE_URL)
  } catch (error) {
    await handle.close()
    throw error
  }
  setDatabase(handle)
  return handle
}
