import { Stat } from '#app/components/ui/stat.tsx'
import { DateTime } from 'luxon'
import { Form, Link, useLoaderData } from 'react-router'
import { summariseFundraisingYear } from '#app/domain/fundraising/overview.server.ts'
import { formatMoney, formatMoneyShort } from '#app/utils/money.ts'
import { listNotifications, markNotificationsRead } from '#app/domain/fundraising/reminders.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { percent, SOURCE_LABELS } from '#app/components/fundraising/ui.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { hasRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising._index'

// Aggregates only: every signed-in role may read this page; it carries no donor names.
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const settings = await getOrganisationSettings()
  const now = new Date()
  const thisYear = DateTime.fromJSDate(now, { zone: settings.timeZone }).year
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear
  const overview = await summariseFundraisingYear({ year, timeZone: settings.timeZone, reportingCurrency: settings.reportingCurrency, now })
  const reminders = hasRole(user, 'fundraising') ? await listNotifications(user.id) : []
  return { overview, year, years: Array.from({ length: 6 }, (_, i) => thisYear - i), canManage: hasRole(user, 'fundraising'), reminders }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  await markNotificationsRead({ userId: user.id })
  return { ok: true }
}

export default function FundraisingRoute() {
  const { overview: o, year, years, canManage, reminders } = useLoaderData<typeof loader>()
  const cur = o.reportingCurrency
  const money = (v: number) => formatMoney(v, cur)
  const short = (v: number) => formatMoneyShort(v, cur)
  const sourceSeries = o.sources.map((s) => ({ key: s, label: SOURCE_LABELS[s] ?? s, stack: 'gross' }))
  return (
    <>
      <PageHeader
        title="Fundraising"
        description={`Money in for ${year}, in ${cur}: converted at the exchange rate in force on each donation's date. Refunded and voided donations are left out.`}
        actions={
          <Form method="get" className="flex items-end gap-2">
            <label className="text-sm">
              <span className="block font-medium text-slate-800">Year</span>
              <select name="year" defaultValue={year} className="mt-1 rounded-md border border-slate-300 px-2 py-2 text-sm">
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <Button variant="secondary">Show</Button>
          </Form>
        }
      />
      {reminders.length ? (
        <div className="mb-4">
          <Card
            title={`Reminders (${reminders.length})`}
            actions={
              <Form method="post">
                <Button variant="ghost" className="px-2 py-1">
                  Mark all read
                </Button>
              </Form>
            }
          >
            <ul className="space-y-1 text-sm">
              {reminders.map((r) => (
                <li key={r.id}>
                  {r.link ? (
                    <Link to={r.link} className="text-brand-700 hover:underline">
                      {r.text}
                    </Link>
                  ) : (
                    r.text
                  )}
                </li>
              ))}
            </ul>
          </Card>
        </div>
      ) : null}
      {o.unconverted.length ? (
        <div className="mb-4">
          <Notice tone="warning">
            {o.unconverted.map((u) => `${u.count} donation${u.count > 1 ? 's' : ''} in ${u.currency}`).join(', ')}{' '}
            {o.unconverted.length > 1 ? 'have' : 'has'} no exchange rate on their date and{' '}
            {o.unconverted.reduce((s, u) => s + u.count, 0) > 1 ? 'are' : 'is'} left out of the totals.{' '}
            {canManage ? (
              <Link to="/fundraising/rates" className="underline">
                Enter the rates
              </Link>
            ) : (
              'The fundraising lead can enter the rates.'
            )}
          </Notice>
        </div>
      ) : null}
      {o.totals.donations === 0 && o.unconverted.length === 0 ? (
        <EmptyState
          title={`No donations recorded for ${year}`}
          action={canManage ? <ButtonLink to="/fundraising/donations/import">Import a donations export</ButtonLink> : undefined}
        >
          {canManage
            ? 'Import an export from Open Collective, GitHub Sponsors, PayPal or Stripe, or enter donations by hand.'
            : 'The fundraising lead imports donations; totals appear here once they do.'}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat label="Gross" value={money(o.totals.gross)} detail={`${o.totals.donations} donations`} />
            <Stat
              label="Fees"
              value={money(o.totals.fees)}
              detail={o.totals.gross ? `${percent(o.totals.fees / o.totals.gross)} of gross` : undefined}
            />
            <Stat label="Net" value={money(o.totals.net)} detail="gross minus platform and host fees" />
            <Stat label="Donors" value={o.totals.donors} detail={`${o.totals.newDonors} new this year`} />
            <Stat label="Recurring share" value={percent(o.recurringShare)} detail="of gross from monthly or yearly gifts" />
            <Stat
              label="Donor retention"
              value={percent(o.retention.rate)}
              detail={
                o.retention.previous
                  ? `${o.retention.retained} of ${o.retention.previous} donors from the 12 months before the last 12 gave again`
                  : 'needs two years of donations'
              }
            />
            <Stat label="Top 5 donors' share" value={percent(o.top.share)} detail="of gross this year: how concentrated income is" />
            <Stat label="Sources" value={o.sources.length} detail={o.sources.map((s) => SOURCE_LABELS[s] ?? s).join(', ') || '—'} />
          </div>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Gross by month and source">
              <BarSeriesChart
                title={`Gross by month and source, ${cur}`}
                data={o.bySourceMonthly}
                xKey="month"
                series={sourceSeries}
                formatValue={short}
              />
            </Card>
            <Card title="Gross, fees and net by month">
              <BarSeriesChart
                title={`Net and fees by month, ${cur}`}
                data={o.money}
                xKey="month"
                series={[
                  { key: 'net', label: 'Net', stack: 'm', color: '#10b981' },
                  { key: 'fees', label: 'Fees', stack: 'm', color: '#f59e0b' },
                ]}
                formatValue={short}
              />
            </Card>
            <Card title="Cumulative for the year">
              <LineSeriesChart
                title={`Cumulative gross and net, ${cur}`}
                data={o.money}
                xKey="month"
                series={[
                  { key: 'cumulativeGross', label: 'Gross' },
                  { key: 'cumulativeNet', label: 'Net' },
                ]}
                formatValue={short}
              />
            </Card>
            <Card title="One-time and recurring">
              <BarSeriesChart
                title={`One-time and recurring gross by month, ${cur}`}
                data={o.recurring}
                xKey="month"
                series={[
                  { key: 'recurring', label: 'Recurring', stack: 'r' },
                  { key: 'oneTime', label: 'One-time', stack: 'r' },
                ]}
                formatValue={short}
              />
            </Card>
            <Card title="New and returning donors">
              <BarSeriesChart
                title="New and returning donors by month"
                data={o.donorsMonthly}
                xKey="month"
                series={[
                  { key: 'newDonors', label: 'New', stack: 'd', color: '#1f5bbf' },
                  { key: 'returningDonors', label: 'Returning', stack: 'd', color: '#84cc16' },
                ]}
              />
            </Card>
            <Card title="By source, in the original currencies">
              <table className="min-w-full text-sm">
                <thead className="text-left text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      Source
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      Gross
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      Fees
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      Net
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Donations
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {o.bySource.map((r) => (
                    <tr key={`${r.source}-${r.currency}`}>
                      <td className="py-1 pr-3">{SOURCE_LABELS[r.source] ?? r.source}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.gross, r.currency)}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.fees, r.currency)}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.net, r.currency)}</td>
                      <td className="py-1 text-right tabular-nums">{r.donations}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-3 text-xs text-slate-500">
                {o.ratesUsed.length
                  ? `Rates used: ${o.ratesUsed.map((r) => `1 ${r.currency} = ${r.rate} ${cur} from ${r.validFrom}`).join('; ')}.`
                  : `All donations this year are in ${cur}, or none needed converting.`}
              </p>
            </Card>
          </div>
        </div>
      )}
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
