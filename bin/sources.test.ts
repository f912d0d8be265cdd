// `source add|list|remove` and `sync sources` through the real CLI (child processes on one fresh
// embedded database), against the Discourse stand-in (a public forum and a private one that needs
// the API key), the GitHub stand-in and a real Dovecot holding the seeded project mailbox
// (tests/setup/project-mailbox.ts).
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { PROJECT_MAILBOX, PROJECT_PASSWORD, PROJECT_USER } from '#tests/setup/project-mailbox.ts'
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

/** Rows in the CLI's embedded database, read between two commands (PGlite is single-user: no command runs meanwhile). */
async function countRows() {
  const database = await PGlite.create(dataDir)
  try {
    const count = async (table: string) => (await database.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n
    return { sources: await count('community_sources'), audit: await count('audit_events') }
  } finally {
    await database.close()
  }
}

/** Every stored column of every source and its audit rows, as text, to look for a credential's value in. */
async function storedText() {
  const database = await PGlite.create(dataDir)
  try {
    const sources = await database.query('select * from community_sources')
    const audit = await database.query(`select * from audit_events where entity = 'community_source'`)
    return { sources: sources.rows as Array<Record<string, unknown>>, text: JSON.stringify([sources.rows, audit.rows]) }
  } finally {
    await database.close()
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
      "steward: The environment variable NOT_SET_ANYWHERE, named as the credential, is not set in Steward's environment.",
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

describe('steward source add discourse, a private forum', { timeout: 300_000 }, () => {
  const KEY = 'private-forum-key-7f3a9c'
  let privateForum: FakeDiscourse
  beforeAll(async () => {
    privateForum = await createFakeDiscourse({ dataset: generateForum({ seed: 4, topics: 12 }), loginRequired: true, apiKey: KEY })
  })
  afterAll(() => privateForum.close())

  test('stores the name of the key’s variable, never the key, and every sync request carries the key', async () => {
    const before = await countRows()
    const added = await steward(
      ['source', 'add', 'discourse', privateForum.url, '--api-username', 'system', '--api-key-env', 'FORUM_API_KEY'],
      { FORUM_API_KEY: KEY },
    )
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)
    const id = added.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]!
    // one source and its audit row
    expect(await countRows()).toEqual({ sources: before.sources + 1, audit: before.audit + 1 })

    const stored = await storedText()
    expect(stored.sources.find((s) => s.id === id)).toMatchObject({
      api_username: 'system',
      api_key_env: 'FORUM_API_KEY',
      api_key_encrypted: null,
    })
    expect(stored.text).not.toContain(KEY)
    const listed = await steward(['source', 'list'])
    expect(listed.stdout).toContain(
      `${id} · Discourse forum “PyBaMM Forum” ${privateForum.url} · never synced · credential: env:FORUM_API_KEY`,
    )
    expect(listed.stdout).not.toContain(KEY)

    // The key is read from the variable at sync time: without it, one line saying which variable.
    privateForum.requests.length = 0
    const unset = await steward(['sync', 'sources', '--id', id])
    expect(unset.code).toBe(1)
    expect(unset.stdout).toContain('The environment variable FORUM_API_KEY')
    expect(privateForum.requests).toEqual([])

    const synced = await steward(['sync', 'sources', '--id', id], { FORUM_API_KEY: KEY })
    expect(synced.code).toBe(0)
    expect(synced.stdout).toMatch(/PyBaMM Forum: done, \d+ items written/)
    // The stand-in logs the user a request acted as only when its Api-Key header was the forum's key
    // (a wrong or missing key is 403 or anonymous): every request of the sync carried it.
    expect(privateForum.requests.length).toBeGreaterThan(1)
    expect(privateForum.requests.filter((r) => r.user !== 'system' || r.status !== 200)).toEqual([])
  })
})

describeWithDovecot('steward source add imap, against a real Dovecot', () => {
  let dovecot: DovecotServer
  beforeAll(async () => {
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD } })
    await dovecot.append(PROJECT_USER, PROJECT_MAILBOX)
  }, 60_000)
  afterAll(() => dovecot?.stop())

  const addImap = (env: Record<string, string>, user = PROJECT_USER) =>
    steward(
      [
        'source',
        'add',
        'imap',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.port),
        '--no-tls',
        '--user',
        user,
        '--password-env',
        'MAILBOX_PASSWORD',
        '--project-address',
        'help@project.org',
        '--project-address',
        'ann@project.org',
      ],
      env,
    )

  test(
    'a refused login and a missing password are one line each and write nothing; the right one is added, listed and synced',
    { timeout: 300_000 },
    async () => {
      // (the first command creates and migrates the database when this test runs alone)
      expect((await steward(['source', 'list'])).code).toBe(0)
      const before = await countRows()

      const refused = await addImap({ MAILBOX_PASSWORD: 'not-the-password' })
      expect(refused.code).toBe(1)
      expect(refused.stderr.trim().split('\n')).toHaveLength(1)
      expect(refused.stderr.trim()).toBe(
        `steward: 127.0.0.1:${dovecot.port} refused the login for ${PROJECT_USER} ("Authentication failed."): check the user name and the password.`,
      )
      expect(refused.stderr).not.toContain('not-the-password')

      const missing = await addImap({})
      expect(missing.code).toBe(1)
      expect(missing.stderr.trim().split('\n')).toHaveLength(1)
      expect(missing.stderr.trim()).toMatch(
        /^steward: The environment variable MAILBOX_PASSWORD, named as the credential, is not set in Steward's environment\.$/,
      )

      expect(await countRows()).toEqual(before)

      const added = await addImap({ MAILBOX_PASSWORD: PROJECT_PASSWORD })
      expect(added.stderr).toBe('')
      expect(added.code).toBe(0)
      const id = added.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]!
      expect(added.stdout).toContain(`Following Mailbox (IMAP) “${PROJECT_USER} on 127.0.0.1” ${PROJECT_USER}@127.0.0.1:${dovecot.port}`)
      expect(await countRows()).toEqual({ sources: before.sources + 1, audit: before.audit + 1 })
      const stored = await storedText()
      expect(stored.sources.find((s) => s.id === id)).toMatchObject({
        password_env: 'MAILBOX_PASSWORD',
        password_encrypted: null,
        tls: false,
      })
      expect(stored.text).not.toContain(PROJECT_PASSWORD)

      const listed = await steward(['source', 'list'])
      expect(listed.stdout).toContain(
        `${id} · Mailbox (IMAP) “${PROJECT_USER} on 127.0.0.1” ${PROJECT_USER}@127.0.0.1:${dovecot.port} · never synced · credential: env:MAILBOX_PASSWORD`,
      )

      const synced = await steward(['sync', 'sources', '--id', id], { MAILBOX_PASSWORD: PROJECT_PASSWORD })
      expect(synced.stderr).toBe('')
      expect(synced.code).toBe(0)
      // Monday's seed: 12 messages (INBOX and Sent), each written once
      expect(synced.stdout).toContain(`${PROJECT_USER} on 127.0.0.1: done, ${PROJECT_MAILBOX.length} items written`)
      const relisted = await steward(['source', 'list'])
      expect(relisted.stdout).toMatch(new RegExp(`${id} · .* · last synced \\d{4}-\\d\\d-\\d\\dT`))
    },
  )
})
