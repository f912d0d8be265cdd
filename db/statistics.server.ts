// Planner statistics after bulk writes. PostgreSQL's autovacuum refreshes them within a minute
// or so; embedded PGlite has no autovacuum at all, so a table filled by a sync or an import would
// keep the planner's "almost empty" estimates, and the pages reading it would choose plans made
// for a handful of rows.
import { getTableName, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { db, type DbOrTx } from './client.server.ts'

/** Below this many written rows the old statistics are close enough. */
export const STATISTICS_REFRESH_ROWS = 1_000

/** ANALYZE the given tables when `rowsWritten` is large enough to have changed their shape. */
export async function refreshStatistics(tables: PgTable[], rowsWritten: number, handle: DbOrTx = db) {
  if (rowsWritten < STATISTICS_REFRESH_ROWS || tables.length === 0) return false
  await handle.execute(sql.raw(`analyze ${tables.map((t) => `"${getTableName(t)}"`).join(', ')}`))
  return true
}
