// The community manager's "last week" line counts the threads of every source by one definition:
// GitHub's issues, pull requests and discussions, forum topics and e-mail threads — on hand-made
// data, the arithmetic beside the assertion.
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources, emailThreads, forumTopics } from '#db/schema/index.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { lastWeekNumbers } from './last-week.server.ts'
import { weekContaining } from './week.ts'

setupTestDatabase()

// Monday 30 November 2026 in UTC: last week is 23–29 November, the week before 16–22 November.
const now = new Date('2026-11-30T09:00:00Z')
const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour))

test('threads opened and first responses add GitHub, the forums and the mailboxes', async () => {
  const repo = await insertRepository()
  // GitHub: an issue opened on the 24th and answered on the 25th; a bot's pull request opened on the
  // 24th (not counted as opened) and reviewed on the 26th; an issue opened on the 18th, answered on the 24th.
  await insertItem(repo.id, { kind: 'issue', createdAt: at(24), firstResponseAt: at(25) })
  await insertItem(repo.id, { kind: 'pull_request', createdAt: at(24), authorIsBot: true, firstResponseAt: at(26) })
  await insertItem(repo.id, { kind: 'issue', createdAt: at(18), firstResponseAt: at(24) })
  // The forum: a topic opened on the 25th and answered on the 27th; two opened on the 20th and 21st, unanswered.
  const [forum] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name: 'Forum', url: 'https://forum.example.org' })
    .returning()
  const topic = (id: number, createdAt: Date, firstResponseAt: Date | null) => ({
    sourceId: forum!.id,
    topicId: id,
    title: `Topic ${id}`,
    slug: `topic-${id}`,
    url: `https://forum.example.org/t/topic-${id}/${id}`,
    authorUsername: `asker${id}`,
    createdAt,
    bumpedAt: createdAt,
    firstResponseAt,
  })
  await db.insert(forumTopics).values([topic(1, at(25), at(27)), topic(2, at(20), null), topic(3, at(21), null)])
  // The mailbox: a thread from a person on the 26th answered two hours later; one only machines
  // wrote on the 26th (no createdAt: never counted); one from the 17th answered on the 19th.
  const mailbox = await insertMailboxSource(db, 1)
  const thread = (id: string, createdAt: Date | null, firstResponseAt: Date | null) => ({
    sourceId: mailbox,
    threadId: id,
    createdAt,
    firstResponseAt,
    messageCount: firstResponseAt ? 2 : 1,
    lastMessageAt: firstResponseAt ?? createdAt ?? at(26),
  })
  await db.insert(emailThreads).values([thread('<a@x>', at(26), at(26, 14)), thread('<b@x>', null, null), thread('<c@x>', at(17), at(19))])

  const numbers = await lastWeekNumbers({
    userId: '00000000-0000-4000-8000-000000000000',
    roles: ['community'],
    week: weekContaining(now, 'UTC'),
    settings: await getOrganisationSettings(),
  })
  expect(numbers.map((n) => [n.key, n.label, n.lastWeek, n.weekBefore])).toEqual([
    // last week: the issue of the 24th + the topic of the 25th + the thread of the 26th = 3;
    // the week before: the issue of the 18th + the topics of the 20th and 21st + the thread of the 17th = 4
    ['threadsOpened', 'Threads opened on GitHub, the forums and by e-mail', 3, 4],
    // last week: GitHub's 25th, 26th and 24th + the forum's 27th + the mailbox's 26th = 5; the week before: the mailbox's 19th = 1
    ['firstResponses', 'Threads that got their first response', 5, 1],
    ['yourChanges', 'Changes you made in Steward', 0, 0],
  ])
})
