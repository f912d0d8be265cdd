// `source add|list|remove` and `sync sources` through the real CLI (child processes on one fresh
// embedded database), against the Discourse and GitHub stand-ins.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-sources-'))

async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        STEWARD_DATA_DIR: dataDir,
        GITHUB_TOKEN: 'cli-token',
        GITHUB_GRAPHQL_URL: github.url,
        ...env,
      },
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let fake: FakeDiscourse
let github: FakeGithub
beforeAll(async () => {
  fake = await createFakeDiscourse({ dataset: generateForum({ seed: 3, topics: 35 }) })
  // 8 issues, 3 pull requests, 2 discussions, 5 commits: each kind in one page
  github = await startFakeGithub({
    dataset: generateDataset({ issues: 8, pullRequests: 3, discussions: 2, commits: 5, owner: 'cli', name: 'sources' }),
    token: 'cli-token',
  })
})
afterAll(async () => {
  await fake.close()
  await github?.stop()
})

describe('steward source …', { timeout: 300_000 }, () => {
  test('adds a forum, lists it, syncs it with progress, then removes it; bad configuration is one line and writes nothing', async () => {
    const notForum = await steward(['source', 'add', 'discourse', 'http://127.0.0.1:9/'], {})
    expect(notForum.code).toBe(1)
    expect(notForum.stderr.trim().split('\n')).toHaveLength(1)
    expect(notForum.stderr).toMatch(/^steward: Could not reach http:\/\/127\.0\.0\.1:9 after 2 attempts: /)

    const noKey = await steward([
      'source',
      'add',
      'imap',
      '--host',
      'mail.example.org',
      '--user',
      'u',
      '--password-env',
      'NOT_SET_ANYWHERE',
      '--project-address',
      'hello@example.org',
    ])
    expect(noKey.code).toBe(1)
    expect(noKey.stderr.trim()).toBe(
      'steward: The environment variable NOT_SET_ANYWHERE, named as the credential for source:' +
        noKey.stderr.match(/source:([0-9a-f-]{36})/)![1] +
        ":password, is not set in Steward's environment.",
    )

    const empty = await steward(['source', 'list'])
    expect(empty.stdout).toContain('No sources yet')

    const added = await steward(['source', 'add', 'discourse', fake.url, '--category', 'q-a'])
    expect(added.code).toBe(0)
    const id = added.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]
    expect(added.stdout).toContain(`Following Discourse forum “PyBaMM Forum” ${fake.url}`)

    const listed = await steward(['source', 'list'])
    expect(listed.stdout).toContain(`${id} · Discourse forum “PyBaMM Forum” ${fake.url} · never synced`)

    const synced = await steward(['sync', 'sources'])
    expect(synced.code).toBe(0)
    expect(synced.stdout).toMatch(/PyBaMM Forum: \d+ topics written — done \(\d+ requests\)/)
    expect(synced.stdout).toMatch(/PyBaMM Forum: done, \d+ items written/)

    const again = await steward(['sync', 'sources', '--id', id])
    // Unchanged: one listing request, nothing written.
    expect(again.stdout).toContain('PyBaMM Forum: done, 0 items written, 1 request')

    const removed = await steward(['source', 'remove', id])
    expect(removed.stdout).toContain('is no longer synced; its data stays.')
    const nothing = await steward(['sync', 'sources'])
    expect(nothing.code).toBe(1)
    expect(nothing.stderr.trim()).toBe(
      'steward: no sources to sync: add one with `npm run steward -- repo add OWNER/NAME`, `source add discourse URL` or `source add imap …`',
    )
  })

  test('syncs a GitHub repository with the forum, as `sync github` reports it; a repository by id or OWNER/NAME; a failing one in one line', async () => {
    // a data folder of its own: the first test's forum is not in it
    const own = { STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-cli-sources-all-')) }
    const forum = await steward(['source', 'add', 'discourse', fake.url], own)
    const forumId = forum.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]
    expect((await steward(['repo', 'add', 'cli/sources'], own)).code).toBe(0)

    // `source list` shows the repository with its id, before the forums and mailboxes
    const listed = await steward(['source', 'list'], own)
    const repoLine = listed.stdout.split('\n').find((l) => l.includes('GitHub repository cli/sources'))!
    expect(repoLine).toMatch(/^[0-9a-f-]{36} · GitHub repository cli\/sources · never synced$/)
    const repoId = repoLine.slice(0, 36)
    expect(listed.stdout.indexOf(repoId)).toBeLessThan(listed.stdout.indexOf(forumId))

    const synced = await steward(['sync', 'sources'], own)
    expect(synced.code).toBe(0)
    const lines = synced.stdout.trim().split('\n')
    // `sync github`'s progress lines, then the forum's
    expect(lines).toContain('cli/sources issues: 8 of 8 — done (1 request)')
    expect(lines).toContain('cli/sources commits: 5 of 5 — done (1 request)')
    // one request per kind: 5
    expect(lines).toContain('cli/sources: 5 requests (stars, forks and watchers 1, issues 1, pull requests 1, discussions 1, commits 1)')
    expect(lines.find((l) => /^GitHub requests used: 5(;|$)/.test(l))).toBeTruthy()
    // the forum's 35 topics, all visible
    expect(lines.find((l) => l.startsWith('PyBaMM Forum: done, 35 items written'))).toBeTruthy()
    expect(lines.indexOf('cli/sources issues: 8 of 8 — done (1 request)')).toBeLessThan(
      lines.findIndex((l) => l.startsWith('PyBaMM Forum:')),
    )

    for (const id of [repoId, 'cli/sources']) {
      const one = await steward(['sync', 'sources', '--id', id], own)
      expect(one.code).toBe(0)
      expect(one.stdout).toContain('cli/sources: 5 requests')
      expect(one.stdout).not.toContain('PyBaMM Forum')
    }

    // GitHub does not know this one: it fails in one line, the others still sync, the exit code says so
    expect((await steward(['repo', 'add', 'nobody/nothing'], own)).code).toBe(0)
    const failing = await steward(['sync', 'sources'], own)
    expect(failing.code).toBe(1)
    const failed = failing.stdout.split('\n').filter((l) => l.includes('failed:'))
    expect(failed).toEqual([
      expect.stringMatching(/^ {2}Stars, forks and watchers failed: .*Could not resolve to a Repository with the name 'nobody\/nothing'/),
    ])
    expect(failing.stdout).toContain('cli/sources: 5 requests')
    expect(failing.stdout).toContain('PyBaMM Forum: done, 0 items written, 1 request')
    expect(failing.stderr.trim()).toBe('steward: some sources failed (see above); the next sync resumes where they stopped')
  })
})
