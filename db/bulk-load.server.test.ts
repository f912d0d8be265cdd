import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { BULK_LOAD_ROWS, bulkLoad } from './bulk-load.server.ts'
import { db, executeRows, getDatabase, type DbOrTx } from './client.server.ts'
import { donations, donors, importBatches } from './schema/index.ts'

setupTestDatabase()

class RollBack extends Error {}

/** The whole chain of messages: drizzle wraps the driver's error (`cause`). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return `${error.message} ${error.cause ? errorText(error.cause) : ''}`
}

async function newBatch() {
  const [batch] = await db
    .insert(importBatches)
    .values({
      fileName: 'bulk.csv',
      sha256: 'x',
      format: 'stripe',
      source: 'stripe',
      rows: 0,
      inserted: 0,
      duplicates: 0,
      skipped: 0,
      errors: 0,
    })
    .returning()
  return batch.id
}

async function newDonors(n: number) {
  const rows = await db
    .insert(donors)
    .values(Array.from({ length: n }, (_, i) => ({ name: `Donor ${i}` })))
    .returning({ id: donors.id })
  return rows.map((r) => r.id)
}

/** `count` donations `ch_<prefix>_<n>` of the batch, donor n mod donorIds.length, one statement. */
function insertDonations(handle: DbOrTx, input: { batchId: string; donorIds: string[]; count: number; prefix: string }) {
  return handle.execute(
    sql`insert into ${donations} (amount, currency, net, received_at, received_on, source, external_id, donor_id, import_batch_id)
      select 500, 'USD', 500, now(), current_date, 'stripe', ${input.prefix} || '_' || g,
        (${JSON.stringify(input.donorIds)}::json ->> (g % ${input.donorIds.length}))::uuid, ${input.batchId}
      from generate_series(1, ${input.count}) as g`,
  )
}

const indexDefinitions = () =>
  executeRows<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = 'donations' order by indexname`)
const donationCount = async (handle: DbOrTx = db) =>
  (await executeRows<{ n: number }>(sql`select count(*)::int as n from ${donations}`, handle))[0].n

describe('bulk load', () => {
  test('10,000 donations go in whole, and the table keeps its indexes and its foreign-key checks', async () => {
    const batchId = await newBatch()
    const donorIds = await newDonors(100)
    const before = await indexDefinitions()
    const written = sql`${donations.importBatchId} = ${batchId}`
    await db.transaction((tx) =>
      bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
        insertDonations(savepoint, { batchId, donorIds, count: BULK_LOAD_ROWS, prefix: 'ch' }),
      ),
    )
    expect(await donationCount()).toBe(10_000)
    // Donor n mod 100 each: 10,000 / 100 = 100 donations per donor, every donor used.
    const perDonor = await executeRows<{ donors: number; most: number }>(
      sql`select count(*)::int as donors, max(n)::int as most from (select count(*) as n from ${donations} group by donor_id) d`,
    )
    expect(perDonor[0]).toEqual({ donors: 100, most: 100 })
    expect(await indexDefinitions()).toEqual(before)
    const [setting] = await executeRows<{ role: string }>(sql`select current_setting('session_replication_role') as role`)
    expect(setting.role).toBe('origin')
    // The checks are back for the next writer: a donation of a donor that does not exist is refused.
    const refused = await insertDonations(db, { batchId, donorIds: [randomUUID()], count: 1, prefix: 'late' }).then(
      () => null,
      (error: unknown) => errorText(error),
    )
    expect(refused).toMatch(/donations_donor_id_donors_id_fk/)
  })

  test('a donation pointing at a missing donor fails the whole load: nothing is written', async () => {
    const batchId = await newBatch()
    // Donor g mod 2: the odd rows (5,000) have a real donor, the even ones (5,000) a missing one.
    const donorIds = [randomUUID(), ...(await newDonors(1))]
    const written = sql`${donations.importBatchId} = ${batchId}`
    const failure = await db
      .transaction((tx) =>
        bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
          insertDonations(savepoint, { batchId, donorIds, count: BULK_LOAD_ROWS, prefix: 'ch' }),
        ),
      )
      .then(
        () => null,
        (error: unknown) => errorText(error),
      )
    expect(failure).toMatch(/donations_donor_id_donors_id_fk/)
    expect(await donationCount()).toBe(0)
  })

  test('a duplicate id fails the load but not the transaction around it, which finds the table whole', async () => {
    const batchId = await newBatch()
    const donorIds = await newDonors(10)
    const written = sql`${donations.importBatchId} = ${batchId}`
    const before = await indexDefinitions()
    const outcome = await db.transaction(async (tx) => {
      await insertDonations(tx, { batchId, donorIds, count: 1, prefix: 'ch' }) // ch_1
      const code = await bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
        insertDonations(savepoint, { batchId, donorIds, count: BULK_LOAD_ROWS, prefix: 'ch' }),
      ).then(
        () => null,
        (error: unknown) => errorText(error),
      )
      return { code, count: await donationCount(tx) }
    })
    // ch_1 is there already: the load's ch_1 … ch_10000 break the unique (source, external id),
    // found by the insert (PostgreSQL) or by the index built again (PGlite); only the first row stays.
    expect(outcome.code).toMatch(/donations_source_external_id/)
    expect(outcome.count).toBe(1)
    expect(await indexDefinitions()).toEqual(before)
  })

  test('the fundraising data version (a trigger enabled ALWAYS) moves once per load, and the checks stay deferred', async () => {
    const version = async () =>
      (await executeRows<{ v: number }>(sql`select version::int as v from fundraising_data_version where id = 1`))[0].v
    const batchId = await newBatch()
    const donorIds = await newDonors(10)
    const written = sql`${donations.importBatchId} = ${batchId}`
    const before = await version()
    await db.transaction((tx) =>
      bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
        insertDonations(savepoint, { batchId, donorIds, count: BULK_LOAD_ROWS, prefix: 'ch' }),
      ),
    )
    // one insert statement: the statement-level trigger raises the version by exactly 1
    expect(await version()).toBe(before + 1)
    // A load whose odd rows (5,000 of 10,000: donor g mod 2 = 1) point at a missing donor: on PGlite
    // the set-based check counts them (the per-row checks were off), on PostgreSQL the first row fails.
    const missing = [(await newDonors(1))[0], randomUUID()]
    const failure = await db
      .transaction((tx) =>
        bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
          insertDonations(savepoint, { batchId, donorIds: missing, count: BULK_LOAD_ROWS, prefix: 'late' }),
        ),
      )
      .then(
        () => null,
        (error: unknown) => errorText(error),
      )
    expect(failure).toMatch(
      getDatabase().kind === 'pglite' ? /5000 rows break donations_donor_id_donors_id_fk/ : /donations_donor_id_donors_id_fk/,
    )
    expect(await version()).toBe(before + 1)
  })

  test('a table with an ordinary trigger keeps it: the trigger fires for each row (replica mode would skip it)', async () => {
    const batchId = await newBatch()
    const donorIds = await newDonors(10)
    const written = sql`${donations.importBatchId} = ${batchId}`
    let fired = -1
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`create temporary table bulk_fired (n int) on commit drop`)
        await tx.execute(
          sql.raw(
            `create function pg_temp.bulk_note() returns trigger language plpgsql as $$ begin insert into bulk_fired values (1); return new; end $$`,
          ),
        )
        await tx.execute(sql.raw(`create trigger bulk_note after insert on donations for each row execute function pg_temp.bulk_note()`))
        await bulkLoad(tx, donations, { rows: BULK_LOAD_ROWS, written }, (savepoint) =>
          insertDonations(savepoint, { batchId, donorIds, count: BULK_LOAD_ROWS, prefix: 'ch' }),
        )
        fired = (await executeRows<{ n: number }>(sql`select count(*)::int as n from bulk_fired`, tx))[0].n
        throw new RollBack()
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error
      })
    expect(fired).toBe(10_000)
    expect(await donationCount()).toBe(0)
  })
})
