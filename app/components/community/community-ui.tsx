import { type ReactNode, useId } from 'react'
import { Form, useSubmit } from 'react-router'
import { TabNav } from '#app/components/ui/tabs.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'

const TABS = [
  { to: '/community', label: 'Overview', end: true },
  { to: '/community/contributors', label: 'Contributors' },
  { to: '/community/triage', label: 'Triage' },
  { to: '/community/internships', label: 'Internships' },
  { to: '/community/repositories', label: 'Repositories' },
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
  const select = 'mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm'
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

/**
 * A headline number with its definition and the filters applied, shown on hover and on keyboard
 * focus (the tile is focusable; the text is also its accessible description).
 */
export function Stat({
  label,
  value,
  sub,
  definition,
  scope,
}: {
  label: string
  value: ReactNode
  sub?: ReactNode
  definition: string
  scope: string
}) {
  const id = useId()
  return (
    <div
      tabIndex={0}
      aria-describedby={id}
      className="group relative rounded-lg border border-slate-200 bg-white p-4 shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
    >
      <p className="flex items-center gap-1 text-sm text-slate-600">
        {label}
        <span
          aria-hidden="true"
          className="inline-flex h-4 w-4 items-center justify-center rounded-full border border-slate-300 text-[10px] font-semibold italic leading-none text-slate-500"
        >
          i
        </span>
      </p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {sub ? <p className="mt-0.5 text-xs text-slate-500">{sub}</p> : null}
      <div
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute left-0 top-full z-20 mt-1 w-80 rounded-md border border-slate-200 bg-slate-900 p-3 text-xs leading-relaxed text-white opacity-0 shadow-lg transition-opacity group-hover:visible group-hover:opacity-100 group-focus:visible group-focus:opacity-100"
      >
        <p>{definition}</p>
        <p className="mt-2 text-slate-300">Filters: {scope}</p>
      </div>
    </div>
  )
}

export function formatHours(hours: number | null | undefined) {
  if (hours == null) return '—'
  if (hours < 1) return `${Math.round(hours * 60)} min`
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`
  return `${Math.round((hours / 24) * 10) / 10} days`
}
