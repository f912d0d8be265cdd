// Loading many rows into one table inside a transaction, the way a bulk load does it: on the
// embedded database (PGlite), a 100,000-row insert spent most of its time on work PostgreSQL does
// row by row — a foreign-key check per row and per reference (an index probe and a row lock), and
// an entry in every index. Here the checks run once, as one set-based query over the rows written,
// and a table's secondary indexes are built again at the end rather than updated 100,000 times.
// ADR 029 says why only on the embedded database.
import { getTableName, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { executeRows, getDatabase, type DbOrTx, type Transaction } from './client.server.ts'

/** Below this many rows a bulk load is an ordinary insert: the per-row work is small. */
export const BULK_LOAD_ROWS = 10_000

/**
 * Building an index again costs about a fifth of inserting as many entries one by one (measured on
 * PGlite: 0.85 against 4 µs per row and index), so the indexes are rebuilt when the new rows are at
 * least a quarter of those already there.
 */
const REBUILD_RATIO = 4

interface TableShape {
  /**
   * ordinary (not internal) triggers whose firing depends on the replication role (enabled on
   * origin, 'O', or on replica only, 'R'): replica mode would change them, so their presence keeps
   * the checks. Triggers enabled ALWAYS ('A', like the fundraising data version's) fire either way.
   */
  triggers: number
  /** the planner's row count (kept by ANALYZE after bulk writes) */
  rows: number
  /** indexes that back no constraint (a primary key or a unique constraint other tables may reference) */
  indexes: { name: string; definition: string }[]
  /** single-column foreign keys */
  references: { name: string; column: string; parent: string; parentColumn: string }[]
}

async function readShape(tx: DbOrTx, table: string): Promise<TableShape> {
  const [shape] = await executeRows<TableShape>(
    sql`select
      (select count(*)::int from pg_trigger t where t.tgrelid = ${table}::regclass and not t.tgisinternal and t.tgenabled in ('O', 'R')) as triggers,
      (select greatest(c.reltuples, 0)::bigint::int from pg_class c where c.oid = ${table}::regclass) as rows,
      (select coalesce(json_agg(json_build_object('name', ic.relname, 'definition', pg_get_indexdef(i.indexrelid)) order by ic.relname), '[]')
        from pg_index i join pg_class ic on ic.oid = i.indexrelid
        where i.indrelid = ${table}::regclass and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)) as indexes,
      (select coalesce(json_agg(json_build_object('name', k.conname, 'column', a.attname, 'parent', k.confrelid::regclass::text, 'parentColumn', pa.attname) order by k.conname), '[]')
        from pg_constraint k
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
        join pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[1]
        where k.conrelid = ${table}::regclass and k.contype = 'f' and cardinality(k.conkey) = 1) as references`,
    tx,
  )
  return shape
}

/**
 * Runs `write` (inserts into `table`, `rows` of them) in a savepoint of `tx`: a failure (a unique
 * violation, found by the insert or by an index built again) leaves `tx` as it was before.
 *
 * On the embedded database, for `rows` ≥ BULK_LOAD_ROWS: the foreign keys are not checked per row
 * (`session_replication_role = replica`, for this savepoint only, and only while the table has no
 * ordinary trigger that replica mode would skip too; triggers enabled ALWAYS fire in either mode) but once after the write, over the rows
 * `written` selects (every row when it is not given), and the transaction fails if one of them
 * points nowhere; the table's
 * secondary indexes (unique ones included: building one checks every row) are dropped and built
 * again when the new rows are many against those already there. PGlite runs one transaction at a
 * time, so no other reader sees the table without them. PostgreSQL gets the plain write: replica
 * mode needs a superuser there, and dropping an index locks every reader out of the table.
 */
export async function bulkLoad<T>(
  tx: DbOrTx,
  table: PgTable,
  options: { rows: number; written?: SQL },
  write: (savepoint: Transaction) => Promise<T>,
): Promise<T> {
  if (getDatabase().kind !== 'pglite' || options.rows < BULK_LOAD_ROWS) return tx.transaction(write)
  const name = getTableName(table)
  return tx.transaction(async (savepoint) => {
    const shape = await readShape(savepoint, name)
    const deferChecks = shape.triggers === 0 && shape.references.length > 0
    const rebuild = options.rows * REBUILD_RATIO >= shape.rows ? shape.indexes : []
    if (deferChecks) await savepoint.execute(sql`select set_config('session_replication_role', 'replica', true)`)
    for (const index of rebuild) await savepoint.execute(sql`drop index ${sql.identifier(index.name)}`)
    const result = await write(savepoint)
    for (const index of rebuild) await savepoint.execute(sql.raw(index.definition))
    if (deferChecks) {
      await savepoint.execute(sql`select set_config('session_replication_role', 'origin', true)`)
      await checkReferences(savepoint, name, shape.references, options.written)
    }
    return result
  })
}

/** One statement for every foreign key: the written rows whose reference points nowhere. */
async function checkReferences(tx: DbOrTx, table: string, references: TableShape['references'], written: SQL = sql`true`) {
  const counts = references.map(
    (r) =>
      sql`select ${r.name}::text as name, count(*)::int as n from ${sql.identifier(table)}
        where (${written}) and ${sql.identifier(table)}.${sql.identifier(r.column)} is not null
          and not exists (select 1 from ${sql.identifier(r.parent)} p where p.${sql.identifier(r.parentColumn)} = ${sql.identifier(table)}.${sql.identifier(r.column)})`,
  )
  const rows = await executeRows<{ name: string; n: number }>(sql.join(counts, sql` union all `), tx)
  const broken = rows.filter((r) => r.n > 0)
  if (broken.length > 0)
    throw new Error(`Bulk load into ${table}: ${broken.map((r) => `${r.n} row${r.n > 1 ? 's' : ''} break ${r.name}`).join(', ')}`)
}
