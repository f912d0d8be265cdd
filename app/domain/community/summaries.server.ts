// Summaries of the /community page (issue 13, ADR 022): the page's figures for one filter, computed
// once per community data version and read back as one row.
//
// The version (community_data_version) is raised by a trigger on every statement that writes a
// table the figures come from, in the writer's transaction. A summary stored at version v is served
// only while the version is v, so it always equals what the direct computation would give now:
// the computation runs after the version was read, so it can only have seen newer data than v,
// never older, and newer data moves the version on. The sync writes the usual periods' summaries
// when it ends (warmCommunitySummaries in pages.server.ts); any other filter is computed by the
// first request that asks for it and served from the table after that.
import { sql } from 'drizzle-orm'
import { db, type DbOrTx, executeRows } from '#db/client.server.ts'
import { communitySummaries } from '#db/schema/community-summaries.ts'

/** The current community data version (0 before anything was written). */
export async function readCommunityDataVersion(tx: DbOrTx = db): Promise<number> {
  const [row] = await executeRows<{ version: string | number | null }>(
    sql`select (select version from community_data_version where id = 1) as version`,
    tx,
  )
  return Number(row?.version ?? 0)
}

// Requests that miss the same summary at once wait for one computation instead of each running it.
const computing = new Map<string, Promise<unknown>>()

/**
 * The figures for `filter`: the stored summary when it is current, else `compute()`'s result, which
 * is stored for the next request. `filter` must name everything the figures depend on besides the
 * data (period, repository, source, time zone), and `compute` must return plain JSON (no Dates).
 */
export async function readCommunitySummary<T>(filter: Record<string, unknown>, compute: () => Promise<T>, tx: DbOrTx = db): Promise<T> {
  const key = JSON.stringify(filter)
  const [row] = await executeRows<{ version: string | number | null; data: T | null }>(
    sql`select v.version, s.data
        from (select (select version from community_data_version where id = 1) as version) v
        left join ${communitySummaries} s on s.key = ${key} and s.version = coalesce(v.version, 0)`,
    tx,
  )
  if (row?.data != null) return row.data
  const version = Number(row?.version ?? 0)
  const pending = `${version} ${key}`
  const running = computing.get(pending) as Promise<T> | undefined
  if (running) return running
  const promise = (async () => {
    const data = await compute()
    await storeSummary(key, version, data, tx)
    return data
  })().finally(() => computing.delete(pending))
  computing.set(pending, promise)
  return promise
}

async function storeSummary(key: string, version: number, data: unknown, tx: DbOrTx) {
  // A slower request must not put back an older version than one already stored.
  await tx
    .insert(communitySummaries)
    .values({ key, version, data })
    .onConflictDoUpdate({
      target: communitySummaries.key,
      set: { version, data, computedAt: sql`now()` },
      where: sql`${communitySummaries.version} <= ${version}`,
    })
  // Summaries of older versions are never served again.
  await tx.delete(communitySummaries).where(sql`${communitySummaries.version} < ${version}`)
}
