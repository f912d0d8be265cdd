import { z } from 'zod'
import { backupIntoDataDir } from '#db/backup-files.server.ts'
import { getDatabase } from '#db/client.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/**
 * Daily: the embedded database writes a backup into <data dir>/backups and keeps the newest
 * STEWARD_BACKUP_KEEP. PostgreSQL installations back up with their server's own tools (or
 * `steward backup` from cron).
 */
export const embeddedBackupJob = defineJob({
  name: QUEUES.embeddedBackup,
  payload: z.object({}).loose(),
  schedule: { cron: '41 2 * * *', timeZone: 'UTC' },
  async handler() {
    const handle = getDatabase()
    const env = getEnv()
    if (handle.kind !== 'pglite') return { skipped: 'PostgreSQL' }
    if (env.STEWARD_BACKUP_KEEP === 0) return { skipped: 'STEWARD_BACKUP_KEEP=0' }
    const summary = await backupIntoDataDir(handle, { dataDir: env.STEWARD_DATA_DIR, reason: 'daily', keep: env.STEWARD_BACKUP_KEEP })
    return { file: summary.file, rows: summary.rows }
  },
})
