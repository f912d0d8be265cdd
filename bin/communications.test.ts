// The publishing commands end to end: the real CLI in child processes on one embedded database,
// against the Mastodon and Bluesky stand-ins running in this test process.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createFakeBluesky, type FakeBluesky } from '#tests/fakes/bluesky/server.ts'
import { createFakeMastodon, type FakeMastodon } from '#tests/fakes/mastodon/server.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-publish-'))
let mastodon: FakeMastodon
let bluesky: FakeBluesky

async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir, STEWARD_SECRET_KEY: 'c'.repeat(64), ...env },
      timeout: 180_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  mastodon = await createFakeMastodon()
  bluesky = await createFakeBluesky()
})
afterAll(async () => {
  await mastodon.close()
  await bluesky.close()
})

describe('steward channel / post / publish', { timeout: 1_200_000 }, () => {
  test('channels are added and connected, a post is scheduled on both, `publish due` publishes each once', async () => {
    const fosstodon = await steward(['channel', 'add', '--kind', 'mastodon', '--name', 'Fosstodon', '--instance', mastodon.url])
    expect(fosstodon.code, fosstodon.stderr).toBe(0)
    const sky = await steward([
      'channel',
      'add',
      '--kind',
      'bluesky',
      '--name',
      'Bluesky',
      '--handle',
      'pybamm.bsky.social',
      '--service',
      bluesky.url,
    ])
    expect(sky.code, sky.stderr).toBe(0)

    const wrong = await steward(['channel', 'connect', 'Fosstodon', '--token-env', 'MASTODON_TOKEN'], { MASTODON_TOKEN: 'nope' })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr.trim()).toBe(
      'steward: Not connected: Mastodon refused the access token while checking the access token (HTTP 401: “The access token is invalid”). Connect the channel again with a new token.',
    )
    const m = await steward(['channel', 'connect', 'Fosstodon', '--token-env', 'MASTODON_TOKEN', '--language', 'en'], {
      MASTODON_TOKEN: 'token',
    })
    expect(m.stdout.trim()).toBe('Connected as @steward@mastodon.example; posts up to 500 characters.')
    const b = await steward(['channel', 'connect', sky.stdout.trim(), '--app-password-env', 'BSKY'], { BSKY: 'abcd-efgh-ijkl-mnop' })
    expect(b.stdout.trim()).toBe('Connected as pybamm.bsky.social; posts up to 300 characters.')

    const list = await steward(['channel', 'list'])
    expect(list.stdout).toContain('Bluesky      Bluesky  connected as pybamm.bsky.social')
    expect(list.stdout).toContain('Mastodon     Fosstodon  connected as @steward@mastodon.example')
    expect(list.stdout).not.toContain('abcd-efgh')

    // 301 graphemes: Bluesky counts 300 at most
    const tooLong = await steward([
      'post',
      'add',
      '--channel',
      'Fosstodon,Bluesky',
      '--text',
      'x'.repeat(301),
      '--at',
      '2026-01-01T09:00:00Z',
    ])
    expect(tooLong.code).toBe(1)
    expect(tooLong.stderr.trim()).toBe('steward: The Bluesky text has 301 characters; Bluesky allows 300. Remove 1.')

    const due = await steward([
      'post',
      'add',
      '--channel',
      'Fosstodon,Bluesky',
      '--text',
      'Hello from the CLI https://pybamm.org',
      '--at',
      '2026-01-01T09:00:00Z',
    ])
    expect(due.code, due.stderr).toBe(0)
    const later = await steward(['post', 'add', '--channel', 'Fosstodon', '--text', 'Not yet', '--at', '2099-01-01T09:00:00Z'])
    expect(later.code, later.stderr).toBe(0)

    const first = await steward(['publish', 'due'])
    expect(first.stdout.trim()).toBe('published 2, to try again 0, failed 0')
    const second = await steward(['publish', 'due'])
    expect(second.stdout.trim()).toBe('published 0, to try again 0, failed 0')

    // exactly one status and one record for the post; nothing for the 2099 one. The 422 is the
    // connection check's empty probe (the wrong token stopped at verify_credentials, before it)
    const statusPosts = mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
    expect(statusPosts.map((r) => r.status)).toEqual([422, 200])
    expect(mastodon.statuses.size).toBe(1)
    expect(bluesky.requests.filter((r) => r.nsid === 'com.atproto.repo.createRecord').map((r) => r.status)).toEqual([200])
    expect(bluesky.records.size).toBe(1)
    expect([...bluesky.records.values()][0].value.text).toBe('Hello from the CLI https://pybamm.org')
  })
})
