import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsCadences, commsCampaigns, commsChannels } from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { quarterOf, quarterPeriod } from '#app/utils/time.ts'
import { adherenceOf, type CadenceInput, type FilledSlot, fillSlots, type Range, slotsInRange, streakOf, weeklySeries } from './cadence.ts'
import { listPostPlacements, listPosts } from './posts.server.ts'
import type { PostStatus } from './vocabulary.ts'

/** Cadences that may have slots in the range (validity overlaps it). */
async function cadencesOverlapping(range: Range, timeZone: string, tx: DbOrTx): Promise<CadenceInput[]> {
  const lastDay = DateTime.fromJSDate(range.end, { zone: timeZone }).toISODate()!
  const firstDay = DateTime.fromJSDate(range.start, { zone: timeZone }).minus({ days: 1 }).toISODate()!
  return tx
    .select()
    .from(commsCadences)
    .where(and(lte(commsCadences.validFrom, lastDay), or(isNull(commsCadences.validUntil), gte(commsCadences.validUntil, firstDay))))
}

/**
 * The slots starting in the range on the active channels, filled from the posts scheduled or
 * published in their windows. A slot on a deactivated channel no longer counts.
 */
export async function loadFilledSlots(input: { range: Range; now: Date; timeZone?: string }, tx: DbOrTx = db): Promise<FilledSlot[]> {
  const timeZone = input.timeZone ?? (await getOrganisationSettings(tx)).timeZone
  const [cadences, channels] = await Promise.all([
    cadencesOverlapping(input.range, timeZone, tx),
    tx.select({ id: commsChannels.id }).from(commsChannels).where(eq(commsChannels.active, true)),
  ])
  const activeIds = channels.map((c) => c.id)
  const slots = slotsInRange(
    cadences.filter((c) => c.channelId === null || activeIds.includes(c.channelId)),
    activeIds,
    input.range,
    timeZone,
  )
  if (slots.length === 0) return []
  const until = new Date(Math.max(...slots.map((s) => s.end.getTime())))
  const placements = await listPostPlacements({ start: slots[0].start, end: until }, tx)
  return fillSlots(slots, placements, input.now)
}

/** The /communications overview: this quarter's adherence per channel, streaks, the chart, the open slots ahead. */
export async function getCommunicationsOverview(input: { now?: Date } = {}) {
  const now = input.now ?? new Date()
  const { timeZone } = await getOrganisationSettings()
  const quarter = quarterOf(now, timeZone)
  const period = quarterPeriod(quarter, timeZone)
  const chartStart = period.start.minus({ months: 3 })
  const ahead = DateTime.fromJSDate(now, { zone: timeZone }).plus({ weeks: 4 }).startOf('day')
  const rangeEnd = ahead > period.end ? ahead : period.end
  const [slots, channels, published] = await Promise.all([
    loadFilledSlots({ range: { start: chartStart.toJSDate(), end: rangeEnd.toJSDate() }, now, timeZone }),
    db.select().from(commsChannels).orderBy(asc(commsChannels.name)),
    listPosts({ status: ['published'], range: { start: chartStart.toJSDate(), end: period.end.toJSDate() } }),
  ])
  // Adherence counts the quarter's slots that have started: the rest of the quarter is still open.
  const due = slots.filter((s) => s.start >= period.start.toJSDate() && s.start < period.end.toJSDate() && s.start <= now)
  const perChannel = channels
    .filter((c) => c.active)
    .map((channel) => {
      const mine = due.filter((s) => s.channelId === channel.id)
      return {
        channelId: channel.id,
        name: channel.name,
        kind: channel.kind,
        ...adherenceOf(mine),
        streak: streakOf(
          slots.filter((s) => s.channelId === channel.id),
          now,
        ),
      }
    })
  const upcoming = slots.filter((s) => s.state === 'open' && s.end > now && s.start < ahead.toJSDate()).slice(0, 12)
  const names = new Map(channels.map((c) => [c.id, c.name]))
  return {
    quarter,
    timeZone,
    overall: { ...adherenceOf(due), streak: streakOf(slots, now) },
    perChannel,
    weekly: weeklySeries({
      period: { start: chartStart, end: period.end },
      slots: slots.filter((s) => s.start < period.end.toJSDate()),
      published: published.flatMap((p) => (p.publishedAt ? p.texts.map(() => p.publishedAt!) : [])),
      timeZone,
    }),
    upcoming: upcoming.map((s) => ({
      channelId: s.channelId,
      channelName: names.get(s.channelId) ?? '?',
      label: s.label,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
    })),
    hasChannels: channels.length > 0,
  }
}

export interface CalendarFilters {
  range: Range
  channelId?: string
  status?: PostStatus
}

/** What the calendar shows in a range: posts, slots (filled and open), campaign spans, the conference. */
export async function getCalendar(input: CalendarFilters & { now?: Date }) {
  const now = input.now ?? new Date()
  const { timeZone } = await getOrganisationSettings()
  const [slots, posts, channels] = await Promise.all([
    loadFilledSlots({ range: input.range, now, timeZone }),
    listPosts({ range: input.range, channelId: input.channelId, status: input.status ? [input.status] : undefined }),
    db.select().from(commsChannels).orderBy(asc(commsChannels.name)),
  ])
  const firstDay = DateTime.fromJSDate(input.range.start, { zone: timeZone }).toISODate()!
  const lastDay = DateTime.fromJSDate(input.range.end, { zone: timeZone }).toISODate()!
  const campaigns = await db
    .select()
    .from(commsCampaigns)
    .where(
      and(
        lte(sql`coalesce(${commsCampaigns.startsOn}, ${commsCampaigns.endsOn})`, lastDay),
        gte(sql`coalesce(${commsCampaigns.endsOn}, ${commsCampaigns.startsOn})`, firstDay),
      ),
    )
    .orderBy(asc(commsCampaigns.startsOn))
  const names = new Map(channels.map((c) => [c.id, c.name]))
  return {
    timeZone,
    channels,
    slots: slots
      .filter((s) => !input.channelId || s.channelId === input.channelId)
      .map((s) => ({ ...s, channelName: names.get(s.channelId) ?? '?', start: s.start.toISOString(), end: s.end.toISOString() })),
    posts,
    campaigns,
  }
}
