import { type ReactNode, useId } from 'react'

/**
 * A headline number. With a definition, the tile is focusable and shows the definition (and the
 * filters applied) on hover and on keyboard focus; the text is also its accessible description.
 */
export function Stat({
  label,
  value,
  detail,
  definition,
  scope,
}: {
  label: string
  value: ReactNode
  /** a line under the number: a change, a count, a unit */
  detail?: ReactNode
  definition?: string
  /** the filters the number was computed with, shown with the definition */
  scope?: string
}) {
  const id = useId()
  if (!definition) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <p className="text-sm text-slate-600">{label}</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
        {detail ? <p className="mt-0.5 text-xs text-slate-500">{detail}</p> : null}
      </div>
    )
  }
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
      {detail ? <p className="mt-0.5 text-xs text-slate-500">{detail}</p> : null}
      <div
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute left-0 top-full z-20 mt-1 w-80 rounded-md border border-slate-200 bg-slate-900 p-3 text-xs leading-relaxed text-white opacity-0 shadow-lg transition-opacity group-hover:visible group-hover:opacity-100 group-focus:visible group-focus:opacity-100"
      >
        <p>{definition}</p>
        {scope ? <p className="mt-2 text-slate-300">Filters: {scope}</p> : null}
      </div>
    </div>
  )
}
