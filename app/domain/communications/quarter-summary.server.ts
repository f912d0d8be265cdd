import { and, asc, count, countDistinct, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { commsCampaigns, commsChannels, commsMaterials, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import type { CommunicationsSection, QuarterInput } from '#app/domain/reports/contract.ts'
import { adherenceOf, weekKey } from './cadence.ts'
import { reachForPeriod } from './reach.server.ts'
import { loadFilledSlots } from './slots.server.ts'

/**
 * The communications section of the quarterly report. Counts are aggregated in SQL; cadence
 * slots come from the cadences (they are not stored). For a quarter still running, adherence
 * counts the slots that have started by `now`.
 */
export async function summariseCommunicationsQuarter(input: QuarterInput & { now?: Date }): Promise<CommunicationsSection> {
  const now = input.now ?? new Date()
  const start = input.start.toJSDate()
  const end = input.end.toJSDate()
  const firstDay = input.start.toISODate()!
  const lastDay = input.end.minus({ days: 1 }).toISODate()!
  const publishedIn = and(eq(commsPosts.status, 'published'), gte(commsPosts.publishedAt, start), lt(commsPosts.publishedAt, end))!
  const weekExpr = sql<string>`to_char(${commsPosts.publishedAt} at time zone ${input.timeZone}, 'IYYY-"W"IW')`

  const [[{ postsPublished }], byChannel, weeklyPublished, campaigns, [{ materialsDelivered }], slots, reach] = await Promise.all([
    db.select({ postsPublished: count() }).from(commsPosts).where(publishedIn),
    db
      .select({ channel: commsChannels.kind, name: commsChannels.name, published: countDistinct(commsPosts.id) })
      .from(commsChannels)
      .leftJoin(commsPostTexts, eq(commsPostTexts.channelId, commsChannels.id))
      .leftJoin(commsPosts, and(eq(commsPosts.id, commsPostTexts.postId), publishedIn))
      .groupBy(commsChannels.id, commsChannels.kind, commsChannels.name)
      .orderBy(asc(commsChannels.name)),
    db
      .select({ week: weekExpr, published: count() })
      .from(commsPosts)
      .innerJoin(commsPostTexts, eq(commsPostTexts.postId, commsPosts.id))
      .where(publishedIn)
      // by position: the zone is a bound parameter, so the expression would not match itself
      .groupBy(sql`1`),
    db
      .select({
        name: commsCampaigns.name,
        startsOn: commsCampaigns.startsOn,
        endsOn: commsCampaigns.endsOn,
        postsPublished: countDistinct(commsPosts.id),
      })
      .from(commsCampaigns)
      .leftJoin(commsPosts, and(eq(commsPosts.campaignId, commsCampaigns.id), publishedIn))
      .where(
        and(
          or(isNull(commsCampaigns.startsOn), lte(commsCampaigns.startsOn, lastDay)),
          or(isNull(commsCampaigns.endsOn), gte(commsCampaigns.endsOn, firstDay)),
          or(sql`${commsCampaigns.startsOn} is not null`, sql`${commsCampaigns.endsOn} is not null`),
        ),
      )
      .groupBy(commsCampaigns.id, commsCampaigns.name, commsCampaigns.startsOn, commsCampaigns.endsOn)
      .orderBy(asc(commsCampaigns.startsOn)),
    db
      .select({ materialsDelivered: count() })
      .from(commsMaterials)
      .where(and(eq(commsMaterials.status, 'delivered'), gte(commsMaterials.deliveredAt, start), lt(commsMaterials.deliveredAt, end))),
    loadFilledSlots({ range: { start, end }, now, timeZone: input.timeZone }),
    reachForPeriod({ firstDay, lastDay, start, end }),
  ])

  const due = slots.filter((s) => s.start <= now)
  const weeks = new Map<string, { week: string; published: number; slots: number }>()
  for (let w = input.start.startOf('week'); w < input.end; w = w.plus({ weeks: 1 })) {
    const key = w.toFormat("kkkk-'W'WW")
    weeks.set(key, { week: key, published: 0, slots: 0 })
  }
  for (const row of weeklyPublished) {
    const week = weeks.get(row.week)
    if (week) week.published += row.published
  }
  for (const slot of slots) {
    const week = weeks.get(weekKey(slot.start, input.timeZone))
    if (week) week.slots += 1
  }
  return {
    postsPublished,
    byChannel: byChannel.map((c) => ({ channel: c.channel, name: c.name, published: c.published })),
    cadence: adherenceOf(due),
    campaigns,
    materialsDelivered,
    weekly: [...weeks.values()],
    audience: reach.audience,
    engagement: reach.engagement,
    provenance: {
      postsPublished:
        'Posts with status published whose publish time falls in the quarter (project time zone); a post on several channels counts once.',
      byChannel: 'Published posts in the quarter per channel: a post counts on every channel it has a text for.',
      cadence:
        'Cadence slots (occurrences of each cadence RRULE, per active channel) starting in the quarter and not after the report time; a slot is filled when a post on its channel is scheduled or published before the next slot. Adherence = filled / slots.',
      campaigns: 'Campaigns whose dates overlap the quarter, with their posts published in the quarter.',
      materialsDelivered: 'Materials (tutorials, notebooks, slides) marked delivered in the quarter.',
      weekly:
        'Per ISO week of the quarter: publications per channel (a post on two channels counts twice, as it fills two slots) and cadence slots.',
      audience:
        'Followers of each channel Steward reads daily (connected Mastodon and Bluesky): the latest daily count on or before the first and the last day of the quarter; null before the first count.',
      engagement:
        "Likes (favourites), reposts (boosts), replies and quotes of Steward's publications in the quarter, per channel summed, as last read from the networks (daily, for 30 days after publication). byChannel: per channel, its publications in the quarter (deliveries by Steward; on a hand-off channel, published posts with a text on it), how many have numbers, impressions where known (Mastodon and Bluesky report none; on a hand-off channel, those recorded for each post on that channel, typed in or imported) and interactions (likes + reposts + replies + quotes read back, or on a hand-off channel the engagements recorded for each post on that channel).",
    },
  }
}
