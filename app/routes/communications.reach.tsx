import { Link, useLoaderData } from 'react-router'
import { getBestTimesPanel } from '#app/domain/communications/best-times.server.ts'
import { getReachPage } from '#app/domain/communications/pages.server.ts'
import { BestTimesCard } from '#app/components/communications/best-times.tsx'
import { LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { ButtonLink } from '#app/components/ui/button.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.reach'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const channelId = new URL(request.url).searchParams.get('channel')
  const [page, bestTimes] = await Promise.all([getReachPage({}), getBestTimesPanel({ channelId })])
  return { ...page, bestTimes, canImport: hasRole(user, 'communications') }
}

const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'))

export default function ReachRoute() {
  const { followers, posts, imported, connectedChannels, timeZone, canImport, bestTimes } = useLoaderData<typeof loader>()
  const dates = useDates(timeZone)
  return (
    <>
      <PageHeader
        title="Reach"
        description="Followers of each connected Mastodon and Bluesky channel, read every day, and how the posts Steward published did. X and LinkedIn numbers are recorded by hand on each post, or imported from their analytics exports."
        actions={
          canImport ? (
            <ButtonLink to="/communications/reach/import" variant="secondary">
              Import analytics export
            </ButtonLink>
          ) : null
        }
      />
      {connectedChannels === 0 ? (
        <EmptyState
          title="No connected channels yet"
          action={
            <Link className="text-brand-700 underline" to="/communications/channels">
              Connect a Mastodon or Bluesky channel
            </Link>
          }
        >
          Reach is read from the channels Steward publishes to.
        </EmptyState>
      ) : null}
      <div className="space-y-6">
        {followers.channels.length > 0 ? (
          <Card title="Followers, last 12 months">
            <LineSeriesChart
              title="Followers per channel and day"
              data={followers.series}
              xKey="day"
              series={followers.channels.map((c) => ({ key: c.id, label: c.name }))}
            />
            <ScrollRegion label="Followers per channel">
              <table className="mt-4 w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Followers</th>
                    <th scope="col">Change</th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {followers.channels.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="py-2 font-medium">
                        {c.name} <span className="text-xs font-normal text-slate-500">{c.kindLabel}</span>
                      </th>
                      <td>{count(c.followers)}</td>
                      <td>{c.change > 0 ? `+${count(c.change)}` : count(c.change)}</td>
                      <td>{dates.date(c.since)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </Card>
        ) : connectedChannels > 0 ? (
          <EmptyState title="No follower counts yet">They are read once a day; the first ones appear tomorrow morning.</EmptyState>
        ) : null}
        <BestTimesCard panel={bestTimes} />
        <Card title="Published by Steward">
          {posts.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing published by Steward yet: schedule a post on a connected channel.</p>
          ) : (
            <ScrollRegion label="Posts and their engagement">
              <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col">Post</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Published</th>
                    <th scope="col">Likes</th>
                    <th scope="col">Reposts</th>
                    <th scope="col">Replies</th>
                    <th scope="col">Quotes</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {posts.map((p) => (
                    <tr key={p.deliveryId}>
                      <th scope="row" className="py-2 font-medium">
                        <Link className="text-brand-700 underline" to={`/communications/posts/${p.postId}`}>
                          {p.title}
                        </Link>
                      </th>
                      <td>
                        {p.url ? (
                          <a className="underline" href={p.url} target="_blank" rel="noreferrer noopener">
                            {p.channelName}
                          </a>
                        ) : (
                          p.channelName
                        )}
                      </td>
                      <td>{p.publishedAt ? dates.dateTime(p.publishedAt) : '—'}</td>
                      <td>{count(p.likes)}</td>
                      <td>{count(p.reposts)}</td>
                      <td>{count(p.replies)}</td>
                      <td>{count(p.quotes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Card>
        <Card title="X and LinkedIn, from their analytics exports">
          {imported.length === 0 ? (
            <p className="text-sm text-slate-600">
              No export imported yet.{' '}
              {canImport ? (
                <Link className="text-brand-700 underline" to="/communications/reach/import">
                  Import an X or LinkedIn analytics export
                </Link>
              ) : (
                'The communications lead can import them.'
              )}
            </p>
          ) : (
            <ScrollRegion label="Imported post figures">
              <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col">Post</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Published</th>
                    <th scope="col">Impressions</th>
                    <th scope="col">Engagements</th>
                    <th scope="col">Likes</th>
                    <th scope="col">Reposts</th>
                    <th scope="col">Replies</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {imported.map((p) => (
                    <tr key={`${p.postId}-${p.channelId}`}>
                      <th scope="row" className="py-2 font-medium">
                        <Link className="text-brand-700 underline" to={`/communications/posts/${p.postId}`}>
                          {p.title}
                        </Link>
                      </th>
                      <td>{p.channelName}</td>
                      <td>{p.publishedAt ? dates.dateTime(p.publishedAt) : '—'}</td>
                      <td>{count(p.impressions)}</td>
                      <td>{count(p.engagements)}</td>
                      <td>{count(p.likes)}</td>
                      <td>{count(p.reposts)}</td>
                      <td>{count(p.replies)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Card>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Reach · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
