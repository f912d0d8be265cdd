import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))

/** Runs the real CLI in a child process on a fresh embedded database. */
async function steward(args: string[], env: Record<string, string> = {}) {
  const dataDir = env.STEWARD_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'steward-cli-'))
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir, ...env },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr, dataDir }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, dataDir }
  }
}

// Each command starts a Node process that opens an embedded database: seconds each, more on a busy machine.
describe('steward CLI', { timeout: 120_000 }, () => {
  test('user add prints the new id; the same email again fails with one line', async () => {
    const first = await steward(['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'fundraising,council'], {
      STEWARD_PASSWORD: 'correct-horse-battery',
    })
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/)
    const again = await steward(['user', 'add', '--email', 'ADA@example.org', '--name', 'Ada', '--role', 'council'], {
      STEWARD_PASSWORD: 'correct-horse-battery',
      STEWARD_DATA_DIR: first.dataDir,
    })
    expect(again.code).toBe(1)
    expect(again.stderr.trim()).toBe('steward: A user with the email ada@example.org already exists')
  })

  test('bad input is refused before anything is written', async () => {
    const badRole = await steward(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'wizard'], {
      STEWARD_PASSWORD: 'correct-horse-battery',
    })
    expect(badRole.code).toBe(1)
    expect(badRole.stderr).toMatch(/^steward: --role: /)
    const noPassword = await steward(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'council'], {
      STEWARD_PASSWORD: '',
    })
    expect(noPassword.code).toBe(1)
    expect(noPassword.stderr.trim()).toBe('steward: no password: set STEWARD_PASSWORD or run the command in a terminal to be asked for it')
  })

  test('a bad configuration value stops start-up naming the variable', async () => {
    const result = await steward(['migrate'], { PORT: 'eighty' })
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe('steward: Invalid configuration: PORT must be a port number')
  })

  test('the embedded database is never opened by two processes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-'))
    // This test process stands in for a running server holding the folder.
    writeFileSync(
      path.join(dataDir, 'steward.lock'),
      JSON.stringify({ pid: process.pid, command: 'steward serve', startedAt: new Date().toISOString() }),
    )
    const result = await steward(['migrate'], { STEWARD_DATA_DIR: dataDir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`is in use by another Steward process (pid ${process.pid}, steward serve)`)
  })

  test('demo load refuses a database with real accounts, and NODE_ENV=production, in one line', async () => {
    const real = await steward(['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'admin'], {
      STEWARD_PASSWORD: 'correct-horse-battery',
    })
    expect(real.code).toBe(0)
    const beside = await steward(['demo', 'load'], { STEWARD_DATA_DIR: real.dataDir })
    expect(beside.code).toBe(1)
    expect(beside.stderr.trim()).toBe(
      'steward: refusing to load the demo into a database with 1 real account(s) (the demo people have published passwords); add --force to load it anyway',
    )
    const production = await steward(['demo', 'load'], { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })
    expect(production.code).toBe(1)
    expect(production.stderr.trim()).toMatch(/^steward: refusing to load the demo .* with NODE_ENV=production; add --force/)
  })

  // Sixteen child processes, each only starting Node and printing the help: longer than the others.
  test('every command has --help', { timeout: 300_000 }, async () => {
    for (const command of [
      [],
      ['serve'],
      ['worker'],
      ['migrate'],
      ['user', 'add'],
      ['demo', 'load'],
      ['funding', 'connect'],
      ['funding', 'list'],
      ['sync', 'funding'],
      ['source', 'add'],
      ['source', 'add', 'discourse'],
      ['source', 'add', 'imap'],
      ['source', 'list'],
      ['source', 'remove'],
      ['sync', 'sources'],
      ['identity', 'merge'],
    ]) {
      const result = await steward([...command, '--help'])
      expect(result.code, command.join(' ')).toBe(0)
      expect(result.stdout).toMatch(/^Usage: steward/)
    }
  })
})
