import type { Command } from 'commander'
import { statSync } from 'node:fs'
import path from 'node:path'
import { closeDatabase } from '#db/client.server.ts'
import { BackupError, restoreBackup, verifyBackup, writeBackup } from '#db/backup.server.ts'
import { backupFileName } from '#db/backup-files.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { openConfiguredDatabase } from '#server/database.ts'
import { CliError, withDatabase } from '../context.ts'

const describe = (summary: { tables: number; rows: number; schema: string | null }) =>
  `${summary.rows} rows in ${summary.tables} tables, schema ${summary.schema ?? 'empty'}`

export function registerBackup(program: Command) {
  program
    .command('backup')
    .description('write a consistent snapshot of every table to one compressed file that either database driver can restore')
    .option('--out <file>', 'where to write it (default: ./steward-<time>-manual.steward-backup.gz)')
    .action(async (options: { out?: string }) => {
      const file = path.resolve(options.out ?? backupFileName('manual'))
      const summary = await withDatabase('backup', (handle) => writeBackup(handle, file))
      console.log(`Backup written to ${file}: ${describe(summary)}, ${statSync(file).size} bytes.`)
    })

  program
    .command('restore')
    .description('load a backup into an empty database (the embedded one, or PostgreSQL with DATABASE_URL)')
    .argument('<file>', 'a file written by `steward backup`')
    .option('--check', 'only check the file, write nothing')
    .action(async (file: string, options: { check?: boolean }) => {
      try {
        if (options.check) {
          console.log(`${file} is a complete backup: ${describe(await verifyBackup(file))}.`)
          return
        }
        const env = getEnv()
        // Not migrated on open: the restore brings the schema to the backup's version first.
        const handle = await openConfiguredDatabase(env, 'steward restore', { migrate: false })
        try {
          const summary = await restoreBackup(handle, file, { url: env.DATABASE_URL, onProgress: (line) => console.log(line) })
          console.log(
            `Restored ${describe(summary)} into ${handle.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${env.STEWARD_DATA_DIR}`}.`,
          )
        } finally {
          await closeDatabase()
        }
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message)
        throw error
      }
    })
}
