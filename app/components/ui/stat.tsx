import { type ReactNode, useId } from 'react'

/**
 * A headline number. With a definition, the tile is focusable and shows the definition (and the
 * filters applied) on hover and on keyboard focus; the text is also its accessible description.
 * The tile's, the "i" mark's and the tooltip's styles are classes in app.css (stat-tile, stat-info,
 * stat-tip) rather than 560 characters of utilities on each of a page's tiles (14 on /community).
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
    <div tabIndex={0} aria-describedby={id} className="stat-tile group">
      <p className="flex items-center gap-1 text-sm text-slate-600">
        {label}
        <span aria-hidden="true" className="stat-info">
          i
        </span>
      </p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {detail ? <p className="mt-0.5 text-xs text-slate-500">{detail}</p> : null}
      <div id={id} role="tooltip" className="stat-tip">
        <p>{definition}</p>
        {scope ? <p className="mt-2 text-slate-300">Filters: {scope}</p> : null}
      </div>
    </div>
  )
}
