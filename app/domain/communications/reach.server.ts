// Reach: how many follow each connected channel, day by day, and how the posts Steward published
// did (likes/favourites, reposts/boosts, replies, quotes), read back from Mastodon and Bluesky by a
// daily job. One snapshot row per channel and day (a second run the same day overwrites it);
// engagement lives on the delivery, so a post on two channels has two sets of numbers.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import {
  type CommsChannel,
  commsChannelConnections,
  commsChannelDailyStats,
  commsChannels,
  commsPostChannelMetrics,
  commsPostDeliveries,
  commsPosts,
  commsPostTexts,
} from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { createBlueskyClient } from '#app/integrations/bluesky/client.server.ts'
import { createMastodonClient } from '#app/integrations/mastodon/client.server.ts'
import { RemoteError } from '#app/utils/remote-error.ts'
import { SecretError } from '#app/utils/secrets.server.ts'
import { connectionSecret, saveSession } from './connections.server.ts'
import { CHANNEL_KIND_LABELS } from './vocabulary.ts'

/** Posts older than this are no longer read back: their numbers have settled. */
export const ENGAGEMENT_WINDOW_DAYS = 30

export interface ReachRun {
  channels: Array<{ channelId: string; name: string; followers: number | null; postsRead: number; error: string | null }>
}

/** Reads followers and recent engagement of every connected channel; one channel's failure does not stop the others. */
export async function recordReach(options: { now?: Date } = {}): Promise<ReachRun> {
  const now = options.now ?? new Date()
  const { timeZone } = await getOrganisationSettings()
  const day = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!
  const since = new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * 86_400_000)
  const targets = await db
    .select({ channel: commsChannels, connection: commsChannelConnections })
    .from(commsChannelConnections)
    .innerJoin(commsChannels, eq(commsChannels.id, commsChannelConnections.channelId))
    .where(
      and(
        isNotNull(commsChannelConnections.credential),
        inArray(commsChannels.kind, ['mastodon', 'bluesky']),
        // demo channels lead nowhere: their numbers come from `demo load`, never from the network
        eq(commsChannelConnections.demo, false),
      ),
    )
    .orderBy(asc(commsChannels.name))
  const run: ReachRun = { channels: [] }
  for (const { channel, connection } of targets) {
    const entry = {
      channelId: channel.id,
      name: channel.name,
      followers: null as number | null,
      postsRead: 0,
      error: null as string | null,
    }
    run.channels.push(entry)
    try {
      const published = await db
        .select({ id: commsPostDeliveries.id, networkId: commsPostDeliveries.networkId })
        .from(commsPostDeliveries)
        .where(
          and(
            eq(commsPostDeliveries.channelId, channel.id),
            eq(commsPostDeliveries.state, 'published'),
            isNotNull(commsPostDeliveries.networkId),
            gte(commsPostDeliveries.publishedAt, since),
          ),
        )
      const counts = new Map<string, { likes: number; reposts: number; replies: number; quotes: number }>()
      const { secret, session } = connectionSecret(connection)
      if (channel.kind === 'mastodon') {
        const client = createMastodonClient({ instanceUrl: connection.serviceUrl, accessToken: secret })
        const account = await client.lookupAccount((connection.accountName ?? '').replace(/^@/, ''))
        entry.followers = account.followersCount
        const { statuses } = await client.getStatuses(published.map((p) => p.networkId!))
        for (const s of statuses) counts.set(s.id, { likes: s.favourites, reposts: s.reblogs, replies: s.replies, quotes: s.quotes })
      } else {
        const client = createBlueskyClient({
          serviceUrl: connection.serviceUrl,
          identifier: connection.identifier ?? '',
          appPassword: secret,
          session,
          onSession: (s) => void saveSession(channel.id, s).catch(() => {}),
        })
        const profile = await client.getProfile(connection.accountId ?? connection.identifier ?? '')
        entry.followers = profile.followersCount
        const { posts } = await client.getPosts(published.map((p) => p.networkId!))
        for (const p of posts) counts.set(p.uri, { likes: p.likes, reposts: p.reposts, replies: p.replies, quotes: p.quotes })
      }
      await db.transaction(async (tx) => {
        await tx
          .insert(commsChannelDailyStats)
          .values({ channelId: channel.id, day, followers: entry.followers!, recordedAt: now })
          .onConflictDoUpdate({
            target: [commsChannelDailyStats.channelId, commsChannelDailyStats.day],
            set: { followers: entry.followers!, recordedAt: now },
          })
        for (const p of published) {
          const c = counts.get(p.networkId!)
          if (!c) continue // deleted on the network: keep the last numbers read
          await tx
            .update(commsPostDeliveries)
            .set({ ...c, metricsAt: now })
            .where(eq(commsPostDeliveries.id, p.id))
          entry.postsRead += 1
        }
      })
    } catch (error) {
      if (!(error instanceof RemoteError) && !(error instanceof SecretError)) throw error
      entry.error = error.message
    }
  }
  return run
}

/** Followers per channel for the last `days` days (a row per day with a column per channel), and the latest per channel. */
export async function followerSeries(options: { now?: Date; days?: number } = {}) {
  const now = options.now ?? new Date()
  const { timeZone } = await getOrganisationSettings()
  const from = DateTime.fromJSDate(now, { zone: timeZone })
    .minus({ days: (options.days ?? 90) - 1 })
    .toISODate()!
  const rows = await db
    .select({ channelId: commsChannelDailyStats.channelId, day: commsChannelDailyStats.day, followers: commsChannelDailyStats.followers })
    .from(commsChannelDailyStats)
    .where(gte(commsChannelDailyStats.day, from))
    .orderBy(asc(commsChannelDailyStats.day))
  const channels = await db.select().from(commsChannels).orderBy(asc(commsChannels.name))
  const shown = channels.filter((c) => rows.some((r) => r.channelId === c.id))
  const days = [...new Set(rows.map((r) => r.day))]
  return {
    channels: shown.map((c) => {
      const own = rows.filter((r) => r.channelId === c.id)
      const first = own[0]
      const last = own.at(-1)!
      return {
        id: c.id,
        name: c.name,
        kindLabel: CHANNEL_KIND_LABELS[c.kind],
        followers: last.followers,
        since: first.day,
        change: last.followers - first.followers,
      }
    }),
    series: days.map((day) => {
      const row: Record<string, string | number | null> = { day }
      for (const c of shown) row[c.id] = rows.find((r) => r.day === day && r.channelId === c.id)?.followers ?? null
      return row
    }),
  }
}

/** Posts Steward published, newest first, with each channel's numbers. */
export async function listPublishedWithEngagement(options: { limit?: number } = {}) {
  return db
    .select({
      deliveryId: commsPostDeliveries.id,
      postId: commsPosts.id,
      title: commsPosts.title,
      channelName: commsChannels.name,
      url: commsPostDeliveries.url,
      publishedAt: commsPostDeliveries.publishedAt,
      likes: commsPostDeliveries.likes,
      reposts: commsPostDeliveries.reposts,
      replies: commsPostDeliveries.replies,
      quotes: commsPostDeliveries.quotes,
      metricsAt: commsPostDeliveries.metricsAt,
    })
    .from(commsPostDeliveries)
    .innerJoin(commsPosts, eq(commsPosts.id, commsPostDeliveries.postId))
    .innerJoin(commsChannels, eq(commsChannels.id, commsPostDeliveries.channelId))
    .where(eq(commsPostDeliveries.state, 'published'))
    .orderBy(desc(commsPostDeliveries.publishedAt), asc(commsChannels.name))
    .limit(options.limit ?? 50)
}

/**
 * The report's audience and engagement for a period: followers per channel at its first and last
 * day (the nearest snapshot on or before each), and the engagement of Steward's publications
 * between `start` (included) and `end` (excluded).
 */
export async function reachForPeriod(period: { firstDay: string; lastDay: string; start: Date; end: Date }) {
  const channels = await db.select().from(commsChannels).orderBy(asc(commsChannels.name))
  const audience = []
  for (const c of channels) {
    const at = async (day: string) => {
      const [row] = await db
        .select({ followers: commsChannelDailyStats.followers })
        .from(commsChannelDailyStats)
        .where(and(eq(commsChannelDailyStats.channelId, c.id), sql`${commsChannelDailyStats.day} <= ${day}`))
        .orderBy(desc(commsChannelDailyStats.day))
        .limit(1)
      return row?.followers ?? null
    }
    const end = await at(period.lastDay)
    if (end === null) continue
    const start = await at(period.firstDay)
    audience.push({ channel: c.name, kind: c.kind, followersStart: start, followersEnd: end, change: start === null ? null : end - start })
  }
  const [totals] = await db
    .select({
      posts: sql<number>`count(*)::int`,
      likes: sql<number>`coalesce(sum(${commsPostDeliveries.likes}), 0)::int`,
      reposts: sql<number>`coalesce(sum(${commsPostDeliveries.reposts}), 0)::int`,
      replies: sql<number>`coalesce(sum(${commsPostDeliveries.replies}), 0)::int`,
      quotes: sql<number>`coalesce(sum(${commsPostDeliveries.quotes}), 0)::int`,
    })
    .from(commsPostDeliveries)
    .where(
      and(
        eq(commsPostDeliveries.state, 'published'),
        gte(commsPostDeliveries.publishedAt, period.start),
        lt(commsPostDeliveries.publishedAt, period.end),
      ),
    )
  const byChannel = await engagementByChannel(channels, period)
  return { audience, engagement: { ...totals, byChannel } }
}

export interface ChannelEngagement {
  /** the channel's kind (mastodon, x …) */
  channel: string
  name: string
  /** publications in the period: deliveries by Steward, or posts with a text on a hand-off channel */
  posts: number
  /** of those, how many have numbers (read back from the network, or typed in by hand) */
  postsMeasured: number
  /** null where nobody knows them: Mastodon and Bluesky do not report impressions */
  impressions: number | null
  /** likes + reposts + replies + quotes read back, or on a hand-off channel the engagements typed in or imported for it; null when none is known */
  interactions: number | null
}

/**
 * Engagement per channel for a period. Channels Steward publishes to count their deliveries and the
 * numbers read back for each. Hand-off channels (X, LinkedIn …) count the published posts with a text
 * on them and the figures kept for each post on that channel (typed in by hand or imported from the
 * network's export), so a post on X and LinkedIn counts its X figures on X and its LinkedIn ones on
 * LinkedIn.
 */
async function engagementByChannel(channels: CommsChannel[], period: { start: Date; end: Date }): Promise<ChannelEngagement[]> {
  const delivered = await db
    .select({
      channelId: commsPostDeliveries.channelId,
      posts: sql<number>`count(*)::int`,
      measured: sql<number>`count(${commsPostDeliveries.metricsAt})::int`,
      interactions: sql<
        number | null
      >`(sum(coalesce(${commsPostDeliveries.likes}, 0) + coalesce(${commsPostDeliveries.reposts}, 0) + coalesce(${commsPostDeliveries.replies}, 0) + coalesce(${commsPostDeliveries.quotes}, 0)) filter (where ${commsPostDeliveries.metricsAt} is not null))::int`,
    })
    .from(commsPostDeliveries)
    .where(
      and(
        eq(commsPostDeliveries.state, 'published'),
        gte(commsPostDeliveries.publishedAt, period.start),
        lt(commsPostDeliveries.publishedAt, period.end),
      ),
    )
    .groupBy(commsPostDeliveries.channelId)
  // hand-off: published posts with a text on the channel and no delivery there, with the figures
  // typed in or imported for that post on that channel
  const measured = sql`(${commsPostChannelMetrics.impressions} is not null or ${commsPostChannelMetrics.engagements} is not null)`
  const handOff = await db
    .select({
      channelId: commsPostTexts.channelId,
      posts: sql<number>`count(*)::int`,
      measured: sql<number>`(count(*) filter (where ${measured}))::int`,
      impressions: sql<number | null>`(sum(${commsPostChannelMetrics.impressions}))::int`,
      interactions: sql<number | null>`(sum(${commsPostChannelMetrics.engagements}))::int`,
    })
    .from(commsPostTexts)
    .innerJoin(commsPosts, eq(commsPosts.id, commsPostTexts.postId))
    .leftJoin(
      commsPostDeliveries,
      and(eq(commsPostDeliveries.postId, commsPostTexts.postId), eq(commsPostDeliveries.channelId, commsPostTexts.channelId)),
    )
    .leftJoin(
      commsPostChannelMetrics,
      and(eq(commsPostChannelMetrics.postId, commsPostTexts.postId), eq(commsPostChannelMetrics.channelId, commsPostTexts.channelId)),
    )
    .where(
      and(
        eq(commsPosts.status, 'published'),
        gte(commsPosts.publishedAt, period.start),
        lt(commsPosts.publishedAt, period.end),
        isNull(commsPostDeliveries.id),
      ),
    )
    .groupBy(commsPostTexts.channelId)
  const out: ChannelEngagement[] = []
  for (const c of channels) {
    const d = delivered.find((r) => r.channelId === c.id)
    const h = handOff.find((r) => r.channelId === c.id)
    if (!d && !h) continue
    const known = (a: number | null | undefined, b: number | null | undefined) =>
      a == null && b == null ? null : Number(a ?? 0) + Number(b ?? 0)
    out.push({
      channel: c.kind,
      name: c.name,
      posts: (d?.posts ?? 0) + (h?.posts ?? 0),
      postsMeasured: (d?.measured ?? 0) + (h?.measured ?? 0),
      impressions: known(null, h?.impressions),
      interactions: known(d && d.measured > 0 ? d.interactions : null, h?.interactions),
    })
  }
  return out
}
