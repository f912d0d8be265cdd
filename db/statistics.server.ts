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
 * `vacuum: false` only analyzes, for writers that left no dead rows and whose readers make no
 * index-only scans (the visibility map is what VACUUM adds): a third of the time for 100,000
 * fresh donations, whose every page VACUUM reads and writes again.
 */
export async function refreshStatistics(tables: PgTable[], rowsWritten: number, handle: Database = db, options: { vacuum?: boolean } = {}) {
  if (rowsWritten < STATISTICS_REFRESH_ROWS || tables.length === 0) return false
  const names = tables.map((t) => `"${getTableName(t)}"`).join(', ')
  await handle.execute(sql.raw(options.vacuum === false ? `analyze ${names}` : `vacuum (analyze) ${names}`))
  return true
}
