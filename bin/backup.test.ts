import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))

/** Runs the real CLI in a child process on an embedded database in `dataDir`. */
async function steward(dataDir: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir, STEWARD_PASSWORD: 'correct-horse-battery', ...env },
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test(
  'steward backup and steward restore move an installation to a new data folder; a second restore is refused',
  { timeout: 240_000 },
  async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'steward-backup-cli-'))
    const first = path.join(work, 'first')
    const second = path.join(work, 'second')
    expect((await steward(first, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'admin'])).code).toBe(0)

    const file = path.join(work, 'moved.steward-backup.gz')
    const backup = await steward(first, ['backup', '--out', file])
    expect(backup.stderr).toBe('')
    expect(backup.stdout).toMatch(/^Backup written to .*moved\.steward-backup\.gz: \d+ rows in \d+ tables, schema \d{4}_\w+, \d+ bytes\.$/m)

    expect((await steward(second, ['restore', file, '--check'])).stdout).toMatch(/is a complete backup: \d+ rows/)
    const restore = await steward(second, ['restore', file])
    expect(restore.code).toBe(0)
    expect(restore.stdout).toMatch(/Restored \d+ rows in \d+ tables, schema \w+ into the embedded database/)
    // The restored installation knows Ada: adding her again is refused.
    const again = await steward(second, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'admin'])
    expect(again.stderr.trim()).toBe('steward: A user with the email ada@example.org already exists')

    const twice = await steward(second, ['restore', file])
    expect(twice.code).toBe(1)
    expect(twice.stderr.trim()).toMatch(
      /^steward: the database is not empty \(table \w+ has rows\): restore only into a new, empty database/,
    )
    expect((await steward(second, ['restore', path.join(work, 'missing.gz')])).stderr.trim()).toBe(
      `steward: ${path.join(work, 'missing.gz')}: no such file`,
    )
    // Nothing of this went through the automatic backups: those are the worker's and the upgrade's.
    expect(existsSync(path.join(second, 'backups')) ? readdirSync(path.join(second, 'backups')) : []).toEqual([])
  },
)
