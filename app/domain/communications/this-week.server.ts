import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { quarterOf, quarterPeriod } from '#app/utils/time.ts'
import { adherenceOf } from './cadence.ts'
import { listChannels } from './channels.server.ts'
import { listPosts } from './posts.server.ts'
import { listFailedDeliveries } from './publishing.server.ts'
import { loadFilledSlots } from './slots.server.ts'

/** Estimated minutes to sort out one post that a network refused (reconnect, shorten, try again). */
export const MINUTES_PER_FAILED_DELIVERY = 10

/**
 * The Communications card: slots this week and next with their state, posts waiting for review,
 * adherence this quarter. Minutes count this week's open slot times (one post can fill the slots
 * of several channels at the same time) and the reviews.
 */
export async function communicationsWeekCard(context: WeekContext): Promise<WeekCard> {
  const { week, now, settings } = context
  const timeZone = settings.timeZone
  const quarter = quarterOf(now, timeZone)
  const period = quarterPeriod(quarter, timeZone)
  const nextWeekEnd = week.end.plus({ weeks: 1 })
  const rangeStart = period.start < week.start ? period.start : week.start
  const rangeEnd = nextWeekEnd > period.end ? nextWeekEnd : period.end
  const [slots, ready, channels, failed] = await Promise.all([
    loadFilledSlots({ range: { start: rangeStart.toJSDate(), end: rangeEnd.toJSDate() }, now, timeZone }),
    listPosts({ status: ['ready'] }),
    listChannels(),
    listFailedDeliveries(),
  ])
  const names = new Map(channels.map((c) => [c.id, c.name]))
  const fmt = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  })

  const inWeeks = slots
    .filter((s) => s.start >= week.start.toJSDate() && s.start < nextWeekEnd.toJSDate())
    .sort((a, b) => a.start.getTime() - b.start.getTime() || (names.get(a.channelId) ?? '').localeCompare(names.get(b.channelId) ?? ''))
  const thisWeek = inWeeks.filter((s) => s.start < week.end.toJSDate())
  const openThisWeek = thisWeek.filter((s) => s.state !== 'filled')
  const openTimesThisWeek = new Set(openThisWeek.map((s) => s.start.getTime())).size
  const openAll = inWeeks.filter((s) => s.state !== 'filled')

  const items: WeekCardItem[] = []
  for (const slot of inWeeks) {
    const isThisWeek = slot.start < week.end.toJSDate()
    const label = `${names.get(slot.channelId) ?? 'Channel'} slot · ${fmt.format(slot.start)}`
    if (slot.state === 'filled') {
      items.push({ label, detail: 'Filled', href: `/communications/posts/${slot.postIds[0]}`, tone: 'done' })
    } else {
      items.push({
        label,
        detail: slot.state === 'missed' ? 'Missed' : isThisWeek ? 'Open: write a post' : 'Open next week',
        href: `/communications/posts/new?channel=${slot.channelId}&slot=${encodeURIComponent(slot.start.toISOString())}`,
        tone: isThisWeek && slot.state === 'open' ? 'urgent' : 'normal',
      })
    }
  }
  for (const post of ready)
    items.push({ label: `Review: ${post.title}`, detail: 'Ready for review', href: `/communications/posts/${post.id}`, tone: 'normal' })
  // a post a network refused comes first: it did not go out, and only a person can fix it
  items.unshift(
    ...failed.map((f) => ({
      label: `Not published: ${f.postTitle} on ${f.channelName}`,
      detail: f.reason ?? 'Failed',
      href: `/communications/posts/${f.postId}`,
      tone: 'urgent' as const,
    })),
  )
  const order = { urgent: 0, normal: 1, done: 2 } as const
  items.sort((a, b) => order[a.tone ?? 'normal'] - order[b.tone ?? 'normal'])

  const due = slots.filter((s) => s.start >= period.start.toJSDate() && s.start < period.end.toJSDate() && s.start <= now)
  const { adherence, filled, slots: dueCount } = adherenceOf(due)
  const adherenceText =
    adherence === null
      ? `no slots yet in ${quarter}`
      : `cadence kept ${Math.round(adherence * 100)}% in ${quarter} (${filled} of ${dueCount} slots)`
  const openText =
    openAll.length === 0
      ? 'Every slot this week and next has a post'
      : `${openAll.length} open ${openAll.length === 1 ? 'slot' : 'slots'} this week and next`
  const failedText = failed.length ? `${failed.length} ${failed.length === 1 ? 'post was' : 'posts were'} not published; ` : ''
  const reviewText = ready.length ? `, ${ready.length} ${ready.length === 1 ? 'post waits' : 'posts wait'} for review` : ''
  const { openSlot, postReview } = minutesFor(context)
  const minutes = openTimesThisWeek * openSlot + ready.length * postReview + failed.length * MINUTES_PER_FAILED_DELIVERY
  return {
    key: 'communications',
    role: 'communications',
    title: 'Communications',
    summary:
      channels.length === 0
        ? 'No channels yet: add the platforms you post on.'
        : `${failedText}${openText}${reviewText}; ${adherenceText}.`,
    items,
    minutes,
    minutesExplained: `${openTimesThisWeek} open slot ${openTimesThisWeek === 1 ? 'time' : 'times'} this week × ${openSlot} min (one post fills every channel's slot at that time) + ${ready.length} ${ready.length === 1 ? 'review' : 'reviews'} × ${postReview} min${failed.length ? ` + ${failed.length} not published × ${MINUTES_PER_FAILED_DELIVERY} min` : ''}`,
    href: channels.length === 0 ? '/communications/channels' : '/communications',
    emptyText:
      channels.length === 0 ? 'Add a channel and a cadence to see your slots here.' : 'No cadence slots this week or next: set a cadence.',
  }
}
