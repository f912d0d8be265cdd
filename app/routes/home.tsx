import { Link, useLoaderData } from 'react-router'
import { getThisWeekPage } from '#app/domain/this-week/cards.server.ts'
import { formatMinutes } from '#app/domain/this-week/week.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { WeekCardView, WorkloadBar } from '#app/components/this-week.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatMoney } from '#app/utils/money.ts'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/home'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getThisWeekPage(user)
}

function greeting(name: string) {
  const first = name.split(/\s+/)[0]
  return `Hello, ${first}`
}

export default function ThisWeekRoute() {
  const { userName, cards, workload, weekStart, weekEnd, timeZone, lastWeek } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title={greeting(userName)}
        description={`This is what needs you in the week of ${weekStart} to ${weekEnd} (${timeZone}). Estimated work: ${formatMinutes(workload.totalMinutes)} of your ${formatMinutes(workload.budgetMinutes)}.`}
      />
      <WorkloadBar workload={workload} />
      {lastWeek.length ? (
        <section aria-labelledby="last-week" className="mt-4 text-sm text-slate-700">
          <h2 id="last-week" className="font-semibold text-slate-900">
            Last week
          </h2>
          <ul className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
            {lastWeek.map((n) => (
              <li key={n.key}>
                {n.label}: <strong>{n.currency ? formatMoney(n.lastWeek, n.currency) : n.lastWeek}</strong>{' '}
                <span className="text-slate-600">(week before: {n.currency ? formatMoney(n.weekBefore, n.currency) : n.weekBefore})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {cards.length === 0 ? (
        <EmptyState title="You have no role yet">
          Ask an admin to give you a role. Meanwhile you can read{' '}
          <Link className="underline" to="/reports">
            the reports
          </Link>
          .
        </EmptyState>
      ) : (
        <div className="mt-6 grid gap-4 lg:grid-cols-2">
          {cards.map((card) => (
            <WeekCardView key={card.key} card={card} />
          ))}
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'This week · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
