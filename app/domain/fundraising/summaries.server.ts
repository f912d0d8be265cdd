// Summaries of the /fundraising overview (ADR 030): a year's figures, computed once per
// fundraising data version and read back as one row.
//
// The version (fundraising_data_version) is raised by a trigger on every statement that writes
// donations or exchange rates, in the writer's transaction: an import and its revert, a void, a
// refund mark, a manual entry, a donor merge, a funding sync, a new rate. A summary stored at
// version v is served only while the version is v, so it always equals what the direct
// computation would give now: the computation runs after the version was read, so it can only
// have seen newer data than v, never older, and newer data moves the version on.
import { sql, type SQL } from 'drizzle-orm'
import { db, executeRows } from '#db/client.server.ts'
import { fundraisingSummaries } from '#db/schema/index.ts'

// Requests that miss the same summary at once wait for one computation instead of each running it.
const computing = new Map<string, Promise<unknown>>()

/**
 * The figures for `key`: the stored summary when it is current, else `compute()`'s result, which
 * is stored for the next request. `key` must name everything the figures depend on besides the
 * data (period, time zone, reporting currency), and `compute` must return plain JSON (no Dates).
 *
 * Figures that also depend on the moment they are asked for (retention looks back from now) store
 * what they were computed for beside them and pass `stillCurrent`: an SQL condition over the
 * stored summary (`s.data`), checked in the same statement as the version, that says whether the
 * stored figures hold for this request too; `variant` then names the request (requests that miss
 * at once share one computation only when their variant is the same).
 */
export async function readFundraisingSummary<T>(
  key: Record<string, unknown>,
  compute: () => Promise<T>,
  options: { stillCurrent?: SQL; variant?: string } = {},
): Promise<T> {
  const text = JSON.stringify(key)
  const [row] = await executeRows<{ version: string | number | null; data: T | null; current: boolean | null }>(
    sql`select v.version, s.data, ${options.stillCurrent ?? sql`true`} as current
        from (select (select version from fundraising_data_version where id = 1) as version) v
        left join ${fundraisingSummaries} s on s.key = ${text} and s.version = coalesce(v.version, 0)`,
  )
  if (row?.data != null && row.current) return row.data
  const version = Number(row?.version ?? 0)
  const pending = `${version} ${text} ${options.variant ?? ''}`
  const running = computing.get(pending) as Promise<T> | undefined
  if (running) return running
  const promise = (async () => {
    const data = await compute()
    await storeSummary(text, version, data)
    return data
  })().finally(() => computing.delete(pending))
  computing.set(pending, promise)
  return promise
}

async function storeSummary(key: string, version: number, data: unknown) {
  // A slower request must not put back an older version than one already stored.
  await db
    .insert(fundraisingSummaries)
    .values({ key, version, data })
    .onConflictDoUpdate({
      target: fundraisingSummaries.key,
      set: { version, data, computedAt: sql`now()` },
      where: sql`${fundraisingSummaries.version} <= ${version}`,
    })
  // Summaries of older versions are never served again.
  await db.delete(fundraisingSummaries).where(sql`${fundraisingSummaries.version} < ${version}`)
}
