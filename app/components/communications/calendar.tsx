// The calendar's three views (a month grid, a week of columns, a six-week agenda) and what each day holds.
import { Link } from 'react-router'
import type { CalendarViewData } from '#app/domain/communications/calendar-view.server.ts'
import { POST_STATUS_LABELS, SLOT_STATE_LABELS, type SlotState } from '#app/domain/communications/vocabulary.ts'
import { StatusBadge } from './status-badge.tsx'

type Day = CalendarViewData['days'][number]
interface ViewProps {
  calendar: CalendarViewData
  canEdit: boolean
}

function timeOf(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }).format(new Date(iso))
}

const SLOT_STYLES: Record<SlotState, string> = {
  open: 'border-amber-400 bg-amber-50 text-amber-900',
  filled: 'border-green-300 bg-green-50 text-green-800',
  missed: 'border-red-300 bg-red-50 text-red-800',
}

/** The calendar in the view it asks for. */
export function CalendarDays(props: ViewProps) {
  if (props.calendar.view === 'month') return <MonthGrid {...props} />
  if (props.calendar.view === 'week') return <WeekColumns {...props} />
  return <AgendaList {...props} />
}

function MonthGrid({ calendar, canEdit }: ViewProps) {
  const weeks: Day[][] = []
  for (let i = 0; i < calendar.days.length; i += 7) weeks.push(calendar.days.slice(i, i + 7))
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[720px] table-fixed border-collapse text-left">
        <thead>
          <tr>
            {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
              <th key={d} scope="col" className="border-b border-slate-200 px-2 py-1 text-xs font-medium uppercase text-slate-500">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0].date}>
              {week.map((day) => (
                <td
                  key={day.date}
                  className={`h-28 border border-slate-100 p-1 align-top ${day.inPeriod ? '' : 'bg-slate-50 text-slate-500'}`}
                  aria-label={day.date}
                >
                  <div
                    className={`mb-1 text-xs ${day.isToday ? 'inline-block rounded-full bg-brand-600 px-1.5 font-semibold text-white' : 'font-medium'}`}
                  >
                    {day.label}
                  </div>
                  <DayEntries day={day} calendar={calendar} canEdit={canEdit} compact />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function WeekColumns({ calendar, canEdit }: ViewProps) {
  return (
    <div className="grid gap-2 md:grid-cols-7">
      {calendar.days.map((day) => (
        <section
          key={day.date}
          aria-label={day.date}
          className={`min-h-40 rounded-lg border bg-white p-2 ${day.isToday ? 'border-brand-500' : 'border-slate-200'}`}
        >
          <h3 className="mb-2 text-sm font-semibold">{day.label}</h3>
          <DayEntries day={day} calendar={calendar} canEdit={canEdit} compact={false} />
        </section>
      ))}
    </div>
  )
}

/** Only the days with something on them (and today). */
function AgendaList({ calendar, canEdit }: ViewProps) {
  const agendaDays = calendar.days.filter(
    (d) => d.posts.length || d.slots.length || d.cadenceChanges.length || d.campaigns.some((c) => c.starts) || d.isToday,
  )
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      {agendaDays.length === 0 ? <p className="p-4 text-sm text-slate-600">Nothing planned in these six weeks.</p> : null}
      <ol className="divide-y divide-slate-100">
        {agendaDays.map((day) => (
          <li key={day.date} className="grid gap-2 p-3 sm:grid-cols-[10rem_1fr]">
            <h3 className={`text-sm font-semibold ${day.isToday ? 'text-brand-700' : ''}`}>
              {day.label}
              {day.isToday ? ' · today' : ''}
            </h3>
            <DayEntries day={day} calendar={calendar} canEdit={canEdit} compact={false} />
          </li>
        ))}
      </ol>
    </div>
  )
}

function DayEntries({ day, calendar, canEdit, compact }: ViewProps & { day: Day; compact: boolean }) {
  return (
    <ul className="space-y-1">
      {day.campaigns.map((c) => (
        <li
          key={c.id}
          className={`truncate rounded px-1.5 py-0.5 text-xs ${c.isConference ? 'bg-fuchsia-100 font-semibold text-fuchsia-900' : 'bg-slate-100 text-slate-700'}`}
          title={c.name}
        >
          {c.isConference ? '★ ' : ''}
          {c.name}
        </li>
      ))}
      {day.cadenceChanges.map((change) => (
        <li key={change.id} className="rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-900">
          ↻ {change.text}
        </li>
      ))}
      {day.slots.map((slot) => (
        <li key={slot.key} className={`rounded border border-dashed px-1.5 py-0.5 text-xs ${SLOT_STYLES[slot.state]}`}>
          <span className="font-medium">{slot.channelName}</span> {timeOf(slot.start, calendar.timeZone)} · {SLOT_STATE_LABELS[slot.state]}
          {slot.state === 'open' && canEdit ? (
            <>
              {' '}
              <Link
                className="font-semibold underline"
                to={`/communications/posts/new?channel=${slot.channelId}&slot=${encodeURIComponent(slot.start)}`}
                aria-label={`Write a post for the ${slot.channelName} slot on ${day.date}`}
              >
                Write a post
              </Link>
            </>
          ) : null}
        </li>
      ))}
      {day.posts.map((post) => (
        <li key={post.id}>
          <Link
            to={`/communications/posts/${post.id}`}
            className="block rounded border border-slate-200 bg-white px-1.5 py-1 text-xs shadow-sm hover:border-brand-500"
          >
            <span className="block truncate font-medium text-slate-900">{post.title}</span>
            <span className="flex flex-wrap items-center gap-1 text-slate-600">
              {timeOf(post.at, calendar.timeZone)} · {post.channels.join(', ') || 'no channel'}{' '}
              {compact ? null : <StatusBadge status={post.status} />}
            </span>
            {compact ? <span className="sr-only">{POST_STATUS_LABELS[post.status]}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  )
}
