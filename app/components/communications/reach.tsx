// The cards of /communications/reach: followers per channel, and the figures of each published post
// (read from Mastodon and Bluesky, or imported from X's and LinkedIn's analytics exports).
import { Link } from 'react-router'
import type { ReachPage } from '#app/domain/communications/pages.server.ts'
import { LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'
import { useDates } from '#app/utils/dates.tsx'

const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'))

/** Followers per connected channel over the last year: the chart and the latest count of each. */
export function FollowersCard({ followers, timeZone }: Pick<ReachPage, 'followers' | 'timeZone'>) {
  const dates = useDates(timeZone)
  return (
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
  )
}

/** The posts Steward published, with the engagement last read from their networks. */
export function PublishedPostsCard({ posts, timeZone }: Pick<ReachPage, 'posts' | 'timeZone'>) {
  const dates = useDates(timeZone)
  return (
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
  )
}

/** X and LinkedIn posts' figures, from the analytics exports the communications lead imported. */
export function ImportedFiguresCard({ imported, timeZone, canImport }: Pick<ReachPage, 'imported' | 'timeZone' | 'canImport'>) {
  const dates = useDates(timeZone)
  return (
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
  )
}
