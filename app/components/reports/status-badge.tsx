import { REPORT_STATUS_LABELS, type ReportStatus } from '#app/domain/reports/vocabulary.ts'

const STYLES: Record<ReportStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  in_review: 'bg-amber-100 text-amber-900',
  published: 'bg-green-100 text-green-800',
}

export function StatusBadge({ status }: { status: ReportStatus }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}>{REPORT_STATUS_LABELS[status]}</span>
  )
}
