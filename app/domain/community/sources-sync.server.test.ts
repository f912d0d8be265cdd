// `sync sources` syncs every source of every kind in one call: a GitHub repository (the GraphQL
// stand-in), a Discourse forum (the Discourse stand-in) and a project mailbox (a real Dovecot with
// the seeded project mailbox, tests/setup/project-mailbox.ts); a source that fails is reported in
// one line and the others still run.
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { commits, githubItems, syncStates } from '#db/schema/community.ts'
import { emailMessages } from '#db/schema/mailbox.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/sources.ts'
import { addPost, addTopic, addUser, createForum, type FakeForum } from '#tests/fakes/discourse/dataset.ts'
import { createFakeDiscourse, type FakeDiscourse } from '#tests/fakes/discourse/server.ts'
import { fakeClock } from '#tests/fakes/github/clock.ts'
import { generateDataset } from '#tests/fakes/github/dataset.ts'
import { type FakeGithub, startFakeGithub } from '#tests/fakes/github/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { describeWithDovecot, type DovecotServer, startDovecot } from '#tests/setup/dovecot.ts'
import { PROJECT_ADDRESSES, PROJECT_MAILBOX, PROJECT_MAILBOX_MORE, PROJECT_PASSWORD, PROJECT_USER } from '#tests/setup/project-mailbox.ts'
import { GithubClient } from '#app/integrations/github/client.server.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { addRepository, deactivateRepository } from './repositories.server.ts'
import { addDiscourseSource, addImapSource } from './sources.server.ts'
import { type SourceSyncProgress, syncSources } from './sources-sync.server.ts'
import type { SyncProgress } from './github-ingestion.server.ts'

/** A small forum written by hand: three topics, seven posts (3 openings + 4 replies). */
function handForum(): FakeForum {
  const forum = createForum()
  for (const username of ['ann', 'bob', 'maintainer1']) addUser(forum, { username })
  const install = addTopic(forum, { title: 'Install fails on Windows', author: 'ann', at: '2026-08-01T10:00:00Z' })
  addPost(forum, install.id, { author: 'maintainer1', at: '2026-08-01T12:00:00Z' })
  addPost(forum, install.id, { author: 'ann', at: '2026-08-01T13:00:00Z' })
  const solver = addTopic(forum, { title: 'Which solver for a DFN model?', author: 'bob', at: '2026-08-02T09:00:00Z' })
  addPost(forum, solver.id, { author: 'ann', at: '2026-08-02T10:00:00Z' })
  addPost(forum, solver.id, { author: 'bob', at: '2026-08-02T11:00:00Z' })
  addTopic(forum, { title: 'Thank you for 25.1', author: 'bob', at: '2026-08-03T09:00:00Z' })
  return forum
}

describeWithDovecot('sync sources: a repository, a forum and a mailbox in one call', () => {
  setupTestDatabase()
  const clock = fakeClock()
  let github: FakeGithub
  let discourse: FakeDiscourse
  let dovecot: DovecotServer
  const savedKey = process.env.STEWARD_SECRET_KEY
  // 12 issues, 5 pull requests, 3 discussions, 4 commits: every kind fits in one page of 100.
  const dataset = generateDataset({ issues: 12, pullRequests: 5, discussions: 3, commits: 4, owner: 'pybamm-team', name: 'PyBaMM' })
  const githubClient = () => new GithubClient({ url: github.url, token: 't', now: clock.now, sleep: clock.sleep })
  const forumClient = { now: clock.now, sleep: clock.sleep, timeoutMs: 2_000, backoffMs: 10 }

  beforeAll(async () => {
    process.env.STEWARD_SECRET_KEY = Buffer.alloc(32, 9).toString('base64')
    resetEnv()
    github = await startFakeGithub({ dataset, now: clock.now })
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD } })
    await dovecot.append(PROJECT_USER, [...PROJECT_MAILBOX, ...PROJECT_MAILBOX_MORE])
  })
  beforeEach(async () => {
    discourse = await createFakeDiscourse({ dataset: handForum() })
  })
  afterAll(async () => {
    await github?.stop()
    await discourse?.close()
    await dovecot?.stop()
    if (savedKey === undefined) delete process.env.STEWARD_SECRET_KEY
    else process.env.STEWARD_SECRET_KEY = savedKey
    resetEnv()
  })

  async function addAll() {
    const repository = await addRepository({ owner: 'pybamm-team', name: 'PyBaMM', actorId: null })
    const forum = await addDiscourseSource({ url: discourse.url, actorId: null, connect: { discourse: forumClient } })
    const mailbox = await addImapSource({
      host: '127.0.0.1',
      port: dovecot.port,
      tls: false,
      user: PROJECT_USER,
      password: { value: PROJECT_PASSWORD },
      projectAddresses: PROJECT_ADDRESSES,
      actorId: null,
    })
    return { repository, forum, mailbox }
  }

  const rows = async (table: typeof githubItems | typeof commits | typeof forumTopics | typeof forumPosts | typeof emailMessages) =>
    (await db.select({ n: count() }).from(table))[0].n

  it('syncs all three with progress and exact counts; then one by id, a repository also by OWNER/NAME', async () => {
    const { repository, forum, mailbox } = await addAll()
    const githubProgress: SyncProgress[] = []
    const progress: SourceSyncProgress[] = []
    const result = await syncSources({
      forum: forumClient,
      imap: { batchSize: 10 },
      github: { client: githubClient() },
      now: clock.date,
      onGithubProgress: (p) => githubProgress.push(p),
      onProgress: (p) => progress.push(p),
    })
    expect(result.ok).toBe(true)
    expect(result.skipped).toEqual([])
    // GitHub: one request per kind (repository, issues, pull requests, discussions, commits) = 5.
    expect(result.repositories).toMatchObject([{ repository: 'pybamm-team/PyBaMM', ok: true, requests: 5 }])
    expect(result.repositories[0].kinds.map((k) => [k.kind, k.written])).toEqual([
      ['repository', 1],
      ['issue', 12],
      ['pull_request', 5],
      ['discussion', 3],
      ['commit', 4],
    ])
    // 12 issues + 5 pull requests + 3 discussions = 20 items; 4 commits
    expect(await rows(githubItems)).toBe(20)
    expect(await rows(commits)).toBe(4)
    expect(githubProgress.filter((p) => p.finished).map((p) => p.kind)).toEqual([
      'repository',
      'issue',
      'pull_request',
      'discussion',
      'commit',
    ])

    // The forum: 3 topics, 3 + 2 + 2 + 0 … = 3 openings + 4 replies = 7 posts. Its requests: the
    // listing (1), /site.json for category names (1), the staff group's members (1, refused to an
    // anonymous reader: a note), and each topic (3) = 6.
    const forumReport = result.sources.find((s) => s.sourceId === forum.id)!
    expect(forumReport).toMatchObject({ ok: true, kind: 'discourse', items: 3, requests: 6 })
    expect(await rows(forumTopics)).toBe(3)
    expect(await rows(forumPosts)).toBe(7)

    // The mailbox: INBOX 8 + 8 = 16, Sent 4 + 4 = 8 — 24 messages; IMAP requests are not counted.
    const mailboxReport = result.sources.find((s) => s.sourceId === mailbox.id)!
    expect(mailboxReport).toMatchObject({ ok: true, kind: 'imap', items: 24, requests: 0, error: null })
    expect(await rows(emailMessages)).toBe(24)
    expect(progress.filter((p) => p.finished).map((p) => p.kind)).toEqual(['discourse', 'imap'])

    // every service's requests together: 5 GitHub + 6 forum + 0 IMAP
    expect(result.requests).toBe(11)

    // One by id: only that source runs; the repository also by its OWNER/NAME, any case.
    const forumOnly = await syncSources({ id: forum.id, forum: forumClient, github: { client: githubClient() }, now: clock.date })
    expect(forumOnly.repositories).toEqual([])
    // unchanged, and its one waiting topic (“Thank you for 25.1”) looked at less than 6 hours ago: the listing only
    expect(forumOnly.sources).toMatchObject([{ sourceId: forum.id, items: 0, requests: 1 }])
    for (const id of [repository.id, 'PyBaMM-team/pybamm']) {
      const repoOnly = await syncSources({ id, github: { client: githubClient() }, now: clock.date })
      expect(repoOnly.sources).toEqual([])
      // unchanged: still one request per kind
      expect(repoOnly.repositories).toMatchObject([{ repository: 'pybamm-team/PyBaMM', ok: true, requests: 5 }])
    }

    await deactivateRepository({ id: repository.id, actorId: null })
    await expect(syncSources({ id: repository.id })).rejects.toThrow('pybamm-team/PyBaMM is no longer tracked: add it again to sync it.')
    await expect(syncSources({ id: 'not-an-id' })).rejects.toThrow(
      "“not-an-id” is neither a source's id nor a repository's OWNER/NAME: `source list` shows them.",
    )
  })

  it('a failing repository and a failing forum are each reported in one line; the mailbox is still synced', async () => {
    const { forum, mailbox } = await addAll()
    // A second repository GitHub does not know; the forum answers HTTP 500 to everything.
    await addRepository({ owner: 'nobody', name: 'nothing', actorId: null })
    discourse.faults.next = Array<'http-500'>(10).fill('http-500')
    const result = await syncSources({
      forum: { ...forumClient, maxAttempts: 3 },
      github: { client: githubClient() },
      now: clock.date,
    })
    expect(result.ok).toBe(false)
    // nobody/nothing: its basics fail (1 request), so its other kinds do not run
    expect(result.repositories.map((r) => [r.repository, r.ok, r.requests])).toEqual([
      ['nobody/nothing', false, 1],
      ['pybamm-team/PyBaMM', true, 5],
    ])
    const failedKinds = result.repositories[0].kinds.filter((k) => k.error)
    expect(failedKinds).toHaveLength(1)
    expect(failedKinds[0].error).toContain("Could not resolve to a Repository with the name 'nobody/nothing'")
    expect(failedKinds[0].error).not.toContain('\n')
    const forumReport = result.sources.find((s) => s.sourceId === forum.id)!
    expect(forumReport).toMatchObject({
      ok: false,
      error: `Could not reach ${discourse.url} after 3 attempts: ${discourse.url} answered HTTP 500.`,
    })
    expect((await db.select().from(communitySources).where(eq(communitySources.id, forum.id)))[0].status).toBe('failed')
    // the others went on: the good repository's 20 items and the mailbox's 24 messages
    expect(await rows(githubItems)).toBe(20)
    expect(result.sources.find((s) => s.sourceId === mailbox.id)).toMatchObject({ ok: true, items: 24 })
    expect(await rows(emailMessages)).toBe(24)
    expect(await rows(forumTopics)).toBe(0)
    const states = await db.select().from(syncStates)
    expect(states.filter((s) => s.status === 'failed').map((s) => s.kind)).toEqual(['repository'])
  })
})
