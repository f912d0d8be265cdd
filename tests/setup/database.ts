import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { type DatabaseHandle, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'

/** Opens a fresh, migrated database for one test file: PGlite in memory, or a new database on DATABASE_URL's server. */
export async function openTestDatabase(): Promise<{ handle: DatabaseHandle; url?: string; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const template = inject('pgliteTemplate')
    const handle = await openDatabase({
      kind: 'pglite-memory',
      loadDataDir: template ? new Blob([readFileSync(template)]) : undefined,
    })
    if (!template) await migrateDatabase(handle)
    return { handle, dispose: () => handle.close() }
  }
  const name = `steward_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  const template = inject('postgresTemplate')
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), max: 4 })
  if (!template) await migrateDatabase(handle, url.toString())
  return {
    handle,
    url: url.toString(),
    async dispose() {
      await handle.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

/**
 * Empties every application table and restarts every sequence (migrations and pg-boss's schema
 * stay). Only the tables holding rows are truncated: on PostgreSQL a TRUNCATE of all 76 tables
 * gives each new files and took about 250 ms after every test; most tests write to a few.
 */
export async function truncateAll(handle: DatabaseHandle) {
  const { rows } = await handle.execute(`select tablename from pg_tables where schemaname = 'public'`, [])
  const tables = rows.map((r) => `"public"."${String(r.tablename).replaceAll('"', '""')}"`)
  if (tables.length === 0) return
  const probe = tables.map((table, i) => `select ${i} as i where exists (select 1 from ${table})`).join(' union all ')
  const filled = (await handle.execute(probe, [])).rows.map((r) => tables[Number(r.i)]!)
  if (filled.length) await handle.execute(`truncate ${filled.join(', ')} restart identity cascade`)
  // a sequence moved by rows deleted since (or by a bare nextval) starts again too
  await handle.execute(
    `select setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
       from pg_sequences where schemaname = 'public' and last_value is not null`,
    [],
  )
}

/**
 * Gives the test file a real database as the process-wide handle: migrated once, emptied after
 * every test. Returns a getter for the handle.
 */
let current: Awaited<ReturnType<typeof openTestDatabase>> | undefined

/** The PostgreSQL URL of this file's test database (undefined on PGlite). */
export function testDatabaseUrl() {
  return current?.url
}

export function setupTestDatabase() {
  beforeAll(async () => {
    current = await openTestDatabase()
    setDatabase(current.handle)
  })
  afterEach(async () => {
    if (current) await truncateAll(current.handle)
  })
  afterAll(async () => {
    setDatabase(undefined)
    await current?.dispose()
  })
  return () => {
    if (!current) throw new Error('the test database is not open yet')
    return current.handle
  }
}
