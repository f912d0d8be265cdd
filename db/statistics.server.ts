// Planner statistics and visibility maps after bulk writes. PostgreSQL's autovacuum refreshes
// them within a minute or so; embedded PGlite has no autovacuum at all, so a table filled by a
// sync or an import would keep the planner's "almost empty" estimates (plans made for a handful
// of rows), and index-only scans would still visit every row.
import { getTableName, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { db, type Database } from './client.server.ts'

/** Below this many written rows the old statistics are close enough. */
export const STATISTICS_REFRESH_ROWS = 1_000

/**
 * VACUUM (ANALYZE) the given tables when `rowsWritten` is large enough to have changed their
 * shape. Outside any transaction (VACUUM cannot run in one): call it after the commit.
 */
export async function refreshStatistics(tables: PgTable[], rowsWritten: number, handle: Database = db) {
  if (rowsWritten < STATISTICS_REFRESH_ROWS || tables.length === 0) return false
  await handle.execute(sql.raw(`vacuum (analyze) ${tables.map((t) => `"${getTableName(t)}"`).join(', ')}`))
  return true
}
