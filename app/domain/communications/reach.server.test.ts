// Reach against the stand-ins: followers per channel and day, engagement per post and channel.
import { DateTime } from 'luxon'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { resetEnv } from '#app/utils/env.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertChannel } from '#tests/factories/communications.ts'
import { createFakeBluesky, type FakeBluesky } from '#tests/fakes/bluesky/server.ts'
import { createFakeMastodon, type FakeMastodon } from '#tests/fakes/mastodon/server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { connectChannel } from './connections.server.ts'
import { getReachPage } from './pages.server.ts'
import { createPost } from './posts.server.ts'
import { publishDue } from './publishing.server.ts'
import { reachForPeriod, recordReach } from './reach.server.ts'

setupTestDatabase()
let mastodon: FakeMastodon
let bluesky: FakeBluesky
const savedKey = process.env.STEWARD_SECRET_KEY

beforeAll(() => {
  process.env.STEWARD_SECRET_KEY = 'd'.repeat(64)
  resetEnv()
})
afterAll(() => {
  process.env.STEWARD_SECRET_KEY = savedKey
  resetEnv()
})
afterEach(async () => {
  await mastodon.close()
  await bluesky.close()
})

test('the daily read records followers per channel and day and the engagement of each published post on each channel', async () => {
  mastodon = await createFakeMastodon()
  bluesky = await createFakeBluesky()
  const lead = await insertUser({ roles: ['communications'] })
  const fosstodon = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon' })
  const sky = await insertChannel(lead.id, 'bluesky', { name: 'Bluesky' })
  await connectChannel({ channelId: fosstodon.id, serviceUrl: mastodon.url, secret: 'token', actorId: lead.id })
  await connectChannel({
    channelId: sky.id,
    serviceUrl: bluesky.url,
    identifier: 'pybamm.bsky.social',
    secret: 'abcd-efgh-ijkl-mnop',
    actorId: lead.id,
  })
  const at = new Date('2026-11-02T09:00:00Z')
  await createPost({
    title: 'Release',
    scheduledFor: DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm"),
    texts: [
      { channelId: fosstodon.id, text: 'Out now' },
      { channelId: sky.id, text: 'Out now' },
    ],
    status: 'scheduled',
    actorId: lead.id,
  })
  expect(await publishDue({ now: at })).toMatchObject({ published: 2 })
  mastodon.setCounts([...mastodon.statuses.keys()][0], { favouritesCount: 7, reblogsCount: 3, repliesCount: 1 })
  bluesky.setCounts([...bluesky.records.keys()][0], { likeCount: 12, repostCount: 2, quoteCount: 1 })

  const first = await recordReach({ now: new Date('2026-11-03T03:30:00Z') })
  expect(first.channels).toEqual([
    { channelId: sky.id, name: 'Bluesky', followers: 812, postsRead: 1, error: null },
    { channelId: fosstodon.id, name: 'Fosstodon', followers: 1234, postsRead: 1, error: null },
  ])
  // a day later, 10 more follow on Mastodon and 3 leave Bluesky
  mastodon.accounts.get('109000000000000001')!.followersCount = 1244
  bluesky.accounts[0].followersCount = 809
  await recordReach({ now: new Date('2026-11-04T03:30:00Z') })
  // run twice on one day: one row, the later count
  await recordReach({ now: new Date('2026-11-04T05:00:00Z') })

  const page = await getReachPage({ user: { roles: ['council'] }, now: new Date('2026-11-04T12:00:00Z') })
  expect(page.followers.channels.map((c) => [c.name, c.followers, c.change])).toEqual([
    ['Bluesky', 809, -3],
    ['Fosstodon', 1244, 10],
  ])
  expect(page.followers.series).toEqual([
    { day: '2026-11-03', [sky.id]: 812, [fosstodon.id]: 1234 },
    { day: '2026-11-04', [sky.id]: 809, [fosstodon.id]: 1244 },
  ])
  // the council reads reach; only communications (and admins) import analytics exports
  expect(page.canImport).toBe(false)
  expect(page.posts.map((p) => [p.channelName, p.likes, p.reposts, p.replies, p.quotes])).toEqual([
    ['Bluesky', 12, 2, 0, 1],
    ['Fosstodon', 7, 3, 1, 0],
  ])

  // the report's period: followers at its start (none yet on 2026-11-01: null) and end
  const reach = await reachForPeriod({
    firstDay: '2026-11-01',
    lastDay: '2026-11-30',
    start: new Date('2026-11-01T00:00:00Z'),
    end: new Date('2026-12-01T00:00:00Z'),
  })
  expect(reach.audience).toEqual([
    { channel: 'Bluesky', kind: 'bluesky', followersStart: null, followersEnd: 809, change: null },
    { channel: 'Fosstodon', kind: 'mastodon', followersStart: null, followersEnd: 1244, change: null },
  ])
  // 12 + 7 likes, 2 + 3 reposts, 0 + 1 replies, 1 + 0 quotes over 2 publications
  expect(reach.engagement).toEqual({
    posts: 2,
    likes: 19,
    reposts: 5,
    replies: 1,
    quotes: 1,
    byChannel: [
      // 12 + 2 + 0 + 1 and 7 + 3 + 1 + 0; neither network reports impressions
      { channel: 'bluesky', name: 'Bluesky', posts: 1, postsMeasured: 1, impressions: null, interactions: 15 },
      { channel: 'mastodon', name: 'Fosstodon', posts: 1, postsMeasured: 1, impressions: null, interactions: 11 },
    ],
  })
})

test('a channel whose token was revoked reports it and the others are still read', async () => {
  mastodon = await createFakeMastodon()
  bluesky = await createFakeBluesky()
  const lead = await insertUser({ roles: ['communications'] })
  const fosstodon = await insertChannel(lead.id, 'mastodon', { name: 'Fosstodon' })
  const sky = await insertChannel(lead.id, 'bluesky', { name: 'Bluesky' })
  await connectChannel({ channelId: fosstodon.id, serviceUrl: mastodon.url, secret: 'token', actorId: lead.id })
  await connectChannel({
    channelId: sky.id,
    serviceUrl: bluesky.url,
    identifier: 'pybamm.bsky.social',
    secret: 'abcd-efgh-ijkl-mnop',
    actorId: lead.id,
  })
  mastodon.tokens.get('token')!.revoked = true
  const run = await recordReach({ now: new Date('2026-11-03T03:30:00Z') })
  expect(run.channels[0]).toMatchObject({ name: 'Bluesky', followers: 812, error: null })
  expect(run.channels[1].error).toContain('Mastodon refused the access token')
})
