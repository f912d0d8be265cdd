// Demo data for Reach (issue 14): a Mastodon and a Bluesky channel, connected but marked demo (their
// addresses are under .invalid and Steward never publishes to them, checks them or reads them —
// see DEMO_CHANNEL_REASON), a year of daily follower counts per channel, and a year of posts
// "published by Steward" on them with the engagement the daily job would have read back.
//
// Generated from a seeded PRNG, so the same on every run; written in a few batched inserts (the
// demo loads in seconds). Idempotent: the channels are found by name, and the counts and the posts
// are made only when the demo channels have none yet.
import { and, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { randomUUID } from 'node:crypto'
import { db } from '#db/client.server.ts'
import {
  commsChannelConnections,
  commsChannelDailyStats,
  commsChannels,
  commsPostDeliveries,
  commsPosts,
  commsPostTexts,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { createChannel } from '#app/domain/communications/channels.server.ts'
import { deliveryKey } from '#app/domain/communications/publishing.server.ts'
import { ENGAGEMENT_WINDOW_DAYS } from '#app/domain/communications/reach.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { mulberry32 } from './random.ts'
import type { DemoSeeder } from './seeder.ts'

/** Where the demo channels "live": .invalid never resolves (RFC 2606), and Steward does not try. */
export const DEMO_REACH_CHANNELS = [
  {
    kind: 'mastodon' as const,
    name: 'Fosstodon (demo)',
    handle: '@pybamm@mastodon.demo.steward.invalid',
    serviceUrl: 'https://mastodon.demo.steward.invalid',
    identifier: null,
    accountName: '@pybamm@mastodon.demo.steward.invalid',
    credentialEnvVar: 'DEMO_MASTODON_TOKEN',
    // followers a year ago, and the year's growth per day before noise
    startFollowers: 1480,
    dailyGrowth: 1.6,
    // interactions per post at an average slot, before weekday, hour and format
    baseInteractions: 14,
  },
  {
    kind: 'bluesky' as const,
    name: 'Bluesky (demo)',
    handle: 'pybamm.demo.steward.invalid',
    serviceUrl: 'https://bluesky.demo.steward.invalid',
    identifier: 'pybamm.demo.steward.invalid',
    accountName: 'pybamm.demo.steward.invalid',
    credentialEnvVar: 'DEMO_BLUESKY_APP_PASSWORD',
    startFollowers: 310,
    dailyGrowth: 2.9,
    baseInteractions: 22,
  },
]

/** Days of follower counts: a year, today included. */
export const DEMO_SNAPSHOT_DAYS = 366

const TOPICS = [
  { title: 'Release notes', link: 'https://docs.pybamm.org/en/latest/source/user_guide/whats_new.html' },
  { title: 'Tutorial: a first simulation', link: 'https://docs.pybamm.org/en/latest/source/user_guide/getting_started.html' },
  { title: 'Community call', link: null },
  { title: 'Contributor spotlight', link: null },
  { title: 'Parameter sets', link: 'https://docs.pybamm.org/en/latest/source/api/parameters/index.html' },
  { title: 'Paper using PyBaMM', link: 'https://pybamm.org/publications' },
  { title: 'Office hours', link: null },
  { title: 'Good first issues', link: 'https://github.com/pybamm-team/PyBaMM/contribute' },
]

// How the slot and the format move engagement (multipliers; the demo's "best times" are there to be found)
const WEEKDAY_FACTOR = [1.0, 1.35, 1.2, 1.25, 0.85, 0.55, 0.6] // Monday … Sunday
const HOURS = [8, 9, 10, 11, 13, 14, 15, 16, 18, 20]
const HOUR_FACTOR: Record<number, number> = { 8: 0.8, 9: 1.1, 10: 1.3, 11: 1.15, 13: 0.95, 14: 1.1, 15: 1.0, 16: 0.9, 18: 0.75, 20: 0.6 }
const FORMAT_FACTOR = { link: 0.9, question: 1.4, text: 1.0 }

/** A day's count from the day before: steady growth, noise, a few release days, the odd day people leave. */
function followerCurve(start: number, dailyGrowth: number, days: number, random: () => number) {
  const out: number[] = []
  let followers = start
  for (let i = 0; i < days; i++) {
    const noise = (random() - 0.5) * 2 * dailyGrowth
    const bump = random() < 0.02 ? Math.round(15 + random() * 40) : 0
    const leaving = random() < 0.08 ? -Math.round(1 + random() * 4) : 0
    followers = Math.max(0, Math.round(followers + dailyGrowth + noise + bump + leaving))
    out.push(followers)
  }
  return out
}

async function demoChannels(actorId: string) {
  const existing = await db.select().from(commsChannels)
  const out = []
  for (const spec of DEMO_REACH_CHANNELS) {
    const channel =
      existing.find((c) => c.kind === spec.kind && c.name === spec.name) ??
      // inactive: nothing is planned on them, so the cadences give them no slots to fill (This week
      // and the digest stay about the channels people post to); their history still shows on Reach
      (await createChannel({ kind: spec.kind, name: spec.name, handle: spec.handle, active: false, actorId }))
    const [connection] = await db.select().from(commsChannelConnections).where(eq(commsChannelConnections.channelId, channel.id))
    if (!connection) {
      await db.transaction(async (tx) => {
        // the credential is the name of a variable nobody sets; nothing ever reads it (demo: true)
        await tx.insert(commsChannelConnections).values({
          channelId: channel.id,
          serviceUrl: spec.serviceUrl,
          identifier: spec.identifier,
          credential: { envVar: spec.credentialEnvVar },
          accountName: spec.accountName,
          accountId: spec.kind === 'bluesky' ? 'did:plc:demopybamm' : '109000000000000042',
          language: 'en',
          demo: true,
        })
        await recordAudit(tx, {
          actorId,
          entity: 'comms_channel',
          entityId: channel.id,
          action: 'connect',
          after: { serviceUrl: spec.serviceUrl, accountName: spec.accountName, credentialIn: spec.credentialEnvVar, demo: true },
        })
      })
    }
    out.push({ spec, channel })
  }
  return out
}

export const reachDemoSeeder: DemoSeeder = {
  name: 'reach',
  async seed({ now, users, log }) {
    const actorId = users.communications.id
    const { timeZone } = await getOrganisationSettings()
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day')
    const channels = await demoChannels(actorId)

    // a year of daily follower counts per channel, one insert per channel; a channel that has counts
    // keeps them (a later load does not graft a second curve onto the first)
    for (const [n, { spec, channel }] of channels.entries()) {
      const [counted] = await db
        .select({ day: commsChannelDailyStats.day })
        .from(commsChannelDailyStats)
        .where(eq(commsChannelDailyStats.channelId, channel.id))
        .limit(1)
      if (counted) continue
      const curve = followerCurve(spec.startFollowers, spec.dailyGrowth, DEMO_SNAPSHOT_DAYS, mulberry32(1400 + n))
      const rows = curve.map((followers, i) => {
        const day = today.minus({ days: DEMO_SNAPSHOT_DAYS - 1 - i })
        // the daily job runs at 03:30 local time
        return { channelId: channel.id, day: day.toISODate()!, followers, recordedAt: day.set({ hour: 3, minute: 30 }).toJSDate() }
      })
      await db.insert(commsChannelDailyStats).values(rows).onConflictDoNothing()
    }

    // a year of posts on the demo channels, with their engagement; only once
    const ids = channels.map((c) => c.channel.id)
    const [already] = await db
      .select({ id: commsPostDeliveries.id })
      .from(commsPostDeliveries)
      .where(and(inArray(commsPostDeliveries.channelId, ids), eq(commsPostDeliveries.state, 'published')))
      .limit(1)
    if (already) {
      log('reach: demo channels already have their year')
      return
    }
    const random = mulberry32(1414)
    const posts: (typeof commsPosts.$inferInsert)[] = []
    const texts: (typeof commsPostTexts.$inferInsert)[] = []
    const deliveries: (typeof commsPostDeliveries.$inferInsert)[] = []
    let serial = 0
    // two or three posts a week, on varied days and hours, from a year ago to yesterday
    for (let week = today.minus({ days: DEMO_SNAPSHOT_DAYS - 1 }).startOf('week'); week < today; week = week.plus({ weeks: 1 })) {
      const perWeek = random() < 0.5 ? 2 : 3
      const days = new Set<number>()
      while (days.size < perWeek) days.add(random() < 0.85 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 2))
      for (const weekday of [...days].sort()) {
        const hour = HOURS[Math.floor(random() * HOURS.length)]
        const at = week.plus({ days: weekday }).set({ hour, minute: Math.floor(random() * 50) })
        if (at >= today || at < today.minus({ days: DEMO_SNAPSHOT_DAYS - 1 })) continue
        serial += 1
        const topic = TOPICS[serial % TOPICS.length]
        const format = topic.link ? 'link' : random() < 0.45 ? 'question' : 'text'
        const text =
          format === 'link'
            ? `${topic.title}: ${topic.link}`
            : format === 'question'
              ? `${topic.title}: what would you like us to cover next time?`
              : `${topic.title} — thank you to everyone who joined in this week.`
        const postId = randomUUID()
        const publishedAt = at.toJSDate()
        const first = deliveries.length
        posts.push({
          id: postId,
          title: `${topic.title} (${at.toFormat('d LLL yyyy')})`,
          status: 'published',
          scheduledFor: publishedAt,
          publishedAt,
          authorId: actorId,
          createdAt: at.minus({ days: 3 }).toJSDate(),
          updatedAt: publishedAt,
        })
        // most go to both channels; some to one
        const roll = random()
        const targets = roll < 0.7 ? channels : roll < 0.85 ? channels.slice(0, 1) : channels.slice(1)
        for (const { spec, channel } of targets) {
          texts.push({ postId, channelId: channel.id, text })
          const slot = WEEKDAY_FACTOR[at.weekday - 1] * HOUR_FACTOR[hour] * FORMAT_FACTOR[format]
          // log-normal noise around the slot's expectation
          const noise = Math.exp((random() + random() + random() - 1.5) * 0.8)
          const interactions = Math.max(0, Math.round(spec.baseInteractions * slot * noise))
          const replies = Math.round(interactions * (format === 'question' ? 0.3 : 0.08))
          const reposts = Math.round((interactions - replies) * 0.3)
          const quotes = spec.kind === 'bluesky' ? Math.round((interactions - replies) * 0.05) : 0
          const likes = interactions - replies - reposts - quotes
          const key = deliveryKey(spec.kind, postId, channel.id, publishedAt)
          const networkId =
            spec.kind === 'mastodon' ? String(113000000000000000n + BigInt(serial)) : `at://did:plc:demopybamm/app.bsky.feed.post/${key}`
          const read = new Date(Math.min(now.getTime(), publishedAt.getTime() + ENGAGEMENT_WINDOW_DAYS * 86_400_000))
          deliveries.push({
            postId,
            channelId: channel.id,
            state: 'published',
            idempotencyKey: key,
            nextAttemptAt: publishedAt,
            attempts: 1,
            networkId,
            url:
              spec.kind === 'mastodon'
                ? `${spec.serviceUrl}/@pybamm/${networkId}`
                : `${spec.serviceUrl}/profile/${spec.identifier}/post/${key}`,
            publishedAt,
            likes,
            reposts,
            replies,
            quotes,
            metricsAt: read,
            createdAt: at.minus({ days: 3 }).toJSDate(),
            updatedAt: read,
          })
        }
        posts.at(-1)!.publishedUrl = deliveries[first].url
      }
    }
    await db.transaction(async (tx) => {
      for (let i = 0; i < posts.length; i += 500) await tx.insert(commsPosts).values(posts.slice(i, i + 500))
      for (let i = 0; i < texts.length; i += 500) await tx.insert(commsPostTexts).values(texts.slice(i, i + 500))
      for (let i = 0; i < deliveries.length; i += 500) await tx.insert(commsPostDeliveries).values(deliveries.slice(i, i + 500))
    })
    log(`reach: ${channels.map((c) => c.spec.name).join(', ')}: ${DEMO_SNAPSHOT_DAYS} days of followers, ${posts.length} posts`)
  },
}
