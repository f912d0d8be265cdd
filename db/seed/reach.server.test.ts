// The demo's Reach: a year of follower counts per demo channel and engagement on past posts, and the
// property that nothing about a demo channel ever goes over the network.
import { and, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { afterEach, expect, test, vi } from 'vitest'
import { db } from '#db/client.server.ts'
import { commsChannelConnections, commsChannelDailyStats, commsChannels, commsPostDeliveries } from '#db/schema/index.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { connectChannel, testChannelConnection } from '#app/domain/communications/connections.server.ts'
import { getChannelPage, getReachPage } from '#app/domain/communications/pages.server.ts'
import { createPost } from '#app/domain/communications/posts.server.ts'
import { publishDelivery, publishDue } from '#app/domain/communications/publishing.server.ts'
import { recordReach } from '#app/domain/communications/reach.server.ts'
import { DEMO_CHANNEL_REASON } from '#app/domain/communications/vocabulary.ts'
import { loadDemo } from './index.server.ts'
import { DEMO_REACH_CHANNELS, DEMO_SNAPSHOT_DAYS } from './reach.server.ts'

setupTestDatabase()
afterEach(() => vi.restoreAllMocks())

test('demo load gives each demo channel a year of daily follower counts and engagement on past posts, and nothing about them ever reaches the network', async () => {
  // every Mastodon and Bluesky call goes through the global fetch (app/utils/remote-call.server.ts)
  const network = vi.spyOn(globalThis, 'fetch')
  const now = new Date('2026-11-25T12:00:00Z')
  const users = await loadDemo({ now })

  const channels = await db
    .select({ channel: commsChannels, connection: commsChannelConnections })
    .from(commsChannels)
    .innerJoin(commsChannelConnections, eq(commsChannelConnections.channelId, commsChannels.id))
    .where(eq(commsChannelConnections.demo, true))
  expect(channels.map((c) => c.channel.name).sort()).toEqual(DEMO_REACH_CHANNELS.map((c) => c.name).sort())
  for (const { channel, connection } of channels) {
    expect(new URL(connection.serviceUrl).hostname).toMatch(/\.invalid$/)
    expect(connection.credential).not.toBeNull() // "connected", as the pages see it
    const days = await db
      .select({ day: commsChannelDailyStats.day, followers: commsChannelDailyStats.followers })
      .from(commsChannelDailyStats)
      .where(eq(commsChannelDailyStats.channelId, channel.id))
      .orderBy(commsChannelDailyStats.day)
    // a year of consecutive days, both ends included: 25 November 2025 to 25 November 2026 (London)
    expect(days).toHaveLength(DEMO_SNAPSHOT_DAYS)
    expect(days[0].day).toBe('2025-11-25')
    expect(days.at(-1)!.day).toBe('2026-11-25')
    for (let i = 1; i < days.length; i++) {
      expect(DateTime.fromISO(days[i].day).diff(DateTime.fromISO(days[i - 1].day), 'days').days).toBe(1)
    }
    // it grew over the year, with days that went down
    expect(days.at(-1)!.followers).toBeGreaterThan(days[0].followers)
    expect(days.some((d, i) => i > 0 && d.followers < days[i - 1].followers)).toBe(true)
  }
  const deliveries = await db
    .select()
    .from(commsPostDeliveries)
    .where(
      inArray(
        commsPostDeliveries.channelId,
        channels.map((c) => c.channel.id),
      ),
    )
  expect(deliveries.length).toBeGreaterThan(150)
  expect(deliveries.every((d) => d.state === 'published' && d.metricsAt !== null && d.likes !== null)).toBe(true)

  // the reach page has charts and tables, and best times (for all channels) with enough posts behind them
  const reach = await getReachPage({ user: { roles: ['communications'] }, now })
  expect(reach.followers.channels.map((c) => c.name)).toEqual(['Bluesky (demo)', 'Fosstodon (demo)'])
  expect(reach.followers.series.length).toBe(365)
  expect(reach.posts.length).toBe(50)
  const best = reach.bestTimes
  expect(best.posts).toBeGreaterThan(150)
  expect(best.best.weekday?.posts).toBeGreaterThanOrEqual(5)
  expect(best.best.hour).not.toBeNull()
  expect(best.best.format).not.toBeNull()

  // loading again changes nothing
  await loadDemo({ now })
  expect(await db.select().from(commsChannelDailyStats)).toHaveLength(DEMO_SNAPSHOT_DAYS * 2)
  expect(await db.select().from(commsPostDeliveries)).toHaveLength(deliveries.length)

  // A post scheduled on both demo channels gets no delivery, so no job; the sweep publishes nothing.
  const actorId = users.communications.id
  const [mastodon, bluesky] = [...channels].sort((a, b) => b.channel.kind.localeCompare(a.channel.kind)).map((c) => c.channel)
  const post = await createPost({
    title: 'Demo announcement',
    scheduledFor: '2026-11-26T10:00',
    texts: [
      { channelId: mastodon.id, text: 'Hello' },
      { channelId: bluesky.id, text: 'Hello' },
    ],
    status: 'scheduled',
    actorId,
  })
  expect(await db.select().from(commsPostDeliveries).where(eq(commsPostDeliveries.postId, post.id))).toEqual([])
  // even a delivery that somehow exists (made before the channel was a demo one) stops before the network
  const [stray] = await db
    .insert(commsPostDeliveries)
    .values({ postId: post.id, channelId: mastodon.id, idempotencyKey: 'stray', nextAttemptAt: new Date('2026-11-26T10:00:00Z') })
    .returning()
  const later = new Date('2026-11-26T11:00:00Z')
  expect(await publishDue({ now: later })).toMatchObject({ published: 0, failed: 0, cancelled: 1 })
  const [after] = await db.select().from(commsPostDeliveries).where(eq(commsPostDeliveries.id, stray.id))
  expect(after).toMatchObject({ state: 'cancelled', lastError: DEMO_CHANNEL_REASON, networkId: null })
  expect(await publishDelivery(stray.id, { now: later })).toBe('skipped')

  // the daily read skips them: their counts stay the demo's
  const before = await db.select().from(commsChannelDailyStats)
  expect((await recordReach({ now: later })).channels).toEqual([])
  expect(await db.select().from(commsChannelDailyStats)).toHaveLength(before.length)

  // "Test connection" answers without trying, and connecting for real is refused
  expect(await testChannelConnection(mastodon.id)).toEqual({ ok: false, message: DEMO_CHANNEL_REASON })
  await expect(connectChannel({ channelId: bluesky.id, secret: 'real-password', actorId })).rejects.toThrow('This is a demo channel')
  // and the channel's page says why it will not publish
  const page = await getChannelPage({ user: { roles: ['communications'] }, channelId: mastodon.id })
  expect(page?.connection?.demoReason).toBe(DEMO_CHANNEL_REASON)

  expect(network).not.toHaveBeenCalled()
  // nothing published, ever, on a demo channel outside the demo's own rows
  const published = await db
    .select()
    .from(commsPostDeliveries)
    .where(and(eq(commsPostDeliveries.postId, post.id), eq(commsPostDeliveries.state, 'published')))
  expect(published).toEqual([])
})
