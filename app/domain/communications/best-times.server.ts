// The publications best times and formats are computed from: Steward's deliveries of the last
// year whose engagement has been read, with their text on that channel.
import { and, asc, eq, gte, isNotNull } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { commsChannels, commsPostDeliveries, commsPostTexts } from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { bestTimes, MIN_POSTS_FOR_BEST } from './best-times.ts'
import { CHANNEL_KIND_LABELS } from './vocabulary.ts'

/** How far back best times look: a year, so every weekday and season is in. */
export const BEST_TIMES_DAYS = 365

/** Reach's "Best times and formats": for one channel (its id) or all, over the last year. */
export async function getBestTimesPanel(input: { channelId?: string | null; now?: Date }) {
  const now = input.now ?? new Date()
  const since = new Date(now.getTime() - BEST_TIMES_DAYS * 86_400_000)
  const { timeZone } = await getOrganisationSettings()
  // the channels Steward has published to: the choice above the figures
  const channels = await db
    .selectDistinct({ id: commsChannels.id, name: commsChannels.name, kind: commsChannels.kind })
    .from(commsChannels)
    .innerJoin(commsPostDeliveries, eq(commsPostDeliveries.channelId, commsChannels.id))
    .where(eq(commsPostDeliveries.state, 'published'))
    .orderBy(asc(commsChannels.name))
  const channelId = channels.some((c) => c.id === input.channelId) ? input.channelId! : null
  const rows = await db
    .select({
      publishedAt: commsPostDeliveries.publishedAt,
      text: commsPostTexts.text,
      likes: commsPostDeliveries.likes,
      reposts: commsPostDeliveries.reposts,
      replies: commsPostDeliveries.replies,
      quotes: commsPostDeliveries.quotes,
    })
    .from(commsPostDeliveries)
    .innerJoin(
      commsPostTexts,
      and(eq(commsPostTexts.postId, commsPostDeliveries.postId), eq(commsPostTexts.channelId, commsPostDeliveries.channelId)),
    )
    .where(
      and(
        eq(commsPostDeliveries.state, 'published'),
        isNotNull(commsPostDeliveries.metricsAt),
        gte(commsPostDeliveries.publishedAt, since),
        channelId ? eq(commsPostDeliveries.channelId, channelId) : undefined,
      ),
    )
  const samples = rows.map((r) => ({
    publishedAt: r.publishedAt!,
    text: r.text,
    interactions: (r.likes ?? 0) + (r.reposts ?? 0) + (r.replies ?? 0) + (r.quotes ?? 0),
  }))
  return {
    timeZone,
    channels: channels.map((c) => ({ id: c.id, label: `${c.name} (${CHANNEL_KIND_LABELS[c.kind]})` })),
    channelId,
    days: BEST_TIMES_DAYS,
    minPosts: MIN_POSTS_FOR_BEST,
    ...bestTimes(samples, timeZone),
  }
}
