// Where the embedded installation keeps its own backups, and how many it keeps.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { writeBackup, type BackupSummary } from './backup.server.ts'
import type { DatabaseHandle } from './client.server.ts'

export const BACKUP_SUFFIX = '.steward-backup.gz'

/** A file name that sorts by time: steward-2026-11-29T08-30-00Z-daily.steward-backup.gz */
export function backupFileName(reason: string, now = new Date()) {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
  return `steward-${stamp}-${reason}${BACKUP_SUFFIX}`
}

/**
 * Writes a backup into `<data dir>/backups` and keeps the newest `keep` of that reason (the daily
 * ones and the ones taken before migrations are counted apart, so a run of upgrades never pushes
 * out the dailies).
 */
export async function backupIntoDataDir(
  handle: DatabaseHandle,
  options: { dataDir: string; reason: 'daily' | string; keep: number; now?: Date },
): Promise<BackupSummary> {
  const folder = path.join(options.dataDir, 'backups')
  mkdirSync(folder, { recursive: true })
  const summary = await writeBackup(handle, path.join(folder, backupFileName(options.reason, options.now)))
  const mine = readdirSync(folder)
    .filter((name) => name.endsWith(`-${options.reason}${BACKUP_SUFFIX}`))
    .sort()
  for (const old of mine.slice(0, Math.max(0, mine.length - options.keep))) rmSync(path.join(folder, old), { force: true })
  return summary
}
