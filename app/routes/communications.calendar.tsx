import { Form, Link, useLoaderData } from 'react-router'
import { getCalendarView } from '#app/domain/communications/calendar-view.server.ts'
import { POST_STATUS_LABELS } from '#app/domain/communications/vocabulary.ts'
import { StatusBadge } from '#app/components/communications/status-badge.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.calendar'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const calendar = await getCalendarView({
    view: url.searchParams.get('view'),
    date: url.searchParams.get('date'),
    channelId: url.searchParams.get('channel'),
    status: url.searchParams.get('status'),
  })
  return { calendar, canEdit: hasRole(user, 'communications') }
}

type Calendar = Awaited<ReturnType<typeof loader>>['calendar']
type Day = Calendar['days'][number]

function timeOf(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }).format(new Date(iso))
}

const SLOT_STYLES: Record<string, string> = {
  open: 'border-amber-400 bg-amber-50 text-amber-900',
  filled: 'border-green-300 bg-green-50 text-green-800',
  missed: 'border-red-300 bg-red-50 text-red-800',
}
const SLOT_WORDS: Record<string, string> = { open: 'open slot', filled: 'slot filled', missed: 'slot missed' }

function DayEntries({ day, calendar, canEdit, compact }: { day: Day; calendar: Calendar; canEdit: boolean; compact: boolean }) {
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
          <span className="font-medium">{slot.channelName}</span> {timeOf(slot.start, calendar.timeZone)} · {SLOT_WORDS[slot.state]}
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

export default function CalendarRoute() {
  const { calendar, canEdit } = useLoaderData<typeof loader>()
  const link = (changes: Record<string, string>) => {
    const params = new URLSearchParams({
      view: calendar.view,
      date: calendar.date,
      ...(calendar.filters.channelId ? { channel: calendar.filters.channelId } : {}),
      ...(calendar.filters.status ? { status: calendar.filters.status } : {}),
      ...changes,
    })
    return `?${params}`
  }
  const weeks: Day[][] = []
  for (let i = 0; i < calendar.days.length; i += 7) weeks.push(calendar.days.slice(i, i + 7))
  const agendaDays = calendar.days.filter(
    (d) => d.posts.length || d.slots.length || d.cadenceChanges.length || d.campaigns.some((c) => c.starts) || d.isToday,
  )
  return (
    <>
      <PageHeader
        title="Calendar"
        description="Posts, cadence slots (open, filled, missed), campaigns and the conference."
        actions={canEdit ? <ButtonLink to="/communications/posts/new">Write a post</ButtonLink> : null}
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="flex items-center gap-2">
          <ButtonLink variant="secondary" to={link({ date: calendar.prev })} aria-label="Previous">
            ←
          </ButtonLink>
          <ButtonLink variant="secondary" to={link({ date: calendar.today })}>
            Today
          </ButtonLink>
          <ButtonLink variant="secondary" to={link({ date: calendar.next })} aria-label="Next">
            →
          </ButtonLink>
          <h2 className="ml-2 text-lg font-semibold">{calendar.title}</h2>
        </div>
        <nav aria-label="Calendar view" className="flex gap-1">
          {(['month', 'week', 'agenda'] as const).map((v) => (
            <Link
              key={v}
              to={link({ view: v })}
              aria-current={calendar.view === v ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${calendar.view === v ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
            >
              {v === 'month' ? 'Month' : v === 'week' ? 'Week' : 'Agenda'}
            </Link>
          ))}
        </nav>
      </div>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <input type="hidden" name="view" value={calendar.view} />
        <input type="hidden" name="date" value={calendar.date} />
        <label className="flex flex-col">
          <span className="font-medium text-slate-800">Channel</span>
          <select name="channel" defaultValue={calendar.filters.channelId} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">All channels</option>
            {calendar.channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium text-slate-800">Status</span>
          <select name="status" defaultValue={calendar.filters.status} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Any status (and slots)</option>
            {Object.entries(POST_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">Filter</Button>
      </Form>

      {calendar.view === 'month' ? (
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
                      className={`h-28 border border-slate-100 p-1 align-top ${day.inPeriod ? '' : 'bg-slate-50 text-slate-400'}`}
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
      ) : calendar.view === 'week' ? (
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
      ) : (
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
      )}
      <p className="mt-3 text-xs text-slate-500">
        Times in {calendar.timeZone}. Dashed boxes are cadence slots: amber open, green filled, red missed. ↻ marks a cadence starting or
        ending; ★ marks the conference.
      </p>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Calendar · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
