import { afterAll, beforeAll, expect, test } from 'vitest'
import { DateTime } from 'luxon'
import { connectChannel } from '#app/domain/communications/connections.server.ts'
import { createPost, getPost, updatePost } from '#app/domain/communications/posts.server.ts'
import { listDeliveries } from '#app/domain/communications/publishing.server.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { createFakeMastodon, type FakeMastodon } from '#tests/fakes/mastodon/server.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { startJobs, stopJobs } from './boss.server.ts'
import { publishPostJob } from './publish-post.ts'

const database = setupTestDatabase()
let mastodon: FakeMastodon
const savedKey = process.env.STEWARD_SECRET_KEY

beforeAll(async () => {
  process.env.STEWARD_SECRET_KEY = 'b'.repeat(64)
  resetEnv()
  mastodon = await createFakeMastodon()
})
afterAll(async () => {
  process.env.STEWARD_SECRET_KEY = savedKey
  resetEnv()
  await mastodon.close()
})

const local = (date: Date) => DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm:ss")

test('the worker publishes a post at its time through its own job; a rescheduled post’s old job is cancelled', async () => {
  await startJobs(database(), { work: true, url: testDatabaseUrl(), jobs: [publishPostJob], log: () => {} })
  try {
    const lead = await insertUser({ roles: ['communications'] })
    const channel = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon' })
    await connectChannel({ channelId: channel.id, serviceUrl: mastodon.url, secret: 'token', actorId: lead.id })
    const far = new Date(Date.now() + 3_600_000)
    const post = await createPost({
      title: 'Soon',
      scheduledFor: local(far),
      texts: [{ channelId: channel.id, text: 'Soon on Mastodon' }],
      status: 'scheduled',
      actorId: lead.id,
    })
    const [first] = await listDeliveries(post.id)
    const firstJob = await database().execute(`select state, start_after from pgboss.job where name = 'communications.publish-post'`, [])
    expect(firstJob.rows).toHaveLength(1)
    // moved to a few seconds from now: the hour-away job is cancelled and a new one waits
    const soon = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000)
    await updatePost({
      id: post.id,
      title: 'Soon',
      scheduledFor: local(soon),
      texts: [{ channelId: channel.id, text: 'Soon on Mastodon' }],
      actorId: lead.id,
    })
    const jobs = await database().execute(`select state from pgboss.job where name = 'communications.publish-post' order by created_on`, [])
    expect(jobs.rows.map((r) => r.state)).toEqual(['cancelled', 'created'])
    await expect.poll(async () => (await getPost(post.id))?.status, { timeout: 30_000, interval: 250 }).toBe('published')
    const [published] = await listDeliveries(post.id)
    expect(published.id).toBe(first.id)
    expect(published.publishedAt!.getTime()).toBeGreaterThanOrEqual(soon.getTime())
    expect(mastodon.statuses.size).toBe(1)
  } finally {
    await stopJobs()
  }
})
