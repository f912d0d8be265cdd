// The parts of /community: the headline numbers, the trend charts and maintainer activity.
import type { ComponentProps } from 'react'
import { Link } from 'react-router'
import { DEFINITIONS } from '#app/domain/community/definitions.ts'
import type { MaintainerActivity, ResponseTimeSummary } from '#app/domain/community/metrics.ts'
import { GITHUB_ITEM_KINDS, GITHUB_ITEM_KIND_LABELS, type GithubItemKind } from '#app/domain/community/vocabulary.ts'
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { formatHours } from '#app/components/community/community-ui.tsx'
import { ForumRepliersStats } from '#app/components/community/forum-repliers.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Stat } from '#app/components/ui/stat.tsx'

export function ResponseTimeStats({
  responses,
  answer,
  scope,
  forum,
  email,
}: {
  responses: Record<GithubItemKind, ResponseTimeSummary>
  answer: { median: number | null; count: number; unanswered: number }
  scope: string
  /** forum topics, once a forum has been synced */
  forum?: {
    responses: ResponseTimeSummary
    definition: string
    scope: string
    repliers?: ComponentProps<typeof ForumRepliersStats>
  } | null
  /** e-mail threads, once a mailbox has been synced */
  email?: { responses: ResponseTimeSummary; definition: string; scope: string } | null
}) {
  return (
    <section aria-labelledby="response-heading" className="mb-6">
      <h2 id="response-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Time to first response
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {GITHUB_ITEM_KINDS.map((kind) => {
          const r = responses[kind]
          return (
            <Stat
              key={kind}
              label={`${GITHUB_ITEM_KIND_LABELS[kind]}: median`}
              value={formatHours(r.median)}
              detail={`90th percentile ${formatHours(r.p90)} · ${r.count} answered · ${r.waiting} waiting`}
              definition={DEFINITIONS.firstResponse}
              scope={scope}
            />
          )
        })}
        {forum ? (
          <Stat
            label="Forum topics: median"
            value={formatHours(forum.responses.median)}
            detail={`90th percentile ${formatHours(forum.responses.p90)} · ${forum.responses.count} answered · ${forum.responses.waiting} waiting`}
            definition={forum.definition}
            scope={forum.scope}
          />
        ) : null}
        {forum?.repliers ? <ForumRepliersStats {...forum.repliers} /> : null}
        {email ? (
          <Stat
            label="E-mail threads: median"
            value={formatHours(email.responses.median)}
            detail={`90th percentile ${formatHours(email.responses.p90)} · ${email.responses.count} answered · ${email.responses.waiting} waiting`}
            definition={email.definition}
            scope={email.scope}
          />
        ) : null}
        <Stat
          label="Time to answer (Q&A)"
          value={formatHours(answer.median)}
          detail={`${answer.count} answered · ${answer.unanswered} without an answer`}
          definition={DEFINITIONS.timeToAnswer}
          scope={scope}
        />
      </div>
    </section>
  )
}

export function ActivityStats({
  contributors,
  openClose,
  latestStars,
  scope,
  contributorsHref,
}: {
  contributors: {
    newContributors: number
    activeContributors: number
    inactiveContributors: number
    contributorAbsenceFactor: number | null
  }
  openClose: {
    issuesOpened: number
    issuesClosed: number
    pullRequestsOpened: number
    pullRequestsClosed: number
    changeRequestClosureRatio: number | null
  }
  latestStars: { stars: number; forks: number } | null
  scope: string
  /** the contributors page with the same filters, showing the new ones */
  contributorsHref: string
}) {
  const ratio = openClose.changeRequestClosureRatio
  return (
    <section aria-labelledby="activity-heading" className="mb-6">
      <h2 id="activity-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Contributors and activity
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="New contributors"
          value={contributors.newContributors}
          definition={DEFINITIONS.newContributors}
          scope={scope}
          detail={
            <Link className="underline" to={contributorsHref}>
              See who
            </Link>
          }
        />
        <Stat
          label="Active contributors"
          value={contributors.activeContributors}
          definition={DEFINITIONS.activeContributors}
          scope={scope}
        />
        <Stat
          label="Inactive contributors"
          value={contributors.inactiveContributors}
          detail="active in the previous period, not this one"
          definition={DEFINITIONS.inactiveContributors}
          scope={scope}
        />
        <Stat
          label="Contributor absence factor"
          value={contributors.contributorAbsenceFactor ?? '—'}
          detail="people behind half the commits"
          definition={DEFINITIONS.absenceFactor}
          scope={scope}
        />
        <Stat
          label="Change request closure ratio"
          value={ratio == null ? '—' : `${Math.round(ratio * 100)}%`}
          detail={`${openClose.pullRequestsClosed} closed or merged / ${openClose.pullRequestsOpened} opened`}
          definition={DEFINITIONS.closure}
          scope={scope}
        />
        <Stat
          label="Issues opened / closed"
          value={`${openClose.issuesOpened} / ${openClose.issuesClosed}`}
          definition={DEFINITIONS.openedClosed}
          scope={scope}
        />
        <Stat
          label="Pull requests opened / closed"
          value={`${openClose.pullRequestsOpened} / ${openClose.pullRequestsClosed}`}
          definition={DEFINITIONS.openedClosed}
          scope={scope}
        />
        <Stat
          label="Stars"
          value={latestStars?.stars.toLocaleString('en') ?? '—'}
          detail={latestStars ? `${latestStars.forks.toLocaleString('en')} forks, at the end of the period` : 'no snapshot in this period'}
          definition={DEFINITIONS.stars}
          scope={scope}
        />
      </div>
    </section>
  )
}

export function TrendCharts({
  chartFrom,
  targetHours,
  monthly,
  stars,
}: {
  /** the first month shown (YYYY-MM) */
  chartFrom: string
  targetHours: number
  monthly: Array<{ month: string; newContributors: number; medianFirstResponseHours: number | null; opened: number; closed: number }>
  stars: Array<{ month: string; stars: number; forks: number }>
}) {
  return (
    <>
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Trends since {chartFrom}</h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Median time to first response per month (hours)">
          <LineSeriesChart
            title="Median time to first response per month, hours"
            data={monthly}
            xKey="month"
            series={[{ key: 'medianFirstResponseHours', label: 'Median first response (h)' }]}
          />
          <p className="mt-2 text-xs text-slate-500">Target: {targetHours} h. Items created in each month, all kinds.</p>
        </Card>
        <Card title="New contributors per month">
          <BarSeriesChart
            title="New contributors per month"
            data={monthly}
            xKey="month"
            series={[{ key: 'newContributors', label: 'New contributors' }]}
          />
        </Card>
        <Card title="Issues and pull requests opened vs closed per month">
          <BarSeriesChart
            title="Issues and pull requests opened vs closed per month"
            data={monthly}
            xKey="month"
            series={[
              { key: 'opened', label: 'Opened' },
              { key: 'closed', label: 'Closed or merged' },
            ]}
          />
        </Card>
        <Card title="Stars and forks over time">
          {stars.length ? (
            <LineSeriesChart
              title="Stars and forks at the end of each month"
              data={stars}
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
    </>
  )
}

export function MaintainerActivityCard({ activity, maintainersText }: { activity: MaintainerActivity[]; maintainersText: string }) {
  return (
    <Card title="Maintainer activity" className="mt-6">
      <p className="mb-3 text-xs text-slate-500">
        {DEFINITIONS.maintainerActivity} {maintainersText}
      </p>
      {activity.length === 0 ? (
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
            {activity.map((m) => (
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
  )
}
