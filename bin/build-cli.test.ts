// The bundled command line runs with plain Node from build/cli/ and finds the project's files
// (migrations, demo data, the build) from there, as production processes start it.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectPath } from '#app/utils/project-root.server.ts'
import { buildCli } from './build-cli.ts'

// a folder of its own beside build/cli, the same depth, so a build running at the same time is untouched
// (build/ itself may not exist yet: on a clean clone `npm test` runs before the first build)
mkdirSync(projectPath('build'), { recursive: true })
const outDir = mkdtempSync(projectPath('build', 'cli-test-'))
const bundle = path.join(outDir, 'steward.mjs')
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-bundle-'))

beforeAll(async () => {
  await buildCli(bundle)
}, 60_000)

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

const run = (args: string[]) =>
  execFileSync(process.execPath, [bundle, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', STEWARD_DATA_DIR: dataDir, TZ: 'UTC' },
    encoding: 'utf8',
  })

describe('the bundled command line', () => {
  it('runs with plain Node and lists its commands', () => {
    const help = run(['--help'])
    expect(help).toContain('serve')
    expect(help).toContain('worker')
  })

  it('applies the migrations from db/migrations and adds a user, from build/', () => {
    run(['migrate'])
    const add = () =>
      execFileSync(process.execPath, [bundle, 'user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'admin'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          STEWARD_DATA_DIR: dataDir,
          STEWARD_PASSWORD: 'correct horse battery staple 42',
        },
        encoding: 'utf8',
        stdio: 'pipe',
      })
    // prints the new user's id
    expect(add().trim()).toMatch(/^[0-9a-f-]{36}$/)
    // the user is in the database: a second account with the same address is refused
    expect(add).toThrow(/already/i)
  }, 60_000)
})
