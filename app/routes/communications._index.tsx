import { Link, useLoaderData } from 'react-router'
import { getCommunicationsOverviewPage } from '#app/domain/communications/pages.server.ts'
import { BarSeriesChart } from '#app/components/charts/series-chart.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications._index'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getCommunicationsOverviewPage({ user })
}

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`)

function adherenceTone(value: number | null) {
  if (value === null) return 'text-slate-500'
  if (value >= 0.9) return 'text-green-700'
  if (value >= 0.6) return 'text-amber-700'
  return 'text-red-700'
}

export default function CommunicationsRoute() {
  const { overview, canEdit } = useLoaderData<typeof loader>()
  const { overall, perChannel, weekly, upcoming, quarter, timeZone } = overview
  const dates = useDates(timeZone)
  return (
    <>
      <PageHeader
        title="Communications"
        description={`Is the cadence being kept in ${quarter}? Adherence counts the quarter's slots so far: a slot is kept when a post on its channel is scheduled or published before the next slot.`}
        actions={canEdit ? <ButtonLink to="/communications/posts/new">Write a post</ButtonLink> : null}
      />
      {!overview.hasChannels ? (
        <EmptyState title="No channels yet" action={canEdit ? <ButtonLink to="/communications/channels">Add a channel</ButtonLink> : null}>
          Add the platforms you post on (X, LinkedIn, Mastodon…), then a cadence: how often you mean to post.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card>
              <p className="text-sm text-slate-600">Adherence {quarter}, all channels</p>
              <p className={`mt-1 text-3xl font-semibold ${adherenceTone(overall.adherence)}`}>{percent(overall.adherence)}</p>
              <p className="text-sm text-slate-600">
                {overall.filled} of {overall.slots} slots kept · streak {overall.streak}
              </p>
            </Card>
            {perChannel.map((channel) => (
              <Card key={channel.channelId}>
                <p className="text-sm text-slate-600">{channel.name}</p>
                <p className={`mt-1 text-3xl font-semibold ${adherenceTone(channel.adherence)}`}>{percent(channel.adherence)}</p>
                <p className="text-sm text-slate-600">
                  {channel.filled} of {channel.slots} slots · streak {channel.streak} {channel.streak === 1 ? 'slot' : 'slots'} kept
                </p>
              </Card>
            ))}
          </div>

          <div className="grid gap-6 lg:grid-cols-5">
            <Card title="Open slots in the next four weeks" className="lg:col-span-2">
              {upcoming.length === 0 ? (
                <p className="text-sm text-slate-600">
                  Every slot ahead has a post.{' '}
                  {perChannel.every((c) => c.slots === 0) ? (
                    <Link className="underline" to="/communications/cadences">
                      Set a cadence
                    </Link>
                  ) : null}
                </p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {upcoming.map((slot) => (
                    <li key={`${slot.channelId}-${slot.start}`} className="flex items-center justify-between gap-3 py-2">
                      <div>
                        <p className="text-sm font-medium text-slate-900">
                          {slot.channelName} · {dates.dateTime(slot.start)}
                        </p>
                        <p className="text-xs text-slate-500">
                          {slot.label} · open until {dates.dateTime(slot.end)}
                        </p>
                      </div>
                      {canEdit ? (
                        <ButtonLink
                          variant="secondary"
                          className="whitespace-nowrap"
                          to={`/communications/posts/new?channel=${slot.channelId}&slot=${encodeURIComponent(slot.start)}`}
                          aria-label={`Write a post for ${slot.channelName} on ${dates.dateTime(slot.start)}`}
                        >
                          Write a post
                        </ButtonLink>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Posts per week against the cadence" className="lg:col-span-3">
              <p className="mb-2 text-xs text-slate-500">Last two quarters; a post on two channels counts twice, as it fills two slots.</p>
              <BarSeriesChart
                title="Posts published per week and cadence slots"
                data={weekly}
                xKey="week"
                series={[
                  { key: 'published', label: 'Published (per channel)' },
                  { key: 'slots', label: 'Cadence slots', color: '#f59e0b' },
                ]}
              />
            </Card>
          </div>
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
