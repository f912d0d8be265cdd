// `source add|list|remove` and `sync sources` through the real CLI (child processes on one fresh
// embedded database), against the Discourse stand-in.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-sources-'))

async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir, ...env },
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let fake: FakeDiscourse
beforeAll(async () => {
  fake = await createFakeDiscourse({ dataset: generateForum({ seed: 3, topics: 35 }) })
})
afterAll(() => fake.close())

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
      'steward: no sources to sync: add one with `npm run steward -- source add discourse URL` or `source add imap …`',
    )
  })
})
