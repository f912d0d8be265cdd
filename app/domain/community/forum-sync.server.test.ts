// The forum sync against the Discourse stand-in: adding a source (checked first, nothing written
// on failure, credentials encrypted), full and incremental syncs ending with exactly the
// stand-in's data, an unchanged forum costing one request, kills at any request resumed, and
// faults (429 of both kinds, 500, 502, hang-up) waited out.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { asc, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, communitySources, forumPosts, forumTopics } from '#db/schema/index.ts'
import {
  acceptAnswer,
  addGroup,
  addPost,
  addTopic,
  addUser,
  closeTopic,
  type FakeForum,
  generateForum,
  PostType,
} from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { listForumTriageQueue } from './forum-triage.server.ts'
import { addDiscourseSource, addImapSource, readSourceSecret, removeSource, requireSource } from './sources.server.ts'
import { syncSources } from './sources-sync.server.ts'

setupTestDatabase()

const KEY = Buffer.alloc(32, 7).toString('base64')
let fake: FakeDiscourse
let forum: FakeForum
let clock: ReturnType<typeof fakeClock>

function setKey(key: string | undefined) {
  if (key === undefined) delete process.env.STEWARD_SECRET_KEY
  else process.env.STEWARD_SECRET_KEY = key
  resetEnv()
}

/** What the forum shows an anonymous reader: every visible topic with its non-whisper posts. */
function expectedData(dataset: FakeForum) {
  const name = (id: number) => dataset.users.find((u) => u.id === id)!.username
  const topics = dataset.topics
    .filter((t) => t.visible)
    .map((t) => ({ topicId: t.id, title: t.title, closed: t.closed, authorUsername: name(t.userId) }))
    .sort((a, b) => a.topicId - b.topicId)
  const posts = dataset.topics
    .filter((t) => t.visible)
    .flatMap((t) =>
      t.posts
        .filter((p) => p.postType !== PostType.whisper)
        .map((p) => ({ postId: p.id, topicId: t.id, postNumber: p.postNumber, username: name(p.userId), postType: p.postType })),
    )
    .sort((a, b) => a.postId - b.postId)
  return { topics, posts }
}

/** A topic triage holds: open, not archived, not solved, and no regular reply by anyone but its author. */
function isWaiting(dataset: FakeForum, topic: FakeForum['topics'][number]) {
  if (!topic.visible || topic.closed || topic.archived || topic.acceptedAnswerPostId !== null) return false
  return !topic.posts.some((p) => p.postNumber > 1 && p.postType === PostType.regular && p.userId !== topic.userId)
}
const waitingTopics = (dataset: FakeForum) => dataset.topics.filter((t) => isWaiting(dataset, t)).length

async function storedData() {
  const topics = await db
    .select({
      topicId: forumTopics.topicId,
      title: forumTopics.title,
      closed: forumTopics.closed,
      authorUsername: forumTopics.authorUsername,
    })
    .from(forumTopics)
    .orderBy(asc(forumTopics.topicId))
  const posts = await db
    .select({
      postId: forumPosts.postId,
      topicId: forumPosts.topicId,
      postNumber: forumPosts.postNumber,
      username: forumPosts.username,
      postType: forumPosts.postType,
    })
    .from(forumPosts)
    .orderBy(asc(forumPosts.postId))
  return { topics, posts }
}

const clientOptions = () => ({ now: clock.now, sleep: clock.sleep, timeoutMs: 2_000, backoffMs: 10 })

async function resetForumData() {
  await db.delete(forumPosts)
  await db.delete(forumTopics)
  await db.delete(communitySources)
}

beforeAll(() => setKey(KEY))
afterAll(() => setKey(undefined))
beforeEach(async () => {
  clock = fakeClock()
  // 45 topics: two listing pages; a few long threads (more than one chunk of 20 posts), whispers, closes.
  forum = generateForum({ seed: 7, topics: 45 })
  fake = await createFakeDiscourse({ dataset: forum, apiKey: 'k3y' })
  await resetForumData()
})
afterEach(() => fake.close())

describe('adding a forum', () => {
  it('reads its title, stores the API key encrypted and audits the change without the value', async () => {
    process.env.TEST_DISCOURSE_KEY = 'k3y'
    const source = await addDiscourseSource({
      url: `${fake.url}/`,
      apiUsername: 'system',
      apiKey: { value: 'k3y' },
      categories: ['q-a'],
      actorId: null,
      connect: { discourse: clientOptions() },
    })
    expect(source.name).toBe('PyBaMM Forum')
    expect(source.url).toBe(fake.url)
    expect(source.apiKeyEncrypted).toMatch(/^v1\./)
    expect(source.maintainerGroups).toEqual(['staff'])
    expect(readSourceSecret(source, 'apiKey')).toBe('k3y')
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, source.id))
    expect(JSON.stringify(audit)).not.toContain('k3y')
    expect(JSON.stringify(audit)).not.toContain(source.apiKeyEncrypted)
    expect((audit[0].after as { credential: string }).credential).toBe('stored')
  })

  it('refuses an address that does not answer like Discourse, and writes nothing', async () => {
    const other: Server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    await expect(addDiscourseSource({ url, actorId: null, connect: { discourse: clientOptions() } })).rejects.toThrow(
      `${url} does not answer like a Discourse forum (HTTP 404 for /site/basic-info.json): check the address.`,
    )
    await new Promise((resolve) => other.close(resolve))
    expect(await db.select().from(communitySources)).toEqual([])
  })

  it('refuses a category the forum does not have, and a key without STEWARD_SECRET_KEY', async () => {
    await expect(
      addDiscourseSource({ url: fake.url, categories: ['nope'], actorId: null, connect: { discourse: clientOptions() } }),
    ).rejects.toThrow(/has no category “nope”/)
    setKey(undefined)
    try {
      await expect(addDiscourseSource({ url: fake.url, apiUsername: 'system', apiKey: { value: 'k3y' }, actorId: null })).rejects.toThrow(
        /^Set STEWARD_SECRET_KEY to store credentials/,
      )
    } finally {
      setKey(KEY)
    }
    expect(await db.select().from(communitySources)).toEqual([])
  })

  it('refuses a refused IMAP login in one line, and writes nothing', async () => {
    process.env.TEST_IMAP_PASSWORD = 'wrong'
    await expect(
      addImapSource({
        host: 'mail.example.org',
        user: 'project',
        password: { envVar: 'TEST_IMAP_PASSWORD' },
        projectAddresses: ['hello@example.org'],
        actorId: null,
        connect: {
          probeMailbox: async () => ({
            ok: false,
            kind: 'auth',
            reason: 'mail.example.org:993 refused the login for project: check the user name and the password.',
          }),
        },
      }),
    ).rejects.toThrow('mail.example.org:993 refused the login for project')
    expect(await db.select().from(communitySources)).toEqual([])
  })
})

async function addForum() {
  return addDiscourseSource({ url: fake.url, actorId: null, connect: { discourse: clientOptions() } })
}

describe('syncing a forum', () => {
  it('ends with exactly the stand-in’s data; then an unchanged forum costs one request; then only what changed is read', async () => {
    const source = await addForum()
    const first = await syncSources({ forum: clientOptions() })
    expect(first.ok).toBe(true)
    expect(await storedData()).toEqual(expectedData(forum))
    const stored = await requireSource(source.id)
    expect(stored.status).toBe('succeeded')
    // Without an API key the automatic group staff is not visible: a note, not a failure.
    expect(first.sources[0].warnings[0]).toMatch(/automatic group “staff” only to signed-in users/)

    // Unchanged: the listing (1) only. The topics still waiting for a reply are looked at again by
    // id (closing and solving do not bump a topic), but only once they were not for 6 hours (ADR 021).
    const waiting = waitingTopics(forum)
    expect(waiting).toBeGreaterThan(0)
    const unchanged = await syncSources({ forum: clientOptions() })
    // the listing only: the topics still waiting were looked at less than 6 hours ago
    expect(unchanged.requests).toBe(1)
    expect(unchanged.sources[0].items).toBe(0)

    const topic = forum.topics[10]
    addUser(forum, { username: 'newcomer' })
    addPost(forum, topic.id, { author: 'newcomer', at: '2026-08-21T08:00:00Z' })
    addTopic(forum, { title: 'A brand new question', author: 'newcomer', at: '2026-08-21T08:30:00Z' })
    const closedWasWaiting = isWaiting(forum, forum.topics[3])
    closeTopic(forum, forum.topics[3].id, 'maintainer1', '2026-08-21T08:40:00Z')
    // seven hours on: the waiting topics are due to be looked at again
    await db.update(forumTopics).set({ syncedAt: sql`${forumTopics.syncedAt} - interval '7 hours'` })
    const changed = await syncSources({ forum: clientOptions() })
    // The listing (1), /site.json for category names (1), staff members refused (1), two topics (2),
    // the waiting topics by id (1). The closed topic is not bumped (a small action): the walk does
    // not see it; the look by id does when it was waiting, and then reads it (1).
    expect(changed.sources[0].items).toBe(closedWasWaiting ? 3 : 2)
    expect(changed.requests).toBe(6 + (closedWasWaiting ? 1 : 0))
    const after = await storedData()
    expect(after.posts).toEqual(
      expectedData(forum).posts.filter(
        (p) => closedWasWaiting || !(p.topicId === forum.topics[3].id && p.postType === PostType.smallAction),
      ),
    )
  })

  it('drops a waiting topic from triage once it is closed or solved, though neither bumps it', async () => {
    const asker = 'asker'
    addUser(forum, { username: asker })
    // Newer than every generated topic (their activity ends 2026-08-20): the listing's first page.
    const closing = addTopic(forum, { title: 'Install fails on Windows', author: asker, at: '2026-08-21T06:00:00Z' })
    const solving = addTopic(forum, { title: 'How do I set the ambient temperature?', author: asker, at: '2026-08-21T06:10:00Z' })
    // The asker answers their own question: still no reply from anyone else, so it waits.
    addPost(forum, solving.id, { author: asker, at: '2026-08-21T06:30:00Z' })
    const source = await addForum()
    await syncSources({ forum: clientOptions() })
    const now = new Date('2026-08-21T09:00:00Z')
    const queued = async () =>
      (await listForumTriageQueue({ now, targetHours: 48, sourceId: source.id })).map((t) => t.number).filter((n) => n >= closing.id)
    expect(await queued()).toEqual([closing.id, solving.id])

    // A moderator closes one (a small action post: last_posted_at moves, bumped_at does not);
    // the asker accepts their own reply on the other (Solved: no post, no bump).
    closeTopic(forum, closing.id, 'maintainer1', '2026-08-21T08:00:00Z')
    acceptAnswer(forum, solving.id, 2, asker)
    // Seven hours later (waiting topics are looked at again after six):
    await db.update(forumTopics).set({ syncedAt: sql`${forumTopics.syncedAt} - interval '7 hours'` })
    const before = fake.requests.length
    const next = await syncSources({ forum: clientOptions() })
    expect(next.ok).toBe(true)
    // The listing shows nothing newer than the watermark (1); the waiting topics by id (1) show
    // both changed; each is read (2), in the listing's order (the self-answer bumped `solving`).
    // The stored category names serve, and the maintainers were read at the last change.
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual([
      '/latest.json',
      '/latest.json',
      `/t/${solving.id}.json`,
      `/t/${closing.id}.json`,
    ])
    expect(next.requests).toBe(4)
    expect(next.sources[0].items).toBe(2)
    expect(await queued()).toEqual([])
    const [closed] = await db.select().from(forumTopics).where(eq(forumTopics.topicId, closing.id))
    const [solved] = await db.select().from(forumTopics).where(eq(forumTopics.topicId, solving.id))
    expect([closed.closed, closed.acceptedAnswerPostNumber]).toEqual([true, null])
    expect([solved.closed, solved.acceptedAnswerPostNumber]).toEqual([false, 2])
    expect(await storedData()).toEqual(expectedData(forum))

    // Nothing changed since: the next sync costs the listing alone (every waiting topic was just looked at).
    const again = await syncSources({ forum: clientOptions() })
    expect(again.sources[0].items).toBe(0)
    expect(again.requests).toBe(1)
  })

  it('learns the maintainers from the source’s groups', async () => {
    addGroup(forum, { name: 'helpers', usernames: ['user1', 'user2'] })
    const source = await addDiscourseSource({
      url: fake.url,
      maintainerGroups: ['pybamm-maintainers', 'helpers'],
      actorId: null,
      connect: { discourse: clientOptions() },
    })
    await syncSources({ forum: clientOptions() })
    expect((await requireSource(source.id)).maintainerUsernames).toEqual([
      'admin1',
      'maintainer1',
      'maintainer2',
      'maintainer3',
      'maintainer4',
      'maintainer5',
      'maintainer6',
      'user1',
      'user2',
    ])
  })

  it('resumes after a kill at any request and ends with exactly the stand-in’s data', async () => {
    const source = await addForum()
    // How many requests a whole first sync takes.
    const total = (await syncSources({ forum: clientOptions() })).requests
    expect(total).toBeGreaterThan(45)
    for (let killAt = 1; killAt <= total; killAt += 4) {
      await db.delete(forumPosts)
      await db.delete(forumTopics)
      await db.update(communitySources).set({ syncState: {}, status: 'idle' }).where(eq(communitySources.id, source.id))
      let sent = 0
      // The process freezes for good at request `killAt`: its sync never finishes.
      const freezing: typeof fetch = (input, init) => (++sent >= killAt ? new Promise<Response>(() => {}) : fetch(input, init))
      void syncSources({ forum: { ...clientOptions(), fetch: freezing, timeoutMs: 60_000 } })
      await new Promise((resolve) => setTimeout(resolve, 0))
      await waitFor(() => sent >= killAt)
      const resumed = await syncSources({ forum: clientOptions() })
      expect(resumed.ok, `killed at request ${killAt}`).toBe(true)
      expect(await storedData(), `killed at request ${killAt}`).toEqual(expectedData(forum))
    }
  })

  it('waits out 429s (per-IP and API key), retries 500, 502 and hang-ups, and ends with exactly the stand-in’s data', async () => {
    await addForum()
    fake.faults.retryAfterSeconds = 7
    fake.faults.next = ['rate-limit', 'http-500', 'hang-up', 'admin-rate-limit', 'http-502', 'rate-limit']
    const result = await syncSources({ forum: clientOptions() })
    expect(result.ok).toBe(true)
    expect(await storedData()).toEqual(expectedData(forum))
    // Three 429s waited 7 s each; three faults backed off 10, 20 and 40 ms (doubling per attempt of one request).
    expect(clock.sleeps.filter((ms) => ms === 7_000)).toHaveLength(3)
  })

  it('stops on a server that keeps failing, says so in plain words, and the next sync resumes', async () => {
    const source = await addForum()
    fake.faults.next = Array<'http-500'>(10).fill('http-500')
    const failed = await syncSources({ forum: { ...clientOptions(), maxAttempts: 3 } })
    expect(failed.ok).toBe(false)
    expect(failed.sources[0].error).toBe(`Could not reach ${fake.url} after 3 attempts: ${fake.url} answered HTTP 500.`)
    const stored = await requireSource(source.id)
    expect(stored.status).toBe('failed')
    expect(stored.lastError).toBe(failed.sources[0].error)
    fake.faults.next = []
    expect((await syncSources({ forum: clientOptions() })).ok).toBe(true)
    expect(await storedData()).toEqual(expectedData(forum))
    expect((await requireSource(source.id)).lastError).toBeNull()
  })

  it('keeps the data of a removed forum and stops syncing it; a mailbox whose password is missing fails with one line', async () => {
    const source = await addForum()
    await syncSources({ forum: clientOptions() })
    await removeSource({ id: source.id, actorId: null })
    process.env.TEST_IMAP_PASSWORD = 'secret'
    const mailbox = await addImapSource({
      host: 'mail.example.org',
      user: 'project',
      password: { envVar: 'TEST_IMAP_PASSWORD' },
      projectAddresses: ['Hello@Example.org'],
      actorId: null,
      connect: {
        probeMailbox: async () => ({
          ok: true,
          folders: [],
          sentFolder: { path: 'Sent', name: 'Sent', specialUse: '\\Sent', selectable: true },
        }),
      },
    })
    expect(mailbox.projectAddresses).toEqual(['hello@example.org'])
    expect(mailbox.passwordEnv).toBe('TEST_IMAP_PASSWORD')
    // the variable is gone: the mailbox fails before connecting anywhere (no test touches the internet)
    delete process.env.TEST_IMAP_PASSWORD
    const result = await syncSources({ forum: clientOptions() })
    expect(result.sources.map((s) => s.source)).toEqual(['project on mail.example.org'])
    expect(result.sources[0]!.error).toMatch(/TEST_IMAP_PASSWORD/)
    expect((await requireSource(mailbox.id)).status).toBe('failed')
    expect((await storedData()).topics).toHaveLength(45)
  })
})

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 2_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  if (!condition()) throw new Error('timed out waiting')
}
