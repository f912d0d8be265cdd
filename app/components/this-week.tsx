import { Link } from 'react-router'
import { formatMinutes, type WeekCard, type Workload } from '#app/domain/this-week/week.ts'
import { Card } from './ui/card.tsx'

const PART_COLOURS = ['bg-brand-500', 'bg-emerald-500', 'bg-amber-500', 'bg-fuchsia-500', 'bg-sky-500']

/** The week's estimated work against the budget, one segment per card. */
export function WorkloadBar({ workload }: { workload: Workload }) {
  const scale = Math.max(workload.budgetMinutes, workload.totalMinutes) || 1
  return (
    <section aria-label="This week's work against your budget" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-baseline justify-between text-sm">
        <span className="font-medium">Estimated work this week</span>
        <span className={workload.overBudget ? 'font-semibold text-red-700' : 'text-slate-600'}>
          {formatMinutes(workload.totalMinutes)} of {formatMinutes(workload.budgetMinutes)}
          {workload.overBudget ? ' — over budget: pick what can wait' : ''}
        </span>
      </div>
      <div
        className="relative mt-2 flex h-3 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label="Estimated work this week against your budget"
        aria-valuemin={0}
        aria-valuemax={workload.budgetMinutes}
        aria-valuenow={workload.totalMinutes}
        aria-valuetext={`${formatMinutes(workload.totalMinutes)} of ${formatMinutes(workload.budgetMinutes)}`}
      >
        {workload.parts.map((part, i) => (
          <div
            key={part.key}
            className={PART_COLOURS[i % PART_COLOURS.length]}
            style={{ width: `${(part.minutes / scale) * 100}%` }}
            title={`${part.title}: ${formatMinutes(part.minutes)}`}
          />
        ))}
        {workload.overBudget ? (
          <div
            className="absolute inset-y-0 w-0.5 bg-slate-900"
            style={{ left: `${(workload.budgetMinutes / scale) * 100}%` }}
            title="Your weekly budget"
          />
        ) : null}
      </div>
      {workload.parts.length ? (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          {workload.parts.map((part, i) => (
            <li key={part.key} className="flex items-center gap-1.5">
              <span className={`inline-block h-2 w-2 rounded-full ${PART_COLOURS[i % PART_COLOURS.length]}`} aria-hidden="true" />
              {part.title}: {formatMinutes(part.minutes)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

const TONES = { urgent: 'border-l-red-500 bg-red-50/40', normal: 'border-l-slate-300', done: 'border-l-emerald-500 text-slate-500' }

export function WeekCardView({ card }: { card: WeekCard }) {
  const items = [...card.items].sort((a, b) => Number(b.tone === 'urgent') - Number(a.tone === 'urgent'))
  return (
    <Card
      title={card.title}
      actions={
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" title={card.minutesExplained}>
          ~{formatMinutes(card.minutes)}
        </span>
      }
    >
      <p className="text-sm text-slate-700">{card.summary}</p>
      {items.length ? (
        <ul className="mt-3 space-y-2">
          {items.map((item, i) => (
            <li key={`${item.label}-${i}`} className={`border-l-4 py-1 pl-3 text-sm ${TONES[item.tone ?? 'normal']}`}>
              {item.href ? (
                <Link to={item.href} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                  {item.label}
                </Link>
              ) : (
                <span className="font-medium">{item.label}</span>
              )}
              {item.detail ? <span className="block text-xs text-slate-600">{item.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-500">{card.emptyText}</p>
      )}
      <Link to={card.href} className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
        Open {card.title} →
      </Link>
    </Card>
  )
}
