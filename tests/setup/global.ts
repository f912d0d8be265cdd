import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** a gzipped PGlite data directory with every migration applied ('' on PostgreSQL) */
    pgliteTemplate: string
  }
}

/**
 * Runs once per `vitest run`: migrates one PGlite and saves its data directory, so every test
 * file starts from a copy in a fraction of a second instead of migrating again.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', '')
    return
  }
  const pglite = await PGlite.create()
  await migrate(drizzle(pglite), { migrationsFolder: fileURLToPath(new URL('../../db/migrations', import.meta.url)) })
  const dump = await pglite.dumpDataDir('gzip')
  await pglite.close()
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-template-'))
  const file = path.join(dir, 'pglite.tar.gz')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
