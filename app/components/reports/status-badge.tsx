const STYLES = {
  draft: 'bg-slate-100 text-slate-700',
  in_review: 'bg-amber-100 text-amber-900',
  published: 'bg-green-100 text-green-800',
} as const
const LABELS = { draft: 'Draft', in_review: 'In review', published: 'Published' } as const

export function StatusBadge({ status }: { status: keyof typeof STYLES }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}>{LABELS[status]}</span>
}
