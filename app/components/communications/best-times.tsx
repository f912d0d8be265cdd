// Reach's "Best times and formats" card: the median interactions by weekday, hour and format, each
// with the posts it rests on; a best is named only where enough posts stand behind it.
import { Form } from 'react-router'
import type { Bucket } from '#app/domain/communications/best-times.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'

export interface BestTimesPanel {
  timeZone: string
  channels: { id: string; label: string }[]
  channelId: string | null
  days: number
  posts: number
  byWeekday: Bucket[]
  byHour: Bucket[]
  byFormat: Bucket[]
  best: { weekday: Bucket | null; hour: Bucket | null; format: Bucket | null }
  minPosts: number
}

const interactions = (n: number | null) => (n === null ? '—' : n.toLocaleString('en', { maximumFractionDigits: 1 }))
const posts = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'post' : 'posts'}`

function BestLine({ what, bucket, minPosts }: { what: string; bucket: Bucket | null; minPosts: number }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500">{what}</dt>
      <dd className="text-sm">
        {bucket ? (
          <>
            <span className="font-semibold text-slate-900">{bucket.label}</span>: median {interactions(bucket.median)} interactions over{' '}
            {posts(bucket.posts)}
          </>
        ) : (
          <span className="text-slate-600">Not enough posts yet: none has {minPosts} or more.</span>
        )}
      </dd>
    </div>
  )
}

function BucketTable({ caption, first, buckets, minPosts }: { caption: string; first: string; buckets: Bucket[]; minPosts: number }) {
  return (
    <ScrollRegion label={caption} className="min-w-0">
      <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
        <caption className="mb-1 text-left text-sm font-medium text-slate-800">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Posts</th>
            <th scope="col">Median interactions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {buckets.map((b) => (
            <tr key={b.key}>
              <th scope="row" className="py-1.5 font-medium">
                {b.label}
              </th>
              <td>{b.posts.toLocaleString('en')}</td>
              <td>
                {interactions(b.median)}
                {b.enough ? null : <span className="block text-xs text-slate-500">fewer than {minPosts} posts: not compared</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

export function BestTimesCard({ panel }: { panel: BestTimesPanel }) {
  return (
    <Card title="Best times and formats">
      <p className="text-sm text-slate-600">
        Median interactions (likes, reposts, replies and quotes) of Steward’s publications in the last {panel.days} days whose numbers have
        been read, by the time they went out ({panel.timeZone}) and by format (a link, a question, or plain text). A day, hour or format is
        called the best only when at least {panel.minPosts} posts stand behind it.
      </p>
      {panel.channels.length > 1 ? (
        <Form method="get" className="mt-3 flex flex-wrap items-end gap-3 text-sm" preventScrollReset>
          <label className="flex flex-col">
            <span className="font-medium text-slate-800">Channel</span>
            <select name="channel" defaultValue={panel.channelId ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
              <option value="">All channels</option>
              {panel.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <Button variant="secondary">Show</Button>
        </Form>
      ) : null}
      {panel.posts === 0 ? (
        <p className="mt-3 text-sm text-slate-600">
          No publication with engagement yet. Once Steward has published posts and read their numbers (the day after), the best times show
          here.
        </p>
      ) : (
        <>
          <dl className="mt-4 grid gap-3 sm:grid-cols-3">
            <BestLine what="Best weekday" bucket={panel.best.weekday} minPosts={panel.minPosts} />
            <BestLine what="Best hour" bucket={panel.best.hour} minPosts={panel.minPosts} />
            <BestLine what="Best format" bucket={panel.best.format} minPosts={panel.minPosts} />
          </dl>
          <p className="mt-2 text-xs text-slate-500">From {posts(panel.posts)}.</p>
          <div className="mt-4 grid gap-6 lg:grid-cols-3">
            <BucketTable caption="By weekday" first="Weekday" buckets={panel.byWeekday} minPosts={panel.minPosts} />
            <BucketTable caption="By hour" first="Hour" buckets={panel.byHour} minPosts={panel.minPosts} />
            <BucketTable caption="By format" first="Format" buckets={panel.byFormat} minPosts={panel.minPosts} />
          </div>
        </>
      )}
    </Card>
  )
}
