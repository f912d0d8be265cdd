// The calendar page's data: days in the project's time zone with their posts, slots and campaigns.
import { DateTime } from 'luxon'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { listCadences } from './cadences.server.ts'
import { getCalendar } from './slots.server.ts'
import { CALENDAR_VIEWS, type CalendarView, POST_STATUSES, type PostStatus, type SlotState } from './vocabulary.ts'

export interface CalendarQuery {
  view?: string | null
  date?: string | null
  channelId?: string | null
  status?: string | null
  now?: Date
}

function bounds(view: CalendarView, anchor: DateTime) {
  if (view === 'month') {
    const first = anchor.startOf('month')
    return {
      start: first.startOf('week'),
      end: first.endOf('month').endOf('week').plus({ milliseconds: 1 }),
      step: { months: 1 },
      title: first.toFormat('LLLL yyyy'),
    }
  }
  if (view === 'week') {
    const start = anchor.startOf('week')
    return {
      start,
      end: start.plus({ weeks: 1 }),
      step: { weeks: 1 },
      title: `Week ${start.toFormat("kkkk-'W'WW")} · ${start.toFormat('d LLL')} – ${start.plus({ days: 6 }).toFormat('d LLL yyyy')}`,
    }
  }
  const start = anchor.startOf('week')
  return {
    start,
    end: start.plus({ weeks: 6 }),
    step: { weeks: 6 },
    title: `${start.toFormat('d LLL')} – ${start.plus({ weeks: 6, days: -1 }).toFormat('d LLL yyyy')}`,
  }
}

export async function getCalendarView(query: CalendarQuery) {
  const now = query.now ?? new Date()
  const view: CalendarView = CALENDAR_VIEWS.includes(query.view as CalendarView) ? (query.view as CalendarView) : 'month'
  const status = POST_STATUSES.includes(query.status as PostStatus) ? (query.status as PostStatus) : undefined
  const { timeZone } = await getOrganisationSettings()
  const parsed = query.date ? DateTime.fromISO(query.date, { zone: timeZone }) : null
  const anchor = parsed?.isValid ? parsed : DateTime.fromJSDate(now, { zone: timeZone })
  const b = bounds(view, anchor)
  const [cal, cadences] = await Promise.all([
    getCalendar({ range: { start: b.start.toJSDate(), end: b.end.toJSDate() }, channelId: query.channelId || undefined, status, now }),
    listCadences(),
  ])
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()
  const dayOf = (iso: string | Date) =>
    (typeof iso === 'string' ? DateTime.fromISO(iso, { zone: timeZone }) : DateTime.fromJSDate(iso, { zone: timeZone })).toISODate()!
  const days: {
    date: string
    label: string
    inPeriod: boolean
    isToday: boolean
    slots: { key: string; channelId: string; channelName: string; label: string; start: string; state: SlotState; postIds: string[] }[]
    posts: { id: string; title: string; status: PostStatus; at: string; channels: string[] }[]
    campaigns: { id: string; name: string; isConference: boolean; starts: boolean }[]
    /** cadences starting or ending that day: where the rhythm switches */
    cadenceChanges: { id: string; text: string }[]
  }[] = []
  for (let d = b.start; d < b.end; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!
    days.push({
      date,
      label: d.toFormat(view === 'month' ? 'd' : 'ccc d LLL'),
      inPeriod: view !== 'month' || d.month === anchor.month,
      isToday: date === today,
      slots: [],
      posts: [],
      cadenceChanges: cadences
        .filter(
          (c) => (!query.channelId || !c.channelId || c.channelId === query.channelId) && (c.validFrom === date || c.validUntil === date),
        )
        .map((c) => ({
          id: c.id,
          text:
            c.validFrom === date
              ? `${c.label} starts (${c.channelName ?? 'all channels'})`
              : `${c.label} ends (${c.channelName ?? 'all channels'})`,
        })),
      campaigns: cal.campaigns
        .filter((c) => (c.startsOn ?? c.endsOn)! <= date && (c.endsOn ?? c.startsOn)! >= date)
        .map((c) => ({ id: c.id, name: c.name, isConference: c.isConference, starts: (c.startsOn ?? c.endsOn) === date })),
    })
  }
  const byDate = new Map(days.map((d) => [d.date, d]))
  // Slots hidden by a status filter would mislead: show them only without one.
  if (!status) {
    for (const slot of cal.slots) {
      byDate.get(dayOf(slot.start))?.slots.push({
        key: `${slot.channelId}-${slot.start}`,
        channelId: slot.channelId,
        channelName: slot.channelName,
        label: slot.label,
        start: slot.start,
        state: slot.state,
        postIds: slot.postIds,
      })
    }
  }
  for (const post of cal.posts) {
    const at = post.publishedAt ?? post.scheduledFor
    if (!at) continue
    byDate.get(dayOf(at))?.posts.push({
      id: post.id,
      title: post.title,
      status: post.status,
      at: at.toISOString(),
      channels: post.texts.map((t) => t.channelName),
    })
  }
  const iso = (dt: DateTime) => dt.toISODate()!
  return {
    view,
    timeZone,
    title: b.title,
    date: iso(anchor),
    prev: iso(anchor.minus(b.step)),
    next: iso(anchor.plus(b.step)),
    today: today!,
    filters: { channelId: query.channelId ?? '', status: status ?? '' },
    channels: cal.channels.map((c) => ({ id: c.id, name: c.name })),
    days,
    campaigns: cal.campaigns.map((c) => ({ id: c.id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, isConference: c.isConference })),
  }
}

export type CalendarViewData = Awaited<ReturnType<typeof getCalendarView>>
