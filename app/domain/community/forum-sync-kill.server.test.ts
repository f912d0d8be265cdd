// A forum sync killed for real (SIGKILL of its process, between or during requests, while a topic's
// posts are being read or written) and resumed by another process ends with exactly the forum's
// data: on PostgreSQL (with DATABASE_URL) and on the embedded database in a data directory, as
// `npm start` runs it. forum-sync.server.test.ts freezes the sync in-process at every request;
// this one kills the process.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { asc } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Database, db, openDatabase, type OpenOptions } from '#db/client.server.ts'
import { forumPosts, forumTopics } from '#db/schema/sources.ts'
import { addPost, addTopic, addUser, createForum, type FakeForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'

const CHILD = fileURLToPath(new URL('../../../tests/setup/forum-sync-child.ts', import.meta.url))

/**
 * 33 topics written by hand: topic k (1–32) has its opening post and k mod 3 replies, so
 * 32 openings + (10 × (1 + 2 + 0) + 1 + 2 = 33) replies = 65 posts; topic 33 is a long thread of
 * 1 + 44 = 45 posts (the first 20 come with the topic, the other 25 by id in two requests).
 * 33 topics, 65 + 45 = 110 posts. The listing has two pages (30 topics, then 3).
 */
function handForum(): FakeForum {
  const forum = createForum()
  for (const username of ['ann', 'bob', 'cat', 'maintainer1']) addUser(forum, { username })
  const people = ['ann', 'bob', 'cat', 'maintainer1']
  const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 5, 1 + n, hour))
  for (let k = 1; k <= 32; k++) {
    const topic = addTopic(forum, { title: `Question number ${k}`, author: people[k % 3], at: day(k) })
    for (let r = 1; r <= k % 3; r++) addPost(forum, topic.id, { author: people[(k + r) % 4], at: day(k, 9 + r) })
  }
  const long = addTopic(forum, { title: 'A long discussion about thermal models', author: 'ann', at: day(33) })
  for (let r = 1; r <= 44; r++) addPost(forum, long.id, { author: people[r % 4], at: new Date(day(33).getTime() + r * 60_000) })
  return forum
}

async function stored(handle: Database) {
  const topics = await handle
    .select({ topicId: forumTopics.topicId, title: forumTopics.title })
    .from(forumTopics)
    .orderBy(asc(forumTopics.topicId))
  const posts = await handle
    .select({ postId: forumPosts.postId, topicId: forumPosts.topicId, postNumber: forumPosts.postNumber })
    .from(forumPosts)
    .orderBy(asc(forumPosts.postId))
  return { topics, posts }
}

/** Runs the child; with `killAt`, kills it with SIGKILL when it announces that request. */
async function runChild(database: OpenOptions, args: { command: 'add' | 'sync'; url: string; sourceId?: string }, killAt?: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ database, ...args })], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  })
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (killAt !== undefined && output.split('\n').some((l) => l.startsWith(`REQUEST ${killAt} `))) child.kill('SIGKILL')
  })
  const how = await exited
  const expected = killAt === undefined ? 0 : 'SIGKILL'
  if (how !== expected) throw new Error(`the child ended (${how}), expected ${expected}:\n${output}\n${errors}`)
  return output
}

setupTestDatabase()
let fake: FakeDiscourse
let dataDir: string
beforeAll(async () => {
  fake = await createFakeDiscourse({ dataset: handForum() })
  dataDir = mkdtempSync(path.join(tmpdir(), 'steward-forum-kill-'))
})
afterAll(async () => {
  await fake?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('a forum sync killed with SIGKILL mid-sync resumes in another process to exactly the forum’s data', async () => {
  const url = testDatabaseUrl()
  const database: OpenOptions = url ? { kind: 'postgres', url, max: 2 } : { kind: 'pglite', dataDir, command: 'forum kill test' }
  const sourceId = (await runChild(database, { command: 'add', url: fake.url })).match(/SOURCE (\S+)/)![1]
  const forum = handForum()
  const expected = {
    topics: forum.topics.map((t) => ({ topicId: t.id, title: t.title })),
    posts: forum.topics.flatMap((t) => t.posts.map((p) => ({ postId: p.id, topicId: t.id, postNumber: p.postNumber }))),
  }
  expect(expected.topics).toHaveLength(33)
  expect(expected.posts).toHaveLength(110)

  const reset = async () => {
    const handle = url ? { db, close: async () => {} } : await openDatabase(database)
    try {
      await handle.db.delete(forumPosts)
      await handle.db.delete(forumTopics)
      await handle.db.execute(`update community_sources set sync_state = '{}', status = 'idle'`)
    } finally {
      await handle.close()
    }
  }
  // A whole sync: the listing's 2 pages, /site.json, the staff group's members (refused to an
  // anonymous reader), 33 topics and the long thread's other 25 posts in 2 requests = 39.
  expect(await runChild(database, { command: 'sync', url: fake.url, sourceId })).toMatch(/^DONE 33 39$/m)
  await reset()
  // Killed at a listing page, among the topics, at the long thread, and at its last posts.
  for (const killAt of [2, 17, 37, 39]) {
    const killed = await runChild(database, { command: 'sync', url: fake.url, sourceId }, killAt)
    expect(killed).toContain(`REQUEST ${killAt} `)
    const done = await runChild(database, { command: 'sync', url: fake.url, sourceId })
    expect(done, `killed at request ${killAt}`).toMatch(/^DONE \d+ \d+$/m)
    const handle = url ? { db, close: async () => {} } : await openDatabase(database)
    try {
      const data = await stored(handle.db)
      expect(data.topics.length, `killed at request ${killAt}`).toBe(33)
      expect(data.posts.length, `killed at request ${killAt}`).toBe(110)
      expect(data, `killed at request ${killAt}`).toEqual(expected)
    } finally {
      await handle.close()
    }
    // the next kill starts from nothing again
    await reset()
  }
}, 600_000)
