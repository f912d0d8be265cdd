import { Form, Link, useLoaderData } from 'react-router'
import { getCalendarPage } from '#app/domain/communications/pages.server.ts'
import { CALENDAR_VIEW_LABELS, CALENDAR_VIEWS, POST_STATUS_LABELS } from '#app/domain/communications/vocabulary.ts'
import { CalendarDays } from '#app/components/communications/calendar.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import { optionalIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/communications.calendar'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  return getCalendarPage({
    user,
    view: url.searchParams.get('view'),
    date: url.searchParams.get('date'),
    channelId: optionalIdParam(url.searchParams.get('channel')),
    status: url.searchParams.get('status'),
  })
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
          {CALENDAR_VIEWS.map((v) => (
            <Link
              key={v}
              to={link({ view: v })}
              aria-current={calendar.view === v ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${calendar.view === v ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
            >
              {CALENDAR_VIEW_LABELS[v]}
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

      <CalendarDays calendar={calendar} canEdit={canEdit} />
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
