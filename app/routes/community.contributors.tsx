import { useLoaderData } from 'react-router'
import { getContributorsPage } from '#app/domain/community/pages.server.ts'
import { CONTRIBUTION_KIND_LABELS, CONTRIBUTOR_STATUS_LABELS, type ContributorStatus } from '#app/domain/community/vocabulary.ts'
import { CommunityNav, PeriodFilters } from '#app/components/community/community-ui.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate } from '#app/utils/format.ts'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community.contributors'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return getContributorsPage(new URL(request.url).searchParams)
}

const STATUS_TONES: Record<ContributorStatus, string> = {
  new: 'bg-green-100 text-green-800',
  returning: 'bg-slate-100 text-slate-700',
  inactive: 'bg-amber-100 text-amber-900',
  earlier: '',
}

export default function ContributorsRoute() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Contributors"
        description="Everyone active in the period or the one before: new (first contribution in the period), returning (active again), inactive (active before, not now). Bots are left out."
      />
      <CommunityNav />
      <PeriodFilters
        period={d.period}
        periodChoices={d.periodChoices}
        repositories={d.repositories}
        repositoryId={d.repositoryId}
        extra={
          <div>
            <label htmlFor="status-filter" className="block text-sm font-medium text-slate-800">
              Show
            </label>
            <select
              id="status-filter"
              name="status"
              defaultValue={d.status}
              className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
            >
              <option value="">Everyone ({d.counts.new + d.counts.returning + d.counts.inactive})</option>
              <option value="new">New ({d.counts.new})</option>
              <option value="returning">Returning ({d.counts.returning})</option>
              <option value="inactive">Inactive ({d.counts.inactive})</option>
            </select>
          </div>
        }
      />
      <p className="-mt-4 mb-4 text-xs text-slate-500">{d.scope}</p>
      {d.contributors.length === 0 ? (
        <EmptyState title="Nobody contributed in this period">
          Pick a longer period, or check that the repositories have been synced.
        </EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Contributor
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Status
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  First contribution
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Last contribution
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  In period
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Kinds
                </th>
              </tr>
            </thead>
            <tbody>
              {d.contributors.map((c) => (
                <tr key={c.identity} className="border-b border-slate-100">
                  <th scope="row" className="py-1.5 pr-4 font-normal">
                    {c.identity}
                  </th>
                  <td className="py-1.5 pr-4">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONES[c.status]}`}>
                      {CONTRIBUTOR_STATUS_LABELS[c.status]}
                    </span>
                  </td>
                  <td className="py-1.5 pr-4">{formatDate(c.firstAt, d.timeZone)}</td>
                  <td className="py-1.5 pr-4">{formatDate(c.lastAt, d.timeZone)}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{c.inPeriod}</td>
                  <td className="py-1.5 text-slate-600">{c.kinds.map((k) => CONTRIBUTION_KIND_LABELS[k]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Contributors · Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
