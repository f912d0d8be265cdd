import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { forumPosts, forumTopics } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { forumResponseTimes } from '#app/domain/community/forum-metrics.server.ts'
import { countForumTriageBySource } from '#app/domain/community/forum-triage.server.ts'
import { forumDemoSeeder } from './forum.server.ts'
import type { DemoContext } from './seeder.ts'

setupTestDatabase()

test('the demo forum has answered topics, topics waiting for triage (some over target), and loads twice without change', async () => {
  const user = await insertUser({ roles: ['community'] })
  const now = new Date('2026-08-21T09:00:00Z')
  const context = { now, users: { community: user }, log: () => {} } as unknown as DemoContext
  await forumDemoSeeder.seed(context)
  const topics = await db.select().from(forumTopics)
  const posts = await db.select().from(forumPosts)
  await forumDemoSeeder.seed(context)
  expect(await db.select().from(forumTopics)).toHaveLength(topics.length)
  expect(await db.select().from(forumPosts)).toHaveLength(posts.length)
  expect(topics).toHaveLength(160)

  const [queue] = await countForumTriageBySource({ now, targetHours: 48 })
  expect(queue.total).toBeGreaterThan(5)
  expect(queue.overTarget).toBeGreaterThan(0)
  expect(queue.overTarget).toBeLessThan(queue.total)
  const quarter = await forumResponseTimes({ start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') })
  expect(quarter.count).toBeGreaterThan(50)
  expect(quarter.median).toBeGreaterThan(0)
})
