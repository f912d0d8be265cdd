import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailThreads } from '#db/schema/mailbox.ts'
import { forumTopics } from '#db/schema/sources.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import {
  insertCommit,
  insertEvent,
  insertForumSource,
  insertItem,
  insertRepository,
  insertSnapshot,
} from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSources } from '#tests/setup/mailbox-source.ts'
import { addIntern, createProgramme } from './internships.server.ts'
import { percentile } from './metrics.ts'
import { summariseCommunityQuarter } from './quarter-summary.server.ts'

setupTestDatabase()

test('the community section of 2026-Q1 on a fixed dataset', async () => {
  const repo = await insertRepository('pybamm-team', 'PyBaMM')
  const at = (iso: string) => new Date(iso)
  const plusH = (iso: string, h: number) => new Date(new Date(iso).getTime() + h * 3_600_000)
  // 12 issues in the quarter, one every week from 5 January; response after 1, 2, …, 11 h; the 12th waits
  const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  for (let i = 0; i < 12; i++) {
    const created = new Date(Date.UTC(2026, 0, 5 + 7 * i, 9)).toISOString()
    await insertItem(repo.id, {
      kind: 'issue',
      authorLogin: `reporter${i % 4}`,
      createdAt: at(created),
      firstResponseAt: i < 11 ? plusH(created, delays[i]!) : null,
      closedAt: i < 6 ? plusH(created, 100) : null,
    })
  }
  // a discussion answered after 72 h (over the 48 h target), one never answered
  await insertItem(repo.id, {
    kind: 'discussion',
    authorLogin: 'asker',
    categoryIsAnswerable: true,
    createdAt: at('2026-02-01T00:00:00Z'),
    firstResponseAt: at('2026-02-04T00:00:00Z'),
    answerChosenAt: at('2026-02-05T00:00:00Z'),
  })
  await insertItem(repo.id, { kind: 'discussion', authorLogin: 'asker', categoryIsAnswerable: true, createdAt: at('2026-03-01T00:00:00Z') })
  // pull requests: 4 opened in the quarter, 3 closed or merged in it (one of them opened in December)
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev1',
    createdAt: at('2025-12-20T00:00:00Z'),
    closedAt: at('2026-01-02T00:00:00Z'),
    mergedAt: at('2026-01-02T00:00:00Z'),
    state: 'merged',
  })
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev1',
    createdAt: at('2026-01-10T00:00:00Z'),
    closedAt: at('2026-01-12T00:00:00Z'),
    mergedAt: at('2026-01-12T00:00:00Z'),
    state: 'merged',
    firstResponseAt: at('2026-01-10T06:00:00Z'),
  })
  await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev2',
    createdAt: at('2026-02-10T00:00:00Z'),
    closedAt: at('2026-02-11T00:00:00Z'),
  })
  await insertItem(repo.id, { kind: 'pull_request', authorLogin: 'dev2', createdAt: at('2026-03-10T00:00:00Z') })
  const pr = await insertItem(repo.id, {
    kind: 'pull_request',
    authorLogin: 'dev3',
    createdAt: at('2026-03-20T00:00:00Z'),
    firstResponseAt: at('2026-03-20T12:00:00Z'),
  })
  await insertEvent(pr, { actor: 'dev1', at: at('2026-03-20T12:00:00Z'), kind: 'review' })
  // commits: dev1 6 (+2 merges), dev2 3, old 5 in 2025 only; a bot 20
  for (let i = 0; i < 6; i++) await insertCommit(repo.id, { author: 'dev1', at: at(`2026-02-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 2; i++) await insertCommit(repo.id, { author: 'dev1', at: at('2026-02-10T10:00:00Z'), isMerge: true })
  for (let i = 0; i < 3; i++) await insertCommit(repo.id, { author: 'dev2', at: at(`2026-03-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 5; i++) await insertCommit(repo.id, { author: 'old', at: at(`2025-11-0${i + 1}T10:00:00Z`) })
  for (let i = 0; i < 20; i++) await insertCommit(repo.id, { author: 'bot-x[bot]', at: at('2026-02-20T10:00:00Z'), isBot: true })
  await insertSnapshot(repo.id, '2025-12-31', 1000)
  await insertSnapshot(repo.id, '2026-03-31', 1100)
  const user = await insertUser({ roles: ['community'] })
  const gsoc = await createProgramme({ kind: 'gsoc', year: 2026, name: 'GSoC 2026', actorId: user.id })
  await addIntern({ programmeId: gsoc.id, name: 'Priya', project: 'Solvers', status: 'accepted', actorId: user.id })

  const { start, end } = quarterPeriod('2026-Q1', 'UTC')
  const section = await summariseCommunityQuarter({ quarter: '2026-Q1', start, end, timeZone: 'UTC' })

  expect(section.timeToFirstResponseHours.issues).toEqual({
    median: 6,
    p90: Math.round(percentile(delays, 0.9)! * 10) / 10,
    count: 11,
    waiting: 1,
  })
  expect(section.timeToFirstResponseHours.pullRequests).toEqual({ median: 9, p90: 11.4, count: 2, waiting: 2 })
  expect(section.timeToFirstResponseHours.discussions).toEqual({ median: 72, p90: 72, count: 1, waiting: 1 })
  // no mailbox in this dataset: the e-mail row is there, empty
  expect(section.timeToFirstResponseHours.email).toEqual({ median: null, p90: null, count: 0, waiting: 0 })
  expect(section.timeToAnswerHours).toEqual({ median: 96, count: 1 })
  expect(section.openedClosed).toEqual({ issuesOpened: 12, issuesClosed: 6, pullRequestsOpened: 4, pullRequestsClosed: 3 })
  expect(section.changeRequestClosureRatio).toBe(0.75)
  // people: reporter0-3, asker, dev1 (first in Dec: not new), dev2, dev3 → new 7; active: + dev1 → 8; inactive: old
  expect([section.newContributors, section.activeContributors, section.inactiveContributors]).toEqual([7, 8, 1])
  // non-merge human commits: dev1 6, dev2 3 → dev1 alone covers 6 of 9
  expect(section.contributorAbsenceFactor).toBe(1)
  // over 48 h: the discussion answered after 72 h, the unanswered one (created 1 March) and the last issue (23 March, still waiting at 1 April),
  // and two pull requests nobody else commented on or reviewed (10 February, closed the next day; 10 March): 3 + 2
  expect(section.triageOverTarget).toBe(5)
  expect(section.stars).toEqual({ atStart: 1000, atEnd: 1100 })
  expect(section.internships).toEqual([{ programme: 'GSoC 2026', year: 2026, intern: 'Priya', project: 'Solvers', status: 'Accepted' }])
  expect(section.monthly.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03'])
  expect(section.monthly.map((m) => m.opened)).toEqual([5, 5, 6])
  expect(section.provenance.newContributors).toMatch(/bots excluded/)
})

test('the report’s forum and e-mail response times of 2026-Q1: median, p90, count and still waiting, over every forum and mailbox', async () => {
  const at = (iso: string) => new Date(iso)
  const plusH = (iso: string, h: number) => new Date(new Date(iso).getTime() + h * 3_600_000)
  // Two forums: the second one's topic counts as much as the first's (every synced forum).
  const forum = await insertForumSource('PyBaMM Forum')
  const other = await insertForumSource('Old forum')
  let topicId = 0
  const topic = (sourceId: string, createdAt: string, answeredAfterHours: number | null) => {
    topicId += 1
    return db.insert(forumTopics).values({
      sourceId,
      topicId,
      title: `Topic ${topicId}`,
      slug: `topic-${topicId}`,
      url: `https://forum.example.org/t/topic-${topicId}/${topicId}`,
      authorUsername: `asker${topicId}`,
      createdAt: at(createdAt),
      bumpedAt: at(createdAt),
      firstResponseAt: answeredAfterHours === null ? null : plusH(createdAt, answeredAfterHours),
      firstResponderUsername: answeredAfterHours === null ? null : 'helper',
    })
  }
  // In the quarter, answered after 1.25, 3, 4, 10, 30 and 50 h (the last created on 31 March, answered in April: it counts,
  // as the topic was created in the quarter).
  await topic(forum.id, '2026-01-05T09:00:00Z', 1.25)
  await topic(forum.id, '2026-01-20T12:00:00Z', 3)
  await topic(forum.id, '2026-02-02T08:00:00Z', 4)
  await topic(other.id, '2026-02-14T10:00:00Z', 10)
  await topic(forum.id, '2026-03-03T15:00:00Z', 30)
  await topic(forum.id, '2026-03-31T20:00:00Z', 50)
  // still waiting: two topics created in the quarter with no reply
  await topic(forum.id, '2026-03-15T09:00:00Z', null)
  await topic(other.id, '2026-03-30T09:00:00Z', null)
  // outside the quarter: created 30 December (answered in January) and 1 April 00:00 (the next quarter's first instant)
  await topic(forum.id, '2025-12-30T09:00:00Z', 80)
  await topic(forum.id, '2026-04-01T00:00:00Z', 1)

  // Two mailboxes; threads by their first person's message (INTERNALDATE) and the project's first answer.
  const [mailbox, secondMailbox] = await insertMailboxSources(db, 1, 2)
  let threadNumber = 0
  const thread = (sourceId: string, createdAt: string | null, answeredAfterHours: number | null) => {
    threadNumber += 1
    const last = createdAt ?? '2026-02-01T00:00:00Z'
    return db.insert(emailThreads).values({
      sourceId,
      threadId: `t${threadNumber}@example.net`,
      subject: `Question ${threadNumber}`,
      createdAt: createdAt === null ? null : at(createdAt),
      openerMessageId: `t${threadNumber}@example.net`,
      openerName: `Sender ${threadNumber}`,
      openerAddress: `sender${threadNumber}@example.net`,
      firstResponseAt: createdAt === null || answeredAfterHours === null ? null : plusH(createdAt, answeredAfterHours),
      firstResponderAddress: answeredAfterHours === null ? null : 'help@project.org',
      messageCount: answeredAfterHours === null ? 1 : 2,
      lastMessageAt: at(last),
    })
  }
  // In the quarter, answered after 2 h, 26.75 h (in the second mailbox) and 0.5 h (31 March 23:30, answered at midnight)
  await thread(mailbox!, '2026-01-12T10:00:00Z', 2)
  await thread(secondMailbox!, '2026-02-20T09:15:00Z', 26.75)
  await thread(mailbox!, '2026-03-31T23:30:00Z', 0.5)
  // still waiting: two threads nobody from the project answered
  await thread(mailbox!, '2026-03-02T17:00:00Z', null)
  await thread(secondMailbox!, '2026-03-20T08:00:00Z', null)
  // not counted: a thread only the project (or a machine) wrote in — no creation time — and one opened in December
  await thread(mailbox!, null, null)
  await thread(mailbox!, '2025-12-31T23:00:00Z', 1)

  const { start, end } = quarterPeriod('2026-Q1', 'UTC')
  const section = await summariseCommunityQuarter({ quarter: '2026-Q1', start, end, timeZone: 'UTC' })

  // forum, answered: 1.25, 3, 4, 10, 30, 50 (6 topics)
  //   median: position (6 − 1) × 0.5 = 2.5 → 4 + 0.5 × (10 − 4) = 7
  //   p90:    position (6 − 1) × 0.9 = 4.5 → 30 + 0.5 × (50 − 30) = 40
  //   waiting: 15 March and 30 March → 2
  expect(section.timeToFirstResponseHours.forum).toEqual({ median: 7, p90: 40, count: 6, waiting: 2 })
  // e-mail, answered: 0.5, 2, 26.75 (3 threads)
  //   median: position (3 − 1) × 0.5 = 1 → 2
  //   p90:    position (3 − 1) × 0.9 = 1.8 → 2 + 0.8 × (26.75 − 2) = 2 + 19.8 = 21.8
  //   waiting: 2 March and 20 March → 2
  expect(section.timeToFirstResponseHours.email).toEqual({ median: 2, p90: 21.8, count: 3, waiting: 2 })
  // The same figures as the report JSON carries them: through JSON, nothing lost or renamed.
  expect(JSON.parse(JSON.stringify(section)).timeToFirstResponseHours).toMatchObject({
    forum: { median: 7, p90: 40, count: 6, waiting: 2 },
    email: { median: 2, p90: 21.8, count: 3, waiting: 2 },
  })
  // With no GitHub item the GitHub rows are empty, not missing.
  expect(section.timeToFirstResponseHours.issues).toEqual({ median: null, p90: null, count: 0, waiting: 0 })
  expect(section.provenance.timeToFirstResponseForum).toMatch(
    /^Forum topics: from creation to the first regular reply .* Topics created 2026-01-01 to 2026-03-31 \(UTC\)\.$/,
  )
  expect(section.provenance.timeToFirstResponseEmail).toMatch(/^E-mail threads: .* Threads created 2026-01-01 to 2026-03-31 \(UTC\)\.$/)
})
