// The pieces of /fundraising: reminders, the missing-rate warning, the year's figures and charts.
// Aggregates only: nothing here names a donor.
import { Form, Link } from 'react-router'
import type { FundraisingOverviewPage } from '#app/domain/fundraising/overview.server.ts'
import { DONATION_SOURCE_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Stat } from '#app/components/ui/stat.tsx'
import { formatMoney, formatMoneyShort } from '#app/utils/money.ts'
import { percent } from './ui.tsx'

type Overview = FundraisingOverviewPage['overview']

export function RemindersCard({ reminders }: { reminders: FundraisingOverviewPage['reminders'] }) {
  return (
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
  )
}

/** Donations in a currency without a rate on their date are left out of the totals: say so. */
export function UnconvertedNotice({ unconverted, canManage }: { unconverted: Overview['unconverted']; canManage: boolean }) {
  return (
    <div className="mb-4">
      <Notice tone="warning">
        {unconverted.map((u) => `${u.count} donation${u.count > 1 ? 's' : ''} in ${u.currency}`).join(', ')}{' '}
        {unconverted.length > 1 ? 'have' : 'has'} no exchange rate on their date and{' '}
        {unconverted.reduce((s, u) => s + u.count, 0) > 1 ? 'are' : 'is'} left out of the totals.{' '}
        {canManage ? (
          <Link to="/fundraising/rates" className="underline">
            Enter the rates
          </Link>
        ) : (
          'The fundraising lead can enter the rates.'
        )}
      </Notice>
    </div>
  )
}

/** What a gross total says when it includes donations the source gave only the net of. */
export const grossUnknownNote = (n: number) => `gross includes ${n} donation${n === 1 ? '' : 's'} recorded at net (gross unknown)`

export function OverviewFigures({ overview: o }: { overview: Overview }) {
  const money = (v: number) => formatMoney(v, o.reportingCurrency)
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Stat
        label="Gross"
        value={money(o.totals.gross)}
        detail={`${o.totals.donations} donations${o.totals.grossUnknown ? `; ${grossUnknownNote(o.totals.grossUnknown)}` : ''}`}
      />
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
      <Stat label="Sources" value={o.sources.length} detail={o.sources.map((s) => DONATION_SOURCE_LABELS[s]).join(', ') || '—'} />
    </div>
  )
}

export function OverviewCharts({ overview: o }: { overview: Overview }) {
  const cur = o.reportingCurrency
  const short = (v: number) => formatMoneyShort(v, cur)
  const sourceSeries = o.sources.map((s) => ({ key: s, label: DONATION_SOURCE_LABELS[s], stack: 'gross' }))
  return (
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
      <BySourceCard overview={o} />
    </div>
  )
}

function BySourceCard({ overview: o }: { overview: Overview }) {
  const cur = o.reportingCurrency
  return (
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
              <td className="py-1 pr-3">{DONATION_SOURCE_LABELS[r.source]}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.gross, r.currency)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.fees, r.currency)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(r.net, r.currency)}</td>
              <td className="py-1 text-right tabular-nums">
                {r.donations}
                {r.grossUnknown ? <span className="block text-xs text-slate-500">{r.grossUnknown} at net (gross unknown)</span> : null}
              </td>
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
  )
}
