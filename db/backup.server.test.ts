import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadDemo } from '#db/seed/index.server.ts'
import { reportDownloadResponse } from '#app/domain/reports/download-response.server.ts'
import { BackupError, loadOrder, restoreBackup, verifyBackup, writeBackup } from './backup.server.ts'
import { type DatabaseHandle, getDatabase, migrateDatabase, openDatabase, readMigrationJournal, setDatabase } from './client.server.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'

const source = setupTestDatabase()
const serverUrl = process.env.DATABASE_URL
let dir: string

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'steward-backup-test-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A new database that no Steward has started on: PGlite in memory, or a new PostgreSQL database. */
async function emptyDatabase(kind: 'pglite' | 'postgres'): Promise<{ handle: DatabaseHandle; url?: string; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite-memory' })
    return { handle, dispose: () => handle.close() }
  }
  const name = `steward_restore_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl!)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), max: 2 })
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

/** Every application table's rows as sorted JSON text: two databases hold the same data when these are equal. */
async function contents(handle: DatabaseHandle) {
  const { rows: tables } = await handle.execute(`select tablename from pg_tables where schemaname = 'public' order by tablename`, [])
  const out: Record<string, string[]> = {}
  for (const { tablename } of tables) {
    const { rows } = await handle.execute(`select to_jsonb(t)::text as row from "${String(tablename)}" t`, [])
    out[String(tablename)] = rows.map((r) => String(r.row)).sort()
  }
  return out
}

/** What the council and the fundraising lead would notice first: the report JSON, the donation totals, the audit log. */
async function whatPeopleSee(handle: DatabaseHandle) {
  const previous = (() => {
    try {
      return getDatabase()
    } catch {
      return undefined
    }
  })()
  setDatabase(handle)
  try {
    const { rows: reports } = await handle.execute(`select quarter from quarterly_reports order by quarter`, [])
    const documents: Record<string, unknown> = {}
    for (const { quarter } of reports) {
      const response = await reportDownloadResponse({
        quarter: String(quarter),
        format: 'json',
        searchParams: new URLSearchParams(),
        origin: 'http://x',
      })
      documents[String(quarter)] = await response.json()
    }
    const { rows: totals } = await handle.execute(
      `select currency, count(*)::int as n, sum(amount)::text as gross from donations group by currency order by currency`,
      [],
    )
    const { rows: audit } = await handle.execute(`select to_jsonb(a)::text as row from audit_events a order by at, id`, [])
    return { documents, totals, audit: audit.map((r) => r.row) }
  } finally {
    setDatabase(previous)
  }
}

// Each test loads the demo organisation and restores it at least once: seconds, not milliseconds.
describe('backup and restore', { timeout: 180_000 }, () => {
  test('the demo organisation survives a backup and a restore into a new database, row for row', async () => {
    await loadDemo({ now: new Date('2026-11-20T10:00:00Z') })
    const file = path.join(dir, 'demo.steward-backup.gz')
    const written = await writeBackup(source(), file)
    expect(written.rows).toBeGreaterThan(1000)
    expect(written.schema).toBe(readMigrationJournal().at(-1)!.tag)
    expect(await verifyBackup(file)).toMatchObject({ rows: written.rows, tables: written.tables })

    const kind = source().kind
    const target = await emptyDatabase(kind)
    try {
      const restored = await restoreBackup(target.handle, file, { url: target.url })
      expect(restored.rows).toBe(written.rows)
      expect(await contents(target.handle)).toEqual(await contents(source()))
      const before = await whatPeopleSee(source())
      expect(Object.keys(before.documents).length).toBeGreaterThan(0)
      expect(before.totals.length).toBeGreaterThan(0)
      expect(await whatPeopleSee(target.handle)).toEqual(before)
    } finally {
      await target.dispose()
    }
  })

  test.runIf(serverUrl)('an embedded installation moves to PostgreSQL and back with the same data', async () => {
    await loadDemo({ now: new Date('2026-11-20T10:00:00Z') })
    // The source of this file is PostgreSQL (DATABASE_URL is set): make an embedded copy first.
    const embedded = await emptyDatabase('pglite')
    const postgresTarget = await emptyDatabase('postgres')
    try {
      const fromPostgres = path.join(dir, 'from-postgres.steward-backup.gz')
      await writeBackup(source(), fromPostgres)
      await restoreBackup(embedded.handle, fromPostgres)
      const expected = await contents(source())
      expect(await contents(embedded.handle)).toEqual(expected)

      const fromEmbedded = path.join(dir, 'from-embedded.steward-backup.gz')
      await writeBackup(embedded.handle, fromEmbedded)
      await restoreBackup(postgresTarget.handle, fromEmbedded, { url: postgresTarget.url })
      expect(await contents(postgresTarget.handle)).toEqual(expected)
      expect(await whatPeopleSee(postgresTarget.handle)).toEqual(await whatPeopleSee(source()))
    } finally {
      await embedded.dispose()
      await postgresTarget.dispose()
    }
  })

  test('a truncated or altered backup is refused with one line and writes nothing', async () => {
    await loadDemo({ now: new Date('2026-11-20T10:00:00Z') })
    const file = path.join(dir, 'whole.steward-backup.gz')
    await writeBackup(source(), file)
    const bytes = readFileSync(file)

    const truncated = path.join(dir, 'truncated.steward-backup.gz')
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    // A clean cut at a line boundary, recompressed: the gzip stream is valid, the trailer is missing.
    const lines = gunzipSync(bytes).toString('utf8').split('\n')
    const cut = path.join(dir, 'cut.steward-backup.gz')
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n'))
    // One character of one row changed, recompressed: a valid file whose checksum no longer matches.
    const altered = path.join(dir, 'altered.steward-backup.gz')
    const index = lines.findIndex((line) => line.includes('"amount": '))
    lines[index] = lines[index].replace(/"amount": ?(\d)/, (_m, d) => `"amount": ${(Number(d) + 1) % 10}`)
    writeFileSync(altered, gzipSync(lines.join('\n')))

    for (const [bad, reason] of [
      [truncated, /damaged or incomplete/],
      [cut, /incomplete: it ends before/],
      [altered, /has been altered/],
    ] as const) {
      const target = await emptyDatabase(source().kind)
      try {
        const error = await restoreBackup(target.handle, bad, { url: target.url }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(BackupError)
        expect((error as Error).message).toMatch(reason)
        expect((error as Error).message).not.toContain('\n')
        // Nothing written: not even the schema.
        const { rows } = await target.handle.execute(`select count(*)::int as n from pg_tables where schemaname = 'public'`, [])
        expect(rows[0].n).toBe(0)
      } finally {
        await target.dispose()
      }
    }
  })

  test('a database that already holds data is refused, and so is a backup from a newer Steward', async () => {
    await loadDemo({ now: new Date('2026-11-20T10:00:00Z') })
    const file = path.join(dir, 'refused.steward-backup.gz')
    await writeBackup(source(), file)
    // Restoring onto itself: the database has rows.
    await expect(restoreBackup(source(), file, { url: testDatabaseUrl() })).rejects.toThrow(/not empty \(table \w+ has rows\)/)

    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n')
    const header = JSON.parse(lines[0])
    header.migrations.push({ when: 4102444800000, hash: 'f'.repeat(64) }) // 2100-01-01: a migration this version cannot know
    lines[0] = JSON.stringify(header)
    // Re-sign the file as a newer Steward would have written it.
    const body = lines.slice(0, -1).map((l) => `${l}\n`)
    const trailer = JSON.parse(lines.at(-1)!)
    trailer.sha256 = (await import('node:crypto')).createHash('sha256').update(body.join('')).digest('hex')
    const newer = path.join(dir, 'newer.steward-backup.gz')
    writeFileSync(newer, gzipSync(body.join('') + JSON.stringify(trailer) + '\n'))
    const target = await emptyDatabase(source().kind)
    try {
      await expect(restoreBackup(target.handle, newer, { url: target.url })).rejects.toThrow(/made by a newer Steward/)
    } finally {
      await target.dispose()
    }
  })

  test('a backup made before the latest migrations restores and is brought up to date', async () => {
    const journal = readMigrationJournal()
    const older = await emptyDatabase(source().kind)
    const target = await emptyDatabase(source().kind)
    try {
      // A database at the first migration only, with one user and one audit event in it.
      await migrateDatabase(older.handle, older.url, { upTo: journal[0].when })
      await older.handle.execute(
        `insert into users (id, email, name) values ('00000000-0000-4000-8000-000000000001', 'old@example.org', 'Old Timer')`,
        [],
      )
      const file = path.join(dir, 'older.steward-backup.gz')
      const written = await writeBackup(older.handle, file)
      expect(written.schema).toBe(journal[0].tag)
      await restoreBackup(target.handle, file, { url: target.url })
      const { rows } = await target.handle.execute(`select email from users`, [])
      expect(rows).toEqual([{ email: 'old@example.org' }])
      const { rows: applied } = await target.handle.execute(`select count(*)::int as n from drizzle.__drizzle_migrations`, [])
      expect(applied[0].n).toBe(journal.length)
    } finally {
      await older.dispose()
      await target.dispose()
    }
  })
})

test('tables load parents first; a table that points at itself fills that column in afterwards', () => {
  const keys = [
    { table: 'donations', column: 'donor_id', references: 'donors' },
    { table: 'donors', column: 'merged_into_id', references: 'donors' },
    { table: 'donors', column: 'created_by_id', references: 'users' },
    { table: 'public.audit_events', column: 'actor_id', references: 'users' },
  ]
  const { order, deferred } = loadOrder(['audit_events', 'donations', 'donors', 'users'], keys)
  expect(order.indexOf('users')).toBeLessThan(order.indexOf('donors'))
  expect(order.indexOf('donors')).toBeLessThan(order.indexOf('donations'))
  expect(order.indexOf('users')).toBeLessThan(order.indexOf('audit_events'))
  expect(deferred).toEqual([{ table: 'donors', column: 'merged_into_id' }])
})
