import { PGlite } from '@electric-sql/pglite'
import { sql as rawSql, type SQL } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { acquireDataDirLock } from './data-dir-lock.server.ts'
import * as schema from './schema/index.ts'
import { projectPath } from '#app/utils/project-root.server.ts'

/** Both drivers expose the same query builder; the postgres.js type stands for both. */
export type Database = PostgresJsDatabase<typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
export type DbOrTx = Database | Transaction

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres'
  db: Database
  /** Runs raw SQL (for pg-boss and health checks); statements without values may hold several commands. */
  execute(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>
  close(): Promise<void>
  pglite?: PGlite
}

const migrationsFolder = projectPath('db', 'migrations')
// Arbitrary constant shared by every Steward process: only one of them migrates at a time.
const MIGRATION_LOCK_ID = 7_302_115_001

/**
 * The embedded server's settings. PostgreSQL's default 128 MB of shared buffers is resident in
 * PGlite's WebAssembly memory once touched (PGlite is single-user: the operating system's file
 * cache holds the data files as well); 16 MB took the idle server from ~540 to ~430 MB RSS with
 * the demo organisation (bench/README.md, "Footprint").
 */
const EMBEDDED_SETTINGS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
}

/**
 * Creates a new embedded database folder in a short-lived child process. PGlite's `initdb` runs a
 * second PostgreSQL instance in memory beside the first, copies its heap and moves the result
 * over as a tar: ~650 MB of WebAssembly memory and buffers (peak RSS ~790 MB), which the garbage
 * collector gives back only in part (~400 MB RSS after, against ~260 MB in a process that opened
 * an existing folder). That was the whole "peak RSS of the sync" on PGlite (bench/README.md,
 * "The sync's memory"); in a child, the server and the CLI never hold it. An existing folder
 * (PG_VERSION present, as PGlite itself checks) is left alone.
 */
async function createDataDir(dataDir: string) {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return
  const script = 'const { PGlite } = await import(process.argv[1]); await (await PGlite.create(process.argv[2])).close()'
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, import.meta.resolve('@electric-sql/pglite'), dataDir])
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new Error(`Could not create the embedded database in ${dataDir}: ${stderr || (error as Error).message}`)
  }
}

export type OpenOptions =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dataDir: string; command?: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob | File }

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // After the server went away, reconnect within a second of its return: postgres.js's own
      // backoff grows to 20 s between attempts, which kept the app down long after a restart.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    })
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' })
    return {
      kind: 'postgres',
      db,
      async execute(text, values) {
        const rows = values && values.length > 0 ? await client.unsafe(text, values as never[]) : await client.unsafe(text).simple()
        // A multi-statement simple query returns one result per statement: keep the last.
        const last = Array.isArray(rows) && Array.isArray(rows.at(-1)) ? (rows.at(-1) as unknown[]) : rows
        return { rows: [...(last as Record<string, unknown>[])] }
      },
      close: () => client.end({ timeout: 5 }),
    }
  }
  const release = options.kind === 'pglite' ? acquireDataDirLock(options.dataDir, options.command ?? 'steward') : () => {}
  try {
    if (options.kind === 'pglite') await createDataDir(options.dataDir)
    const pglite =
      options.kind === 'pglite'
        ? await PGlite.create(options.dataDir, EMBEDDED_SETTINGS)
        : await PGlite.create({ loadDataDir: options.loadDataDir })
    const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Database
    return {
      kind: 'pglite',
      db,
      pglite,
      async execute(text, values) {
        if (values && values.length > 0) {
          const result = await pglite.query<Record<string, unknown>>(text, values)
          return { rows: result.rows }
        }
        // Parameterless SQL may hold several statements (pg-boss's install script): exec, keep the last result.
        const results = await pglite.exec(text)
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] }
      },
      async close() {
        try {
          await pglite.close()
        } finally {
          release()
        }
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

export interface JournalEntry {
  idx: number
  /** when drizzle-kit generated it; drizzle records it as the migration's created_at */
  when: number
  tag: string
}

/** The committed migrations, in order (db/migrations/meta/_journal.json). */
export function readMigrationJournal(): JournalEntry[] {
  return JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')).entries
}

/** The committed migrations this database has not applied yet (all of them on a new database). */
export async function pendingMigrations(handle: DatabaseHandle): Promise<JournalEntry[]> {
  const { rows } = await handle
    .execute(
      `select coalesce(max(created_at), 0) as last from drizzle.__drizzle_migrations where to_regclass('drizzle.__drizzle_migrations') is not null`,
      [],
    )
    .catch(() => ({ rows: [{ last: 0 }] }))
  const last = Number(rows[0]?.last ?? 0)
  return readMigrationJournal().filter((entry) => entry.when > last)
}

/** A copy of the migrations folder that stops at `upTo` (a journal `when`), for restoring an older backup. */
function migrationsUpTo(upTo: number) {
  const folder = mkdtempSync(path.join(tmpdir(), 'steward-migrations-'))
  mkdirSync(path.join(folder, 'meta'))
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'))
  journal.entries = journal.entries.filter((entry: JournalEntry) => entry.when <= upTo)
  writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal))
  for (const entry of journal.entries as JournalEntry[])
    copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`))
  return folder
}

/**
 * Applies the committed drizzle migrations (or those up to a journal `when`, for a restore); on
 * PostgreSQL concurrent starters wait for each other.
 */
export async function migrateDatabase(handle: DatabaseHandle, url?: string, options: { upTo?: number } = {}) {
  const folder = options.upTo === undefined ? migrationsFolder : migrationsUpTo(options.upTo)
  try {
    await applyMigrations(handle, folder, url)
  } finally {
    if (folder !== migrationsFolder) rmSync(folder, { recursive: true, force: true })
  }
}

async function applyMigrations(handle: DatabaseHandle, migrationsFolder: string, url?: string) {
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder })
    return
  }
  if (!url) throw new Error('migrateDatabase needs the PostgreSQL URL')
  // A dedicated single connection holds the advisory lock for the whole migration.
  const client = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`
    await migratePostgres(drizzlePostgres(client, { casing: 'snake_case' }), { migrationsFolder })
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`
  } finally {
    await client.end({ timeout: 5 })
  }
}

const HANDLE_KEY = Symbol.for('steward.database')
type GlobalWithDb = typeof globalThis & { [HANDLE_KEY]?: DatabaseHandle }

/**
 * The process-wide handle lives on globalThis: the built server bundle and the CLI load this
 * module separately, and both must share one connection (one PGlite may open a folder once).
 */
export function setDatabase(handle: DatabaseHandle | undefined) {
  ;(globalThis as GlobalWithDb)[HANDLE_KEY] = handle
}

export function getDatabase(): DatabaseHandle {
  const handle = (globalThis as GlobalWithDb)[HANDLE_KEY]
  if (!handle) throw new Error('The database is not open: start Steward through bin/steward.ts (npm start).')
  return handle
}

export async function closeDatabase() {
  const handle = (globalThis as GlobalWithDb)[HANDLE_KEY]
  setDatabase(undefined)
  await handle?.close()
}

/** The one database handle domain code uses. */
export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const real = getDatabase().db as unknown as Record<PropertyKey, unknown>
    const value = Reflect.get(real, property, real)
    return typeof value === 'function' ? value.bind(real) : value
  },
})

/**
 * Runs a raw SQL query and gives its rows, whichever driver is in use: postgres.js returns the rows
 * of `db.execute` as an array, PGlite as `{ rows }`.
 */
export async function executeRows<Row>(query: SQL, tx: DbOrTx = db): Promise<Row[]> {
  const result: unknown = await tx.execute(query)
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Row[]
}

export async function pingDatabase() {
  await getDatabase().db.execute(rawSql`select 1`)
}
