// The /community page reads its figures from summaries (ADR 022): they must equal the direct
// computation at every moment, for every filter: after each write, per repository, forum and
// mailbox. Small cases worked out by hand; the generated dataset's comparison is in
// bench/community-summaries.test.ts.
import { count, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySummaries, emailThreads, forumTopics } from '#db/schema/index.ts'
import { communitySources } from '#db/schema/sources.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { computeCommunityFigures, readCommunityFigures, type SourceSelection } from './community-figures.server.ts'
import { getCommunityPage } from './pages.server.ts'
import { resolvePeriod } from './period.ts'
import { mergeIdentities } from './identity-map.server.ts'
import { readCommunityDataVersion } from './summaries.server.ts'

setupTestDatabase()

const HOUR = 3_600_000
const NOW = new Date('2026-03-20T12:00:00Z')
// Mid-day instants, so the project's time zone cannot move them to another day.
const T = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, day, 12) + hours * HOUR)
const MARCH = new URLSearchParams({ period: 'custom', from: '2026-03-01', to: '2026-03-19' })

async function insertForum(name: string) {
  const [row] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name, url: `https://${name}.invalid`, categories: [], maintainerGroups: ['staff'] })
    .returning()
  return row!.id
}

let topicId = 0
async function insertTopic(sourceId: string, createdAt: Date, responseHours: number | null) {
  topicId += 1
  await db.insert(forumTopics).values({
    sourceId,
    topicId,
    title: `Topic ${topicId}`,
    slug: `topic-${topicId}`,
    url: `https://forum.invalid/t/${topicId}`,
    authorUsername: 'asker',
    createdAt,
    bumpedAt: createdAt,
    firstResponseAt: responseHours == null ? null : new Date(createdAt.getTime() + responseHours * HOUR),
  })
}

async function insertThread(sourceId: string, createdAt: Date, responseHours: number | null) {
  topicId += 1
  await db.insert(emailThreads).values({
    sourceId,
    threadId: `<t${topicId}@example.com>`,
    subject: 'Question',
    createdAt,
    firstResponseAt: responseHours == null ? null : new Date(createdAt.getTime() + responseHours * HOUR),
    messageCount: responseHours == null ? 1 : 2,
    lastMessageAt: createdAt,
  })
}

describe('the /community figures from their summary', () => {
  let repo: string
  let forumA: string
  let forumB: string
  let mailbox: string
  beforeEach(async () => {
    repo = (await insertRepository('pybamm-team', 'PyBaMM')).id
    // issues answered after 2, 4 and 10 hours, one waiting
    for (const [day, hours] of [
      [3, 2],
      [4, 4],
      [5, 10],
      [6, null],
    ] as const)
      await insertItem(repo, {
        kind: 'issue',
        authorLogin: 'reporter',
        createdAt: T(day),
        firstResponseAt: hours == null ? null : T(day, hours),
      })
    forumA = await insertForum('forum-a')
    forumB = await insertForum('forum-b')
    // forum A: answered after 1 and 3 hours; forum B: after 5 hours, one waiting
    await insertTopic(forumA, T(3), 1)
    await insertTopic(forumA, T(4), 3)
    await insertTopic(forumB, T(5), 5)
    await insertTopic(forumB, T(6), null)
    // a topic of February, outside the period
    await insertTopic(forumA, new Date('2026-02-10T12:00:00Z'), 100)
    mailbox = await insertMailboxSource(db, 1)
    // e-mail: answered after 6 and 30 hours, one waiting
    await insertThread(mailbox, T(7), 6)
    await insertThread(mailbox, T(8), 30)
    await insertThread(mailbox, T(9), null)
  })

  it('shows the hand-worked figures, per forum and mailbox and for all sources', async () => {
    const all = await getCommunityPage(MARCH, NOW)
    // issues [2, 4, 10]: median 4; p90 at position 0.9 × 2 = 1.8: 4 + 0.8 × (10 − 4) = 8.8
    expect(all.responses.issue).toEqual({ median: 4, p90: 8.8, count: 3, waiting: 1 })
    // every forum [1, 3, 5]: median 3; p90 3 + 0.8 × (5 − 3) = 4.6; one waiting (February's topic is outside)
    expect(all.forum?.responses).toEqual({ median: 3, p90: expect.closeTo(4.6, 10) as number, count: 3, waiting: 1 })
    // e-mail [6, 30]: median 18; p90 6 + 0.9 × 24 = 27.6
    expect(all.email?.responses).toEqual({ median: 18, p90: expect.closeTo(27.6, 10) as number, count: 2, waiting: 1 })
    expect(all.sources.map((s) => s.label)).toEqual(['GitHub only', 'forum-a (forum)', 'forum-b (forum)', 'test mailbox 1 (e-mail)'])
    expect(all.source).toBe('')

    const a = await getCommunityPage(new URLSearchParams([...MARCH, ['source', forumA]]), NOW)
    // forum A [1, 3]: median 2; p90 1 + 0.9 × 2 = 2.8; the mailbox is not shown
    expect(a.forum?.responses).toEqual({ median: 2, p90: expect.closeTo(2.8, 10) as number, count: 2, waiting: 0 })
    expect(a.forum?.scope).toContain('forum forum-a')
    expect(a.email).toBeNull()
    expect(a.responses.issue.median).toBe(4)

    const b = await getCommunityPage(new URLSearchParams([...MARCH, ['source', forumB]]), NOW)
    expect(b.forum?.responses).toEqual({ median: 5, p90: 5, count: 1, waiting: 1 })

    const mail = await getCommunityPage(new URLSearchParams([...MARCH, ['source', mailbox]]), NOW)
    expect(mail.forum).toBeNull()
    expect(mail.email?.responses).toEqual({ median: 18, p90: expect.closeTo(27.6, 10) as number, count: 2, waiting: 1 })
    expect(mail.email?.scope).toContain('mailbox test mailbox 1')
    expect(mail.email?.definition).toMatch(/^E-mail threads: from the first message/)

    const github = await getCommunityPage(new URLSearchParams([...MARCH, ['source', 'github']]), NOW)
    expect([github.forum, github.email]).toEqual([null, null])
  })

  it('serves a stored summary until the data changes, then the new figures', async () => {
    const first = await getCommunityPage(MARCH, NOW)
    const [{ n }] = await db.select({ n: count() }).from(communitySummaries)
    expect(n).toBe(1)
    const version = await readCommunityDataVersion()
    // Reading again writes nothing and changes nothing.
    expect(await getCommunityPage(MARCH, NOW)).toEqual(first)
    expect(await readCommunityDataVersion()).toBe(version)

    // A new issue answered after 6 hours: [2, 4, 6, 10], median 5, p90 6 + 0.7 × 4 = 8.8
    await insertItem(repo, { kind: 'issue', authorLogin: 'reporter', createdAt: T(10), firstResponseAt: T(10, 6) })
    expect(await readCommunityDataVersion()).toBeGreaterThan(version)
    const second = await getCommunityPage(MARCH, NOW)
    expect(second.responses.issue).toEqual({ median: 5, p90: expect.closeTo(8.8, 10) as number, count: 4, waiting: 1 })
    expect(second.openClose.issuesOpened).toBe(5)

    // Forum B's waiting topic answered after 7 hours: every forum [1, 3, 5, 7], median 4, none waiting
    await db
      .update(forumTopics)
      .set({ firstResponseAt: T(6, 7) })
      .where(sql`${forumTopics.firstResponseAt} is null`)
    expect((await getCommunityPage(MARCH, NOW)).forum?.responses).toMatchObject({ median: 4, count: 4, waiting: 0 })

    // The mailbox's waiting thread answered after 12 hours: [6, 12, 30], median 12
    await db
      .update(emailThreads)
      .set({ firstResponseAt: T(9, 12) })
      .where(sql`${emailThreads.firstResponseAt} is null`)
    expect((await getCommunityPage(MARCH, NOW)).email?.responses).toMatchObject({ median: 12, count: 3, waiting: 0 })
    // Summaries of older versions are dropped as newer ones are stored.
    const [{ stored }] = await db.select({ stored: count() }).from(communitySummaries)
    expect(stored).toBe(1)
  })

  it('is computed again after identities are merged (contributor counts change with the identity map)', async () => {
    await getCommunityPage(MARCH, NOW)
    const version = await readCommunityDataVersion()
    await mergeIdentities({ a: 'github:reporter', b: 'email:reporter@example.org', actorId: null })
    expect(await readCommunityDataVersion()).toBeGreaterThan(version)
  })

  it('equals the direct computation for every period and source', async () => {
    const { timeZone } = await getOrganisationSettings()
    const selections: SourceSelection[] = [
      { kind: 'all' },
      { kind: 'github' },
      { kind: 'forum', id: forumA },
      { kind: 'forum', id: forumB },
      { kind: 'mailbox', id: mailbox },
    ]
    for (const key of ['30d', '90d', '365d', '2026-Q1'])
      for (const repositoryId of [null, repo])
        for (const source of selections) {
          const filter = { period: resolvePeriod(new URLSearchParams({ period: key }), NOW, timeZone), repositoryId, source, timeZone }
          const direct = await computeCommunityFigures(filter)
          expect(await readCommunityFigures(filter)).toEqual(direct) // computed and stored
          expect(await readCommunityFigures(filter)).toEqual(direct) // read back
        }
  }, 120_000)
})
