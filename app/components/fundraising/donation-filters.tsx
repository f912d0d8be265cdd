// The filters of the donations list, sent as the page's address (so a filtered list can be shared
// and exported as it is).
import { Form, Link } from 'react-router'
import type { DonationFilters } from '#app/domain/fundraising/schemas.ts'
import { DONATION_SOURCE_LABELS, DONATION_SOURCES } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'

export function DonationFilterForm({ filters }: { filters: DonationFilters }) {
  return (
    <Form
      method="get"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
      aria-label="Filter donations"
    >
      <FilterInput label="From" name="from" type="date" value={filters.from} />
      <FilterInput label="To" name="to" type="date" value={filters.to} />
      <label className="text-sm">
        <span className="block font-medium text-slate-800">Source</span>
        <select name="source" defaultValue={filters.source ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-2 text-sm">
          <option value="">All sources</option>
          {DONATION_SOURCES.map((s) => (
            <option key={s} value={s}>
              {DONATION_SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <FilterInput label="Currency" name="currency" value={filters.currency} size={4} />
      <FilterInput label="Donor name or email" name="donor" value={filters.donor} />
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input type="checkbox" name="includeVoided" value="true" defaultChecked={Boolean(filters.includeVoided)} className="h-4 w-4" />{' '}
        Include voided
      </label>
      <Button variant="secondary">Filter</Button>
      <Link to="/fundraising/donations" className="pb-2 text-sm text-slate-600 underline">
        Clear
      </Link>
    </Form>
  )
}

function FilterInput({
  label,
  name,
  value,
  type = 'text',
  size,
}: {
  label: string
  name: string
  value?: string | null
  type?: string
  size?: number
}) {
  return (
    <label className="text-sm">
      <span className="block font-medium text-slate-800">{label}</span>
      <input
        type={type}
        name={name}
        defaultValue={value ?? ''}
        size={size}
        className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      />
    </label>
  )
}
