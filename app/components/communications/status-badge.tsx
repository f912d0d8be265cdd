import { POST_STATUS_LABELS, type PostStatus } from '#app/domain/communications/vocabulary.ts'

const TONES: Record<PostStatus, string> = {
  idea: 'bg-slate-100 text-slate-700',
  draft: 'bg-sky-50 text-sky-800',
  ready: 'bg-amber-50 text-amber-900',
  scheduled: 'bg-brand-50 text-brand-700',
  published: 'bg-green-50 text-green-800',
  skipped: 'bg-slate-100 text-slate-500 line-through',
}

export function StatusBadge({ status }: { status: PostStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status]}`}>{POST_STATUS_LABELS[status]}</span>
}
