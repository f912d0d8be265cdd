import { type ReactNode, useId } from 'react'
import { Form, useSubmit } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'

const TABS = [
  { to: '/community', label: 'Overview', end: true },
  { to: '/community/contributors', label: 'Contributors' },
  { to: '/community/triage', label: 'Triage' },
  { to: '/community/internships', label: 'Internships' },
  { to: '/community/sources', label: 'Sources' },
]

/** The community area's sub-navigation. */
export function CommunityNav() {
  return <TabNav label="Community" tabs={TABS} />
}

interface FilterProps {
  period: { key: string; from: string; to: string }
  periodChoices: { value: string; label: string }[]
  repositories: { value: string; label: string }[]
  repositoryId: string
  extra?: ReactNode
}

/** Period and repository filters, kept in the URL (a GET form; changes apply at once with JavaScript). */
export function PeriodFilters({ period, periodChoices, repositories, repositoryId, extra }: FilterProps) {
  const submit = useSubmit()
  const id = useId()
  const select = 'mt-1 block max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm'
  return (
    <Form
      method="get"
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      onChange={(e) => {
        const form = e.currentTarget
        const target = e.target as unknown as HTMLInputElement
        if (target.type === 'date' && (form.elements.namedItem('period') as HTMLSelectElement).value !== 'custom') return
        submit(form, { replace: true, preventScrollReset: true })
      }}
    >
      <div>
        <label htmlFor={`${id}-period`} className="block text-sm font-medium text-slate-800">
          Period
        </label>
        <select id={`${id}-period`} name="period" defaultValue={period.key} className={select}>
          {periodChoices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-from`} className="block text-sm font-medium text-slate-800">
          From
        </label>
        <input id={`${id}-from`} type="date" name="from" defaultValue={period.from} className={select} />
      </div>
      <div>
        <label htmlFor={`${id}-to`} className="block text-sm font-medium text-slate-800">
          To (included)
        </label>
        <input id={`${id}-to`} type="date" name="to" defaultValue={period.to} className={select} />
      </div>
      <div>
        <label htmlFor={`${id}-repo`} className="block text-sm font-medium text-slate-800">
          Repository
        </label>
        <select id={`${id}-repo`} name="repo" defaultValue={repositoryId} className={select}>
          <option value="">All repositories</option>
          {repositories.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      {extra}
      <button type="submit" className={buttonClass('secondary')}>
        Apply
      </button>
      <p className="w-full text-xs text-slate-500">From and To apply when the period is “Custom range”.</p>
    </Form>
  )
}

export function formatHours(hours: number | null | undefined) {
  if (hours == null) return '—'
  if (hours < 1) return `${Math.round(hours * 60)} min`
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`
  return `${Math.round((hours / 24) * 10) / 10} days`
}
