import { Form, Link, useLoaderData } from 'react-router'
import { getPostsPage } from '#app/domain/communications/pages.server.ts'
import { POST_STATUS_LABELS, POST_STATUSES } from '#app/domain/communications/vocabulary.ts'
import { StatusBadge } from '#app/components/communications/status-badge.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import { optionalIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/communications.posts._index'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  return getPostsPage({ user, status: url.searchParams.get('status'), channelId: optionalIdParam(url.searchParams.get('channel')) })
}

export default function PostsRoute() {
  const { posts, channels, filters, timeZone, canEdit } = useLoaderData<typeof loader>()
  const dates = useDates(timeZone)
  return (
    <>
      <PageHeader
        title="Posts"
        description="Every post in date order; ideas and drafts without a date come last."
        actions={canEdit ? <ButtonLink to="/communications/posts/new">Write a post</ButtonLink> : null}
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span className="font-medium text-slate-800">Status</span>
          <select name="status" defaultValue={filters.status} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Any status</option>
            {POST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {POST_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium text-slate-800">Channel</span>
          <select name="channel" defaultValue={filters.channelId} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">Filter</Button>
      </Form>
      {posts.length === 0 ? (
        <EmptyState title="No posts match" action={canEdit ? <ButtonLink to="/communications/posts/new">Write a post</ButtonLink> : null}>
          Start with an idea: a title is enough.
        </EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2">
                  Post
                </th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Channels</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {posts.map((p) => (
                <tr key={p.id}>
                  <td className="py-2">
                    <Link to={`/communications/posts/${p.id}`} className="font-medium text-brand-700 underline">
                      {p.title}
                    </Link>
                    {p.campaignName ? <p className="text-xs text-slate-500">{p.campaignName}</p> : null}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="whitespace-nowrap">{p.at ? dates.dateTime(p.at) : '—'}</td>
                  <td>{p.channels.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Posts · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
