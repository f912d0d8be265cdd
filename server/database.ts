import { backupIntoDataDir } from '#db/backup-files.server.ts'
import { type DatabaseHandle, migrateDatabase, openDatabase, pendingMigrations, setDatabase } from '#db/client.server.ts'
import type { Env } from '#app/utils/env.server.ts'

/**
 * Opens the database the configuration names (PostgreSQL with DATABASE_URL, else PGlite in
 * STEWARD_DATA_DIR), applies pending migrations, and makes it the process-wide handle.
 */
export async function openConfiguredDatabase(
  env: Env,
  command: string,
  options: { migrate?: boolean; log?: (line: string) => void } = {},
): Promise<DatabaseHandle> {
  const handle = env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: env.STEWARD_DATA_DIR, command })
  try {
    if (options.migrate !== false) {
      if (handle.kind === 'pglite') await backupBeforeMigrating(handle, env, options.log)
      await migrateDatabase(handle, env.DATABASE_URL)
    }
  } catch (error) {
    await handle.close()
    throw error
  }
  setDatabase(handle)
  return handle
}

/**
 * An upgrade that brings new migrations to an embedded database that already holds data first
 * writes a backup, so a migration that goes wrong never costs the data.
 */
async function backupBeforeMigrating(handle: DatabaseHandle, env: Env, log = (line: string) => console.log(line)) {
  const pending = await pendingMigrations(handle)
  if (pending.length === 0 || env.STEWARD_BACKUP_KEEP === 0) return
  const { rows } = await handle.execute(
    `select exists (select 1 from pg_tables where schemaname = 'public' and tablename = 'users') as ready`,
    [],
  )
  if (!rows[0]?.ready) return
  const { rows: users } = await handle.execute(`select exists (select 1 from users) as any`, [])
  if (!users[0]?.any) return
  const summary = await backupIntoDataDir(handle, {
    dataDir: env.STEWARD_DATA_DIR,
    reason: 'before-migrations',
    keep: env.STEWARD_BACKUP_KEEP,
  })
  log(`Backed up the embedded database before applying ${pending.map((p) => p.tag).join(', ')}: ${summary.file}`)
}
