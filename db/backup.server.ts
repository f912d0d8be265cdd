// Backups that either driver can restore: the way from the embedded database to PostgreSQL, and
// the way back from a bad day.
//
// A backup is one gzip-compressed file of JSON lines:
//   1. a header: the format, when and where it was made, and the schema version (the migrations applied);
//   2. per table: a line naming the table and its columns, then one line per row (the row as
//      PostgreSQL's to_jsonb writes it, which jsonb_populate_recordset reads back exactly);
//   3. a trailer: the row count per table and the SHA-256 of every line before it.
// Everything is read in one repeatable-read, read-only transaction, so the file is a consistent
// snapshot even while Steward keeps working. A restore checks the whole file before it writes
// anything, then loads it into an empty database in one transaction: a truncated or altered file,
// a non-empty database or a newer schema is refused with one line and nothing is written.
import { sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { type DatabaseHandle, type DbOrTx, executeRows, migrateDatabase, readMigrationJournal } from './client.server.ts'

const FORMAT = 'steward-backup'
const FORMAT_VERSION = 1
/** rows per FETCH while writing and per INSERT while restoring */
const BATCH = 1000

export class BackupError extends Error {
  override name = 'BackupError'
}

interface AppliedMigration {
  /** the journal's `when` (drizzle stores it as created_at) */
  when: number
  hash: string
}

interface BackupHeader {
  format: typeof FORMAT
  formatVersion: number
  createdAt: string
  driver: DatabaseHandle['kind']
  migrations: AppliedMigration[]
}

interface TableLine {
  table: string
  columns: string[]
}

interface Trailer {
  end: true
  rows: Record<string, number>
  sha256: string
}

export interface BackupSummary {
  file: string
  tables: number
  rows: number
  bytes?: number
  /** the tag of the last migration the backup's schema has, e.g. 0002_contributor_last_and_kinds */
  schema: string | null
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The application's tables (pg-boss keeps its own schema; drizzle's migration log is the header). */
async function listTables(tx: DbOrTx) {
  const rows = await executeRows<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    tx,
  )
  return rows.map((r) => r.name)
}

async function listColumns(tx: DbOrTx, table: string) {
  const rows = await executeRows<{ name: string }>(
    sql`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
        order by ordinal_position`,
    tx,
  )
  return rows.map((r) => r.name)
}

async function appliedMigrations(tx: DbOrTx): Promise<AppliedMigration[]> {
  const [exists] = await executeRows<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
    tx,
  )
  if (!exists?.present) return []
  const rows = await executeRows<{ when: string | number; hash: string }>(
    sql`select created_at as "when", hash from drizzle.__drizzle_migrations order by created_at`,
    tx,
  )
  return rows.map((r) => ({ when: Number(r.when), hash: r.hash }))
}

function schemaTag(migrations: AppliedMigration[]) {
  const last = migrations.at(-1)
  if (!last) return null
  return (
    readMigrationJournal().find((entry) => entry.when === last.when)?.tag ?? `unknown migration of ${new Date(last.when).toISOString()}`
  )
}

/**
 * Writes a consistent snapshot of every application table to `file` (written beside it, then
 * renamed, so a crash never leaves a half file under the final name).
 */
export async function writeBackup(handle: DatabaseHandle, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`
  const gzip = createGzip()
  const done = pipeline(gzip, createWriteStream(partial))
  const hash = createHash('sha256')
  let lines = Promise.resolve()
  const write = (value: unknown) => {
    const line = `${JSON.stringify(value)}\n`
    hash.update(line)
    // Respect backpressure so a large table is never held in memory twice.
    if (!gzip.write(line)) lines = lines.then(() => new Promise((resolve) => gzip.once('drain', resolve)))
    return lines
  }
  const counts: Record<string, number> = {}
  let migrations: AppliedMigration[] = []
  try {
    await handle.db.transaction(
      async (tx) => {
        migrations = await appliedMigrations(tx)
        const header: BackupHeader = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          driver: handle.kind,
          migrations,
        }
        await write(header)
        // Tables in load order, so a restore can insert rows as it reads them.
        const { order } = loadOrder(await listTables(tx), await foreignKeys(tx))
        for (const table of order) {
          const columns = await listColumns(tx, table)
          await write({ table, columns } satisfies TableLine)
          const list = columns.map(quote).join(', ')
          await tx.execute(
            sql.raw(
              `declare steward_backup no scroll cursor for select to_jsonb(t)::text as row from (select ${list} from ${quote(table)}) t`,
            ),
          )
          let count = 0
          for (;;) {
            const rows = await executeRows<{ row: string }>(sql.raw(`fetch forward ${BATCH} from steward_backup`), tx)
            for (const { row } of rows) {
              // The row is already JSON: write it as it is rather than parse and re-serialise.
              const line = `${row}\n`
              hash.update(line)
              if (!gzip.write(line)) await new Promise((resolve) => gzip.once('drain', resolve))
            }
            count += rows.length
            if (rows.length < BATCH) break
          }
          await tx.execute(sql.raw('close steward_backup'))
          counts[table] = count
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    await lines
    const trailer: Trailer = { end: true, rows: counts, sha256: hash.digest('hex') }
    gzip.end(`${JSON.stringify(trailer)}\n`)
    await done
    await rename(partial, file)
  } catch (error) {
    gzip.destroy()
    await done.catch(() => {})
    await rm(partial, { force: true })
    throw error
  }
  return {
    file,
    tables: Object.keys(counts).length,
    rows: Object.values(counts).reduce((a, b) => a + b, 0),
    schema: schemaTag(migrations),
  }
}

type BackupEvent = { kind: 'table'; table: TableLine } | { kind: 'rows'; table: string; rows: string[] }

/**
 * Reads a backup file line by line and checks it as it goes: the header first, rows only after a
 * table line, the trailer's counts and checksum last. Throws BackupError for anything else,
 * including a truncated or corrupted gzip stream.
 */
async function readBackup(
  file: string,
  onEvent?: (event: BackupEvent) => Promise<void>,
): Promise<{ header: BackupHeader; trailer: Trailer }> {
  const hash = createHash('sha256')
  let header: BackupHeader | undefined
  let trailer: Trailer | undefined
  let table: TableLine | undefined
  let pending: string[] = []
  const seen: Record<string, number> = {}
  const flush = async () => {
    if (table && pending.length && onEvent) await onEvent({ kind: 'rows', table: table.table, rows: pending })
    pending = []
  }
  const gunzip = createGunzip()
  const input = createReadStream(file)
  input.on('error', (error) => gunzip.destroy(error))
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (trailer) throw new BackupError(`${file}: there is data after the end of the backup`)
      if (!header) {
        const parsed = parseLine(file, line)
        if (parsed?.format !== FORMAT) throw new BackupError(`${file} is not a Steward backup`)
        if (parsed.formatVersion > FORMAT_VERSION)
          throw new BackupError(`${file} was written by a newer Steward (backup format ${parsed.formatVersion}); upgrade Steward first`)
        header = parsed as BackupHeader
        hash.update(`${line}\n`)
        continue
      }
      if (line.startsWith('{"end":')) {
        await flush()
        trailer = parseLine(file, line) as Trailer
        continue
      }
      hash.update(`${line}\n`)
      if (line.startsWith('{"table":')) {
        await flush()
        table = parseLine(file, line) as TableLine
        seen[table.table] = 0
        if (onEvent) await onEvent({ kind: 'table', table })
        continue
      }
      if (!table) throw new BackupError(`${file}: a row comes before any table`)
      seen[table.table]++
      pending.push(line)
      if (pending.length >= BATCH) await flush()
    }
  } catch (error) {
    if (error instanceof BackupError) throw error
    if ((error as { code?: string }).code === 'ENOENT') throw new BackupError(`${file}: no such file`)
    throw new BackupError(
      `${file} is damaged or incomplete (${error instanceof Error ? error.message : String(error)}); nothing was restored`,
    )
  }
  if (!header) throw new BackupError(`${file} is empty`)
  if (!trailer) throw new BackupError(`${file} is incomplete: it ends before the backup's last line; nothing was restored`)
  if (trailer.sha256 !== hash.digest('hex'))
    throw new BackupError(`${file} has been altered: its checksum does not match; nothing was restored`)
  for (const [name, count] of Object.entries(trailer.rows)) {
    if (seen[name] !== count)
      throw new BackupError(`${file} is damaged: table ${name} should have ${count} rows, it has ${seen[name] ?? 0}`)
  }
  return { header, trailer }
}

function parseLine(file: string, line: string) {
  try {
    return JSON.parse(line)
  } catch {
    throw new BackupError(`${file} is damaged: a line is not valid JSON`)
  }
}

/** Checks a backup file without touching any database. */
export async function verifyBackup(file: string): Promise<BackupSummary> {
  const { header, trailer } = await readBackup(file)
  return {
    file,
    tables: Object.keys(trailer.rows).length,
    rows: Object.values(trailer.rows).reduce((a, b) => a + b, 0),
    schema: schemaTag(header.migrations),
  }
}

interface ForeignKey {
  table: string
  column: string
  references: string
}

async function foreignKeys(tx: DbOrTx): Promise<ForeignKey[]> {
  return executeRows<ForeignKey>(
    sql`select c.conrelid::regclass::text as "table", a.attname as "column", c.confrelid::regclass::text as "references"
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
    tx,
  )
}

async function primaryKey(tx: DbOrTx, table: string) {
  const rows = await executeRows<{ column: string }>(
    sql`select a.attname as "column" from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.contype = 'p' and c.conrelid = ${quote(table)}::regclass`,
    tx,
  )
  return rows.map((r) => r.column)
}

/**
 * The order to load tables in so every foreign key points at rows already there. A reference that
 * closes a cycle (a table pointing at itself, e.g. a merged donor) cannot be ordered: such columns
 * are loaded empty and filled in once every row exists.
 */
export function loadOrder(tables: string[], keys: ForeignKey[]) {
  const strip = (name: string) => name.replace(/^public\./, '').replaceAll('"', '')
  const edges = keys.map((k) => ({ table: strip(k.table), column: k.column, references: strip(k.references) }))
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const deferred: { table: string; column: string }[] = []
  const visit = (table: string) => {
    state.set(table, 'visiting')
    for (const edge of edges.filter((e) => e.table === table)) {
      const target = state.get(edge.references)
      if (target === 'visiting') deferred.push({ table, column: edge.column })
      else if (!target && tables.includes(edge.references)) visit(edge.references)
    }
    state.set(table, 'done')
    order.push(table)
  }
  for (const table of [...tables].sort()) if (!state.has(table)) visit(table)
  return { order, deferred }
}

/**
 * Tables a migration fills with a row of its own (the community and fundraising data versions, ADR
 * 022 and 030): not a sign that the database is in use, and emptied before the backup's rows take
 * their place.
 */
const SEEDED_BY_MIGRATIONS = ['community_data_version', 'fundraising_data_version']

async function requireEmpty(tx: DbOrTx, tables: string[]) {
  for (const table of tables.filter((t) => !SEEDED_BY_MIGRATIONS.includes(t))) {
    const [row] = await executeRows<{ any: boolean }>(sql.raw(`select exists (select 1 from ${quote(table)}) as any`), tx)
    if (row?.any) {
      throw new BackupError(
        `the database is not empty (table ${table} has rows): restore only into a new, empty database so nothing is overwritten`,
      )
    }
  }
}

export interface RestoreOptions {
  /** PostgreSQL URL of the target (migrations take an advisory lock on their own connection) */
  url?: string
  onProgress?: (line: string) => void
}

/**
 * Loads a backup into an empty database of either driver. The file is checked completely first;
 * the target is brought to the backup's schema, filled in one transaction, then migrated to the
 * schema of this version of Steward.
 */
export async function restoreBackup(handle: DatabaseHandle, file: string, options: RestoreOptions = {}): Promise<BackupSummary> {
  const progress = options.onProgress ?? (() => {})
  const { header, trailer } = await readBackup(file)
  const journal = readMigrationJournal()
  for (const migration of header.migrations) {
    if (!journal.some((entry) => entry.when === migration.when)) {
      throw new BackupError(
        `${file} was made by a newer Steward (its schema has a migration of ${new Date(migration.when).toISOString()} this version does not know); upgrade Steward first`,
      )
    }
  }
  const target = await handle.db.transaction((tx) => appliedMigrations(tx))
  const backupLevel = header.migrations.at(-1)?.when ?? 0
  const targetLevel = target.at(-1)?.when ?? 0
  if (targetLevel > backupLevel) {
    if (await hasRows(handle))
      throw new BackupError('the database is not empty: restore only into a new, empty database so nothing is overwritten')
    throw new BackupError(
      `the database already has a newer schema (${schemaTag(target)}) than the backup (${schemaTag(header.migrations) ?? 'none'}): restore into a new database that Steward has not started on`,
    )
  }
  progress(`restoring ${file}: schema ${schemaTag(header.migrations)}, ${Object.keys(trailer.rows).length} tables`)
  await migrateDatabase(handle, options.url, { upTo: backupLevel })

  await handle.db.transaction(async (tx) => {
    const tables = await listTables(tx)
    await requireEmpty(tx, tables)
    for (const table of SEEDED_BY_MIGRATIONS.filter((t) => tables.includes(t))) await tx.execute(sql.raw(`delete from ${quote(table)}`))
    const { deferred } = loadOrder(tables, await foreignKeys(tx))
    const backupTables = Object.keys(trailer.rows)
    const unknown = backupTables.filter((t) => !tables.includes(t))
    if (unknown.length) throw new BackupError(`${file} has tables this schema does not: ${unknown.join(', ')}`)
    // Derived tables (kept by triggers) are restored as they were, so their triggers stay quiet.
    for (const table of tables) await tx.execute(sql.raw(`alter table ${quote(table)} disable trigger user`))

    // The file lists tables in load order: insert each batch as it is read.
    const insertBatch = async (table: string, columns: string[], rows: string[]) => {
      const later = new Set(deferred.filter((d) => d.table === table).map((d) => d.column))
      const select = columns.map((c) => (later.has(c) ? `null as ${quote(c)}` : `r.${quote(c)}`)).join(', ')
      await tx.execute(
        sql`${sql.raw(`insert into ${quote(table)} (${columns.map(quote).join(', ')}) select ${select} from jsonb_populate_recordset(null::${quote(table)}, `)}${`[${rows.join(',')}]`}::jsonb${sql.raw(') r')}`,
      )
    }
    const columnsOf = new Map<string, string[]>()
    await readBackup(file, async (event) => {
      if (event.kind === 'table') {
        const targetColumns = new Set(await listColumns(tx, event.table.table))
        columnsOf.set(
          event.table.table,
          event.table.columns.filter((c) => targetColumns.has(c)),
        )
        if (trailer.rows[event.table.table]) progress(`  ${event.table.table}: ${trailer.rows[event.table.table]} rows`)
      } else await insertBatch(event.table, columnsOf.get(event.table)!, event.rows)
    })
    // References that close a cycle: every row exists now, so fill them in from a second reading.
    if (deferred.length) {
      const keys = new Map<string, string[]>()
      for (const { table, column } of deferred) {
        const key = await primaryKey(tx, table)
        if (!key.length) throw new BackupError(`table ${table} has no primary key to restore ${column} by`)
        keys.set(table, key)
      }
      await readBackup(file, async (event) => {
        if (event.kind !== 'rows') return
        for (const { column } of deferred.filter((d) => d.table === event.table)) {
          const key = keys.get(event.table)!
          const match = key.map((k) => `t.${quote(k)} = r.${quote(k)}`).join(' and ')
          await tx.execute(
            sql`${sql.raw(`update ${quote(event.table)} t set ${quote(column)} = r.${quote(column)} from jsonb_populate_recordset(null::${quote(event.table)}, `)}${`[${event.rows.join(',')}]`}::jsonb${sql.raw(`) r where ${match} and r.${quote(column)} is not null`)}`,
          )
        }
      })
    }
    for (const table of tables) await tx.execute(sql.raw(`alter table ${quote(table)} enable trigger user`))
  })
  await migrateDatabase(handle, options.url)
  await analyzeAll(handle)
  return {
    file,
    tables: Object.keys(trailer.rows).length,
    rows: Object.values(trailer.rows).reduce((a, b) => a + b, 0),
    schema: schemaTag(header.migrations),
  }
}

async function hasRows(handle: DatabaseHandle) {
  return handle.db.transaction(async (tx) => {
    for (const table of (await listTables(tx)).filter((t) => !SEEDED_BY_MIGRATIONS.includes(t))) {
      const [row] = await executeRows<{ any: boolean }>(sql.raw(`select exists (select 1 from ${quote(table)}) as any`), tx)
      if (row?.any) return true
    }
    return false
  })
}

/** Fresh statistics after a bulk load (PGlite has no autovacuum to gather them). */
async function analyzeAll(handle: DatabaseHandle) {
  await handle.execute('analyze')
}
