// The triage page pages through a long queue: GitHub items and forum topics merged oldest first,
// 50 a page, with totals over every waiting thread (not just the page shown).
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources, forumTopics } from '#db/schema/index.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { getTriagePage } from './pages.server.ts'

setupTestDatabase()

const now = new Date('2026-03-10T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000)
const community = { roles: ['community' as const] }

test('a queue of 70 threads shows the 50 oldest, then the 20 newer on page 2, with totals over all 70', async () => {
  const repo = await insertRepository('pybamm-team', 'PyBaMM')
  const [forum] = await db
    .insert(communitySources)
    .values({ kind: 'discourse', name: 'Forum', url: 'https://forum.example.org' })
    .returning()
  // 60 issues, 1 to 60 hours old, and 10 forum topics at 5.5, 11.5, … 59.5 hours: the ages interleave.
  for (let h = 1; h <= 60; h++) await insertItem(repo.id, { kind: 'issue', number: h, createdAt: hoursAgo(h) })
  for (let i = 1; i <= 10; i++) {
    const createdAt = hoursAgo(i * 6 - 0.5)
    await db.insert(forumTopics).values({
      sourceId: forum!.id,
      topicId: i,
      title: `Topic ${i}`,
      slug: `topic-${i}`,
      url: `https://forum.example.org/t/topic-${i}/${i}`,
      authorUsername: `asker${i}`,
      createdAt,
      bumpedAt: createdAt,
    })
  }

  const first = await getTriagePage(new URLSearchParams(), community, now)
  // 70 wait; over the 48 h target: issues 49–60 h (12) and topics at 53.5 and 59.5 h (2) = 14
  expect(first).toMatchObject({ total: 70, overTarget: 14, page: 1, pageCount: 2, firstShown: 1 })
  expect(first.queue).toHaveLength(50)
  expect(Math.round(first.queue[0]!.ageHours * 10) / 10).toBe(60) // the oldest: the 60 h issue
  const ages = first.queue.map((i) => i.ageHours)
  expect(ages).toEqual([...ages].sort((a, b) => b - a))
  // Threads at least 18 h old: issues 18–60 h (43) and topics 23.5–59.5 h (7) = 50, so page 1 ends at the 18 h issue.
  expect(Math.round(first.queue.at(-1)!.ageHours)).toBe(18)
  expect(first.queue.filter((i) => i.kind === 'forum')).toHaveLength(7)

  const second = await getTriagePage(new URLSearchParams({ page: '2' }), community, now)
  expect(second).toMatchObject({ total: 70, page: 2, pageCount: 2, firstShown: 51 })
  // the 20 newer: issues 1–17 h (17) and the topics at 5.5, 11.5 and 17.5 h (3)
  expect(second.queue).toHaveLength(20)
  expect(second.queue.filter((i) => i.kind === 'forum')).toHaveLength(3)
  expect(new Set([...first.queue, ...second.queue].map((i) => i.id)).size).toBe(70)

  // A page past the end shows the last page; nonsense shows the first.
  expect((await getTriagePage(new URLSearchParams({ page: '9' }), community, now)).firstShown).toBe(51)
  expect((await getTriagePage(new URLSearchParams({ page: 'x' }), community, now)).page).toBe(1)

  // GitHub only: 60 issues, 12 over target, the 50 oldest on page 1.
  const github = await getTriagePage(new URLSearchParams({ source: 'github' }), community, now)
  expect(github).toMatchObject({ total: 60, overTarget: 12, pageCount: 2 })
  expect(github.queue.every((i) => i.kind === 'issue')).toBe(true)
})
