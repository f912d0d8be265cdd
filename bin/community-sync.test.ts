// `sync github` and `sync sources` through the real CLI (child processes on one fresh embedded
// database) leave the /community summaries current, as the jobs' syncs do (ADR 022): after each
// sync the usual periods' rows (the last 30 and 90 days, every repository and source) exist at the
// community data version the sync left.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server.ts'
import { generateForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-community-sync-'))
const DAY = 86_400_000

let github: FakeGithub
let discourse: FakeDiscourse

async function steward(args: string[]) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir, GITHUB_TOKEN: 'cli-token', GITHUB_GRAPHQL_URL: github.url },
    timeout: 120_000,
  })
  return stdout
}

/** The data version and the summary rows, read from the data folder once the command has exited. */
async function readSummaries() {
  const handle = await openDatabase({ kind: 'pglite', dataDir, command: 'test' })
  try {
    const [version] = (await handle.execute('select version from community_data_version where id = 1')).rows
    const rows = (await handle.execute('select key, version from community_summaries order by key')).rows
    return {
      version: Number(version?.version ?? 0),
      summaries: rows.map((r) => {
        const key = JSON.parse(String(r.key)) as { page: string; start: string; end: string; repositoryId: string | null; source: unknown }
        return {
          version: Number(r.version),
          page: key.page,
          days: Math.round((Date.parse(key.end) - Date.parse(key.start)) / DAY),
          repositoryId: key.repositoryId,
          source: key.source,
        }
      }),
    }
  } finally {
    await handle.close()
  }
}

beforeAll(async () => {
  const dataset = generateDataset({ issues: 40, pullRequests: 30, discussions: 10, commits: 20, owner: 'cli', name: 'summaries' })
  github = await startFakeGithub({ dataset, token: 'cli-token' })
  discourse = await createFakeDiscourse({ dataset: generateForum({ seed: 5, topics: 20 }) })
})
afterAll(async () => {
  await github?.stop()
  await discourse?.close()
})

describe('steward sync … keeps the /community summaries current', { timeout: 300_000 }, () => {
  test('after `sync github` and after `sync sources`, the last 30 and 90 days are summarised at the current data version', async () => {
    await steward(['repo', 'add', 'cli/summaries'])
    expect(await steward(['sync', 'github'])).toContain('GitHub requests used:')
    const afterGithub = await readSummaries()
    // Something was written, so the version moved past 0; both usual periods (30 and 90 days,
    // every repository and source) and the contributors table of the last 90 days are stored at
    // exactly that version, and nothing else.
    expect(afterGithub.version).toBeGreaterThan(0)
    const usual = (version: number) => [
      { version, page: 'community', days: 30, repositoryId: null, source: { kind: 'all' } },
      { version, page: 'community', days: 90, repositoryId: null, source: { kind: 'all' } },
      { version, page: 'contributors', days: 90, repositoryId: null, source: undefined },
    ]
    const ordered = (summaries: { days: number; page: string }[]) =>
      summaries.sort((a, b) => a.page.localeCompare(b.page) || a.days - b.days)
    expect(ordered(afterGithub.summaries)).toEqual(usual(afterGithub.version))

    await steward(['source', 'add', 'discourse', discourse.url])
    expect(await steward(['sync', 'sources'])).toMatch(/done, \d+ items written/)
    const afterSources = await readSummaries()
    // The forum's topics and posts raised the version again; the summaries followed it.
    expect(afterSources.version).toBeGreaterThan(afterGithub.version)
    expect(ordered(afterSources.summaries)).toEqual(usual(afterSources.version))
  })
})
