// Communications in the personal calendar feed: scheduled posts, each cadence as ONE recurring
// event carrying its RRULE (and UNTIL), campaigns and the conference as all-day spans.
import { and, gte, inArray, isNull, or } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { commsCadences, commsCampaigns, commsChannels, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import type { FeedEvent, FeedSource } from '#app/domain/calendar/feed-source.ts'
import { cadenceStart, describeRrule, feedRrule } from './cadence.ts'

export const communicationsFeedSource: FeedSource = {
  name: 'communications',
  async events({ now, timeZone, origin }) {
    const since = DateTime.fromJSDate(now).minus({ days: 90 })
    const sinceDay = since.setZone(timeZone).toISODate()!
    const [posts, texts, cadences, channels, campaigns] = await Promise.all([
      db
        .select()
        .from(commsPosts)
        .where(and(inArray(commsPosts.status, ['scheduled', 'published']), gte(commsPosts.scheduledFor, since.toJSDate()))),
      db.select({ postId: commsPostTexts.postId, channelId: commsPostTexts.channelId }).from(commsPostTexts),
      db
        .select()
        .from(commsCadences)
        .where(or(isNull(commsCadences.validUntil), gte(commsCadences.validUntil, sinceDay))),
      db.select().from(commsChannels),
      db
        .select()
        .from(commsCampaigns)
        .where(or(gte(commsCampaigns.endsOn, sinceDay), and(isNull(commsCampaigns.endsOn), gte(commsCampaigns.startsOn, sinceDay)))),
    ])
    const channelName = new Map(channels.map((c) => [c.id, c.name]))
    const events: FeedEvent[] = []
    for (const post of posts) {
      if (!post.scheduledFor) continue
      const on = texts.filter((t) => t.postId === post.id).map((t) => channelName.get(t.channelId) ?? '?')
      const start = post.status === 'published' && post.publishedAt ? post.publishedAt : post.scheduledFor
      events.push({
        uid: `comms-post-${post.id}@steward`,
        summary: `${post.status === 'published' ? 'Posted' : 'Post'}: ${post.title}${on.length ? ` (${on.join(', ')})` : ''}`,
        description: post.status === 'published' ? `Published${post.publishedUrl ? ` at ${post.publishedUrl}` : ''}` : 'Scheduled post',
        url: `${origin}/communications/posts/${post.id}`,
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        categories: ['Communications'],
      })
    }
    for (const cadence of cadences) {
      const channel = cadence.channelId ? channels.find((c) => c.id === cadence.channelId) : null
      if (cadence.channelId && !channel?.active) continue
      const start = cadenceStart(cadence, timeZone)
      events.push({
        uid: `comms-cadence-${cadence.id}@steward`,
        summary: `Post slot: ${channel ? channel.name : 'all channels'} (${cadence.label})`,
        description: `Cadence ${describeRrule(cadence.rrule)}. Write a post for this slot in Steward.`,
        url: `${origin}/communications/calendar`,
        start: start.toJSDate(),
        end: start.plus({ minutes: 30 }).toJSDate(),
        rrule: feedRrule(cadence, timeZone),
        categories: ['Communications'],
      })
    }
    for (const campaign of campaigns) {
      const first = campaign.startsOn ?? campaign.endsOn
      const last = campaign.endsOn ?? campaign.startsOn
      if (!first || !last) continue
      events.push({
        uid: `comms-campaign-${campaign.id}@steward`,
        summary: campaign.isConference ? `Conference: ${campaign.name}` : `Campaign: ${campaign.name}`,
        description: campaign.goal ?? undefined,
        url: `${origin}/communications/campaigns`,
        start: DateTime.fromISO(first, { zone: 'UTC' }).toJSDate(),
        end: DateTime.fromISO(last, { zone: 'UTC' }).plus({ days: 1 }).toJSDate(),
        allDay: true,
        categories: ['Communications', campaign.isConference ? 'Conference' : 'Campaign'],
      })
    }
    return events
  },
}
