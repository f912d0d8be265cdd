// Small presentational pieces shared by the fundraising pages.
import type { ReactNode } from 'react'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'

export function DataTable({ caption, head, children }: { caption?: string; head: ReactNode[]; children: ReactNode }) {
  return (
    <ScrollRegion label={caption ?? 'Table'} className="rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </ScrollRegion>
  )
}

export const td = 'px-3 py-2 align-top text-slate-700'
export const tdNum = 'px-3 py-2 align-top text-right tabular-nums text-slate-800 whitespace-nowrap'

export function Badge({ children, tone = 'slate' }: { children: ReactNode; tone?: 'slate' | 'green' | 'amber' | 'red' | 'blue' }) {
  const tones = {
    slate: 'bg-slate-100 text-slate-700',
    green: 'bg-green-100 text-green-800',
    amber: 'bg-amber-100 text-amber-900',
    red: 'bg-red-100 text-red-800',
    blue: 'bg-brand-50 text-brand-700',
  }
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>
}

export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`)
