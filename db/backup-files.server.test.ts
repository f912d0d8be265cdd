import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { getEnv } from '#app/utils/env.server.ts'
import { openConfiguredDatabase } from '#server/database.ts'
import { embeddedBackupJob } from '#jobs/embedded-backup.ts'
import { backupIntoDataDir } from './backup-files.server.ts'
import { closeDatabase, migrateDatabase, openDatabase, readMigrationJournal } from './client.server.ts'

const embedded = test.skipIf(Boolean(process.env.DATABASE_URL))

embedded('the daily backup keeps the newest ones of its kind and leaves the others alone', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-backups-'))
  const handle = await openDatabase({ kind: 'pglite-memory' })
  try {
    await migrateDatabase(handle)
    const day = (n: number) => new Date(Date.UTC(2026, 10, n, 2, 41))
    await backupIntoDataDir(handle, { dataDir, reason: 'before-migrations', keep: 2, now: day(1) })
    for (const n of [2, 3, 4]) await backupIntoDataDir(handle, { dataDir, reason: 'daily', keep: 2, now: day(n) })
    // Three dailies with keep = 2: the oldest (the 2nd) goes; the upgrade's backup is counted apart.
    expect(readdirSync(path.join(dataDir, 'backups')).sort()).toEqual([
      'steward-2026-11-01T02-41-00Z-before-migrations.steward-backup.gz',
      'steward-2026-11-03T02-41-00Z-daily.steward-backup.gz',
      'steward-2026-11-04T02-41-00Z-daily.steward-backup.gz',
    ])
  } finally {
    await handle.close()
  }
})

embedded(
  'an upgrade backs up an embedded database that holds data before it migrates; a new one is not backed up',
  { timeout: 120_000 },
  async () => {
    const env = getEnv()
    const upgraded = mkdtempSync(path.join(tmpdir(), 'steward-upgrade-'))
    const older = await openDatabase({ kind: 'pglite', dataDir: upgraded })
    await migrateDatabase(older, undefined, { upTo: readMigrationJournal()[0].when })
    await older.execute(`insert into users (email, name) values ('ada@example.org', 'Ada')`, [])
    await older.close()

    const lines: string[] = []
    await openConfiguredDatabase({ ...env, STEWARD_DATA_DIR: upgraded }, 'test', { log: (line) => lines.push(line) })
    await closeDatabase()
    const files = readdirSync(path.join(upgraded, 'backups'))
    expect(files).toHaveLength(readMigrationJournal().length > 1 ? 1 : 0)
    expect(files[0]).toMatch(/-before-migrations\.steward-backup\.gz$/)
    expect(lines[0]).toMatch(/^Backed up the embedded database before applying 0001_/)

    const fresh = mkdtempSync(path.join(tmpdir(), 'steward-fresh-'))
    await openConfiguredDatabase({ ...env, STEWARD_DATA_DIR: fresh }, 'test', { log: (line) => lines.push(line) })
    await closeDatabase()
    expect(readdirSync(fresh)).not.toContain('backups')
  },
)

embedded('the daily job writes into the data folder of the running installation', { timeout: 120_000 }, async () => {
  const env = getEnv()
  await openConfiguredDatabase(env, 'test')
  try {
    const result = (await embeddedBackupJob.handler({}, { attempt: 1 })) as { file: string }
    expect(path.dirname(result.file)).toBe(path.join(env.STEWARD_DATA_DIR, 'backups'))
    expect(readdirSync(path.join(env.STEWARD_DATA_DIR, 'backups'))).toEqual([path.basename(result.file)])
  } finally {
    await closeDatabase()
  }
})
