import { Stat } from '#app/components/ui/stat.tsx'
import { Link, useLoaderData } from 'react-router'
import { loadCommunityDashboard } from '#app/domain/community/dashboard.server.ts'
import { DEFINITIONS } from '#app/domain/community/definitions.ts'
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { CommunityNav, formatHours, PeriodFilters } from '#app/components/community/community-ui.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/community._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return loadCommunityDashboard(new URL(request.url).searchParams)
}

const KIND_LABELS = { issue: 'Issues', pull_request: 'Pull requests', discussion: 'Discussions' } as const

export default function CommunityRoute() {
  const d = useLoaderData<typeof loader>()
  const ratio = d.openClose.changeRequestClosureRatio
  return (
    <>
      <PageHeader
        title="Community"
        description="Community health from GitHub: how fast people get an answer, who contributes, and what moves. Hover or focus a number for its definition."
      />
      <CommunityNav />
      {d.repositories.length === 0 ? (
        <EmptyState title="No repository is tracked yet">
          Add one under{' '}
          <Link className="underline" to="/community/repositories">
            Repositories
          </Link>{' '}
          (or run <code>npm run steward -- repo add OWNER/NAME</code>), then sync it from GitHub.
        </EmptyState>
      ) : null}
      <PeriodFilters period={d.period} periodChoices={d.periodChoices} repositories={d.repositories} repositoryId={d.repositoryId} />
      <p className="-mt-4 mb-4 text-xs text-slate-500" data-testid="scope">
        {d.scope}
      </p>

      <section aria-labelledby="response-heading" className="mb-6">
        <h2 id="response-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Time to first response
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {(['issue', 'pull_request', 'discussion'] as const).map((kind) => {
            const r = d.responses[kind]
            return (
              <Stat
                key={kind}
                label={`${KIND_LABELS[kind]}: median`}
                value={formatHours(r.median)}
                detail={`90th percentile ${formatHours(r.p90)} · ${r.count} answered · ${r.waiting} waiting`}
                definition={DEFINITIONS.firstResponse}
                scope={d.scope}
              />
            )
          })}
          <Stat
            label="Time to answer (Q&A)"
            value={formatHours(d.answer.median)}
            detail={`${d.answer.count} answered · ${d.answer.unanswered} without an answer`}
            definition={DEFINITIONS.timeToAnswer}
            scope={d.scope}
          />
        </div>
      </section>

      <section aria-labelledby="activity-heading" className="mb-6">
        <h2 id="activity-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Contributors and activity
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Stat
            label="New contributors"
            value={d.contributors.newContributors}
            definition={DEFINITIONS.newContributors}
            scope={d.scope}
            detail={
              <Link
                className="underline"
                to={`/community/contributors?${new URLSearchParams({ period: d.period.key, from: d.period.from, to: d.period.to, repo: d.repositoryId, status: 'new' })}`}
              >
                See who
              </Link>
            }
          />
          <Stat
            label="Active contributors"
            value={d.contributors.activeContributors}
            definition={DEFINITIONS.activeContributors}
            scope={d.scope}
          />
          <Stat
            label="Inactive contributors"
            value={d.contributors.inactiveContributors}
            detail="active in the previous period, not this one"
            definition={DEFINITIONS.inactiveContributors}
            scope={d.scope}
          />
          <Stat
            label="Contributor absence factor"
            value={d.contributors.contributorAbsenceFactor ?? '—'}
            detail="people behind half the commits"
            definition={DEFINITIONS.absenceFactor}
            scope={d.scope}
          />
          <Stat
            label="Change request closure ratio"
            value={ratio == null ? '—' : `${Math.round(ratio * 100)}%`}
            detail={`${d.openClose.pullRequestsClosed} closed or merged / ${d.openClose.pullRequestsOpened} opened`}
            definition={DEFINITIONS.closure}
            scope={d.scope}
          />
          <Stat
            label="Issues opened / closed"
            value={`${d.openClose.issuesOpened} / ${d.openClose.issuesClosed}`}
            definition={DEFINITIONS.openedClosed}
            scope={d.scope}
          />
          <Stat
            label="Pull requests opened / closed"
            value={`${d.openClose.pullRequestsOpened} / ${d.openClose.pullRequestsClosed}`}
            definition={DEFINITIONS.openedClosed}
            scope={d.scope}
          />
          <Stat
            label="Stars"
            value={d.latestStars?.stars.toLocaleString('en') ?? '—'}
            detail={
              d.latestStars ? `${d.latestStars.forks.toLocaleString('en')} forks, at the end of the period` : 'no snapshot in this period'
            }
            definition={DEFINITIONS.stars}
            scope={d.scope}
          />
        </div>
      </section>

      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Trends since {d.chartFrom}</h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Median time to first response per month (hours)">
          <LineSeriesChart
            title="Median time to first response per month, hours"
            data={d.monthly}
            xKey="month"
            series={[{ key: 'medianFirstResponseHours', label: 'Median first response (h)' }]}
          />
          <p className="mt-2 text-xs text-slate-500">Target: {d.targetHours} h. Items created in each month, all kinds.</p>
        </Card>
        <Card title="New contributors per month">
          <BarSeriesChart
            title="New contributors per month"
            data={d.monthly}
            xKey="month"
            series={[{ key: 'newContributors', label: 'New contributors' }]}
          />
        </Card>
        <Card title="Issues and pull requests opened vs closed per month">
          <BarSeriesChart
            title="Issues and pull requests opened vs closed per month"
            data={d.monthly}
            xKey="month"
            series={[
              { key: 'opened', label: 'Opened' },
              { key: 'closed', label: 'Closed or merged' },
            ]}
          />
        </Card>
        <Card title="Stars and forks over time">
          {d.stars.length ? (
            <LineSeriesChart
              title="Stars and forks at the end of each month"
              data={d.stars}
              xKey="month"
              series={[
                { key: 'stars', label: 'Stars' },
                { key: 'forks', label: 'Forks' },
              ]}
            />
          ) : (
            <p className="text-sm text-slate-600">No snapshot in this period: the sync takes one a day.</p>
          )}
        </Card>
      </div>

      <Card title="Maintainer activity" className="mt-6">
        <p className="mb-3 text-xs text-slate-500">
          {DEFINITIONS.maintainerActivity} {d.maintainersText}
        </p>
        {d.maintainerActivity.length === 0 ? (
          <p className="text-sm text-slate-600">
            No maintainer is known yet: list their GitHub logins in the setting <code>community.maintainers</code>, or sync a repository.
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Maintainer
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Responses
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Reviews
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Merges
                </th>
              </tr>
            </thead>
            <tbody>
              {d.maintainerActivity.map((m) => (
                <tr key={m.identity} className="border-b border-slate-100">
                  <th scope="row" className="py-1.5 pr-4 font-normal">
                    <a className="underline decoration-slate-300 hover:decoration-slate-700" href={`https://github.com/${m.identity}`}>
                      {m.identity}
                    </a>
                  </th>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{m.responses}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{m.reviews}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{m.merges}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Community · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
