// Under a GitHub Sponsors connection: one record per sponsor and month, what the sponsorship led to
// expect and what the monthly export says was paid. Names sponsors: the page is for fundraising and admin.
import { Link } from 'react-router'
import type { summariseSponsorMonths } from '#app/domain/fundraising/sponsors-sync.server.ts'
import { EmptyState } from '#app/components/ui/card.tsx'
import { formatMoney } from '#app/utils/money.ts'
import { Badge, DataTable, td, tdNum } from './ui.tsx'

type SponsorMonths = Awaited<ReturnType<typeof summariseSponsorMonths>>

const usd = (cents: number) => formatMoney(cents, 'USD')

export function SponsorMonths({ data, synced }: { data: SponsorMonths | null; synced: boolean }) {
  if (!data || data.records.length === 0)
    return (
      <EmptyState title="No sponsorship months yet">
        {synced ? (
          'The sync found no sponsorships. When someone sponsors the account, the next daily sync shows what each month should bring.'
        ) : (
          <>
            Preview and confirm the first sync to read the sponsorships; then import GitHub Sponsors&rsquo; monthly export under{' '}
            <Link to="/fundraising/donations/import" className="underline">
              Import donations
            </Link>{' '}
            to see what was paid.
          </>
        )}
      </EmptyState>
    )
  return (
    <div className="space-y-3">
      <ul className="space-y-0.5 text-slate-700" aria-label="Sponsorship months in all">
        {data.months.map((m) => (
          <li key={m.month}>
            {m.month}: {usd(m.expectedCents)} expected, {usd(m.paidCents)} paid from {m.sponsors} sponsor{m.sponsors === 1 ? '' : 's'}
            {m.notYetPaid ? ` (${m.notYetPaid} not yet paid)` : ''}
          </li>
        ))}
      </ul>
      {data.months.some((m) => m.notYetPaid) ? (
        <p className="text-slate-600">
          Payments come from GitHub Sponsors&rsquo; monthly export:{' '}
          <Link to="/fundraising/donations/import" className="underline">
            import it
          </Link>{' '}
          to record what was paid.
        </p>
      ) : null}
      <DataTable caption="Sponsorship months" head={['Month', 'Sponsor', 'Tier', 'Expected', 'Paid']}>
        {data.records.map((r) => (
          <tr key={`${r.month}|${r.sponsor}`}>
            <td className={`${td} whitespace-nowrap`}>{r.month}</td>
            <td className={td}>{r.sponsor}</td>
            <td className={td}>{r.tierName ?? '—'}</td>
            <td className={tdNum}>{r.expectedCents === null ? 'no sponsorship on record' : usd(r.expectedCents)}</td>
            <td className={tdNum}>
              {r.paidCents > 0 ? (
                `${usd(r.paidCents)}${r.payments > 1 ? ` in ${r.payments} payments` : ''}`
              ) : r.expectedCents ? (
                <Badge tone="amber">not yet paid</Badge>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {data.recordsCount > data.records.length ? (
        <p className="text-slate-600">
          The first {data.records.length} of {data.recordsCount} records of these months.
        </p>
      ) : null}
    </div>
  )
}
