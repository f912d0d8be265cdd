import type { ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'

/**
 * Links to the page before and after this one, keeping every other search parameter (the
 * filters): the one way lists page through their rows. `summary` says where the reader is.
 */
export function Pagination({
  page,
  pages,
  summary,
  previousLabel = 'Previous',
  nextLabel = 'Next',
}: {
  page: number
  pages: number
  summary?: ReactNode
  previousLabel?: string
  nextLabel?: string
}) {
  const [searchParams] = useSearchParams()
  if (pages <= 1 && !summary) return null
  const link = (p: number) => {
    const next = new URLSearchParams(searchParams)
    next.set('page', String(p))
    return `?${next}`
  }
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      {summary ? <span className="text-slate-600">{summary}</span> : null}
      <span className="flex gap-3">
        {page > 1 ? (
          <Link to={link(page - 1)} className="underline">
            {previousLabel}
          </Link>
        ) : null}
        {page < pages ? (
          <Link to={link(page + 1)} className="underline">
            {nextLabel}
          </Link>
        ) : null}
      </span>
    </nav>
  )
}
