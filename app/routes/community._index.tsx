import { Link, useLoaderData } from 'react-router'
import { getCommunityPage } from '#app/domain/community/pages.server.ts'
import { CommunityNav, PeriodFilters } from '#app/components/community/community-ui.tsx'
import { ActivityStats, MaintainerActivityCard, ResponseTimeStats, TrendCharts } from '#app/components/community/overview.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return getCommunityPage(new URL(request.url).searchParams)
}

export default function CommunityRoute() {
  const d = useLoaderData<typeof loader>()
  const contributorsHref = `/community/contributors?${new URLSearchParams({ period: d.period.key, from: d.period.from, to: d.period.to, repo: d.repositoryId, status: 'new' })}`
  return (
    <>
      <PageHeader
        title="Community"
        description="Community health from GitHub, the forums and the mailboxes: how fast people get an answer, who contributes, and what moves. Hover or focus a number for its definition."
      />
      <CommunityNav />
      {d.repositories.length === 0 ? (
        <EmptyState title="No repository is tracked yet">
          Add one under{' '}
          <Link className="underline" to="/community/sources">
            Sources
          </Link>{' '}
          (or run <code>npm run steward -- repo add OWNER/NAME</code>), then sync it from GitHub.
        </EmptyState>
      ) : null}
      <PeriodFilters
        period={d.period}
        periodChoices={d.periodChoices}
        repositories={d.repositories}
        repositoryId={d.repositoryId}
        extra={
          d.sources.length ? (
            <div className="max-w-full">
              <label htmlFor="source-filter" className="block text-sm font-medium text-slate-800">
                Forums and mailboxes
              </label>
              <select
                id="source-filter"
                name="source"
                defaultValue={d.source}
                className="mt-1 block max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
              >
                <option value="">All sources</option>
                {d.sources.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null
        }
      />
      <p className="-mt-4 mb-4 text-xs text-slate-500" data-testid="scope">
        {d.scope}
      </p>
      <ResponseTimeStats responses={d.responses} answer={d.answer} scope={d.scope} forum={d.forum} email={d.email} />
      <ActivityStats
        contributors={d.contributors}
        openClose={d.openClose}
        latestStars={d.latestStars}
        scope={d.scope}
        contributorsHref={contributorsHref}
      />
      <TrendCharts chartFrom={d.chartFrom} targetHours={d.targetHours} monthly={d.monthly} stars={d.stars} />
      <MaintainerActivityCard activity={d.maintainerActivity} maintainersText={d.maintainersText} />
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
