// `identity merge|list|undo` through the real CLI (child processes on one embedded database the
// test seeds with a few contributors first).
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { closeDatabase, migrateDatabase, openDatabase, setDatabase } from '#db/client.server.ts'
import { insertCommit, insertForumPost, insertForumSource, insertRepository } from '#tests/factories/community-health.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-identity-'))

async function steward(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', STEWARD_DATA_DIR: dataDir },
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  const handle = await openDatabase({ kind: 'pglite', dataDir, command: 'identity test' })
  await migrateDatabase(handle)
  setDatabase(handle)
  const repo = await insertRepository()
  await insertCommit(repo.id, { author: 'ann', at: new Date('2026-01-12T09:00:00Z') })
  await insertCommit(repo.id, { author: 'Ann Smith', at: new Date('2026-01-20T09:00:00Z'), linked: false })
  const forum = await insertForumSource()
  await insertForumPost(forum.id, { username: 'annie', at: new Date('2026-01-08T09:00:00Z') })
  await closeDatabase()
}, 120_000)

describe('steward identity …', { timeout: 300_000 }, () => {
  test('merges identities, lists them, undoes a merge; refusals are one line and change nothing', async () => {
    const empty = await steward(['identity', 'list'])
    expect(empty.stdout.trim()).toBe(
      'No identities merged yet. Merge two with `npm run steward -- identity merge github:LOGIN forum:USERNAME`.',
    )

    const merged = await steward(['identity', 'merge', 'github:Ann', 'commit:Ann Smith'])
    expect(merged.stderr).toBe('')
    const mergeId = merged.stdout.match(/Merge id ([0-9a-f-]{36})\./)![1]!
    expect(merged.stdout.trim()).toBe(
      `Merged github:ann and commit:Ann Smith: one person now (github:ann, commit:Ann Smith). Merge id ${mergeId}.`,
    )
    const second = await steward(['identity', 'merge', 'forum:annie', 'email:ann@example.org'])
    const secondId = second.stdout.match(/Merge id ([0-9a-f-]{36})\./)![1]!

    const unknown = await steward(['identity', 'merge', 'github:nobody', 'forum:annie'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr.trim()).toBe('steward: No contributor with the GitHub login “nobody” in the synced repositories.')
    const unreadable = await steward(['identity', 'merge', 'ann', 'forum:annie'])
    expect(unreadable.code).toBe(1)
    expect(unreadable.stderr.trim()).toBe(
      'steward: “ann” is not an identity. Write it as github:LOGIN, commit:AUTHOR NAME, forum:USERNAME or email:ADDRESS.',
    )

    const listed = await steward(['identity', 'list'])
    const lines = listed.stdout.trim().split('\n')
    expect(lines.slice(0, 3)).toEqual(['People:', '  github:ann  commit:Ann Smith', '  forum:annie  email:ann@example.org'])
    expect(lines[3]).toBe('Merges:')
    expect(lines[4]).toMatch(
      new RegExp(`^  ${secondId}  forum:annie \\+ email:ann@example.org  merged \\S+ by the command line; can be undone$`),
    )
    expect(lines[5]).toMatch(new RegExp(`^  ${mergeId}  github:ann \\+ commit:Ann Smith  merged \\S+ by the command line; can be undone$`))

    const undone = await steward(['identity', 'undo', mergeId])
    expect(undone.stdout.trim()).toBe('Undid the merge of github:ann and commit:Ann Smith: github:ann; commit:Ann Smith.')
    const again = await steward(['identity', 'undo', mergeId])
    expect(again.code).toBe(1)
    expect(again.stderr.trim()).toBe('steward: The merge of github:ann and commit:Ann Smith was already undone.')
    const notAnId = await steward(['identity', 'undo', 'last'])
    expect(notAnId.stderr.trim()).toBe('steward: "last" is not a merge id (`identity list` shows them)')

    const after = await steward(['identity', 'list'])
    expect(after.stdout).toContain('  forum:annie  email:ann@example.org\n')
    expect(after.stdout).not.toContain('  github:ann  commit:Ann Smith\n')
    expect(after.stdout).toMatch(new RegExp(`${mergeId}  github:ann \\+ commit:Ann Smith  merged \\S+ by the command line; undone `))
  })
})
