// Earlier imports, each revertible as a whole (its donations are voided, never deleted).
import type { SubmissionResult } from '@conform-to/react'
import { Form, Link } from 'react-router'
import type { ImportBatchRow } from '#app/domain/fundraising/imports.server.ts'
import { BATCH_FORMAT_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { errorsOf } from './action-result.ts'
import { Badge, DataTable, td, tdNum } from './ui.tsx'

export function ImportBatches({
  batches,
  timeZone,
  lastResult,
}: {
  batches: ImportBatchRow[]
  timeZone: string
  /** the answer to a revert, when it was refused */
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const dates = useDates(timeZone)
  const refused = errorsOf(lastResult)
  return (
    <Card title="Earlier imports">
      {refused.length ? (
        <div className="mb-3">
          <Notice tone="error">{refused.join(' ')}</Notice>
        </div>
      ) : null}
      {batches.length === 0 ? (
        <p className="text-sm text-slate-600">No imports yet.</p>
      ) : (
        <DataTable caption="Earlier imports" head={['When', 'File', 'Format', 'Rows', 'Added', 'Duplicates', 'Skipped', 'By', '']}>
          {batches.map((b) => (
            <tr key={b.id}>
              <td className={`${td} whitespace-nowrap`}>{dates.dateTime(b.importedAt)}</td>
              <td className={td}>
                <Link to={`/fundraising/donations?batchId=${b.id}&includeVoided=true`} className="text-brand-700 hover:underline">
                  {b.fileName}
                </Link>
                <span className="block font-mono text-xs text-slate-500" title={`SHA-256 ${b.sha256}`}>
                  {b.sha256.slice(0, 12)}…
                </span>
              </td>
              <td className={td}>{BATCH_FORMAT_LABELS[b.format]}</td>
              <td className={tdNum}>{b.rows}</td>
              <td className={tdNum}>{b.inserted}</td>
              <td className={tdNum}>{b.duplicates}</td>
              <td className={tdNum}>{b.skipped}</td>
              <td className={td}>{b.importedBy ?? 'command line'}</td>
              <td className={td}>
                {b.revertedAt ? (
                  <Badge tone="red">
                    reverted {dates.date(b.revertedAt)}
                    {b.revertedBy ? ` by ${b.revertedBy}` : ''}
                  </Badge>
                ) : b.inserted > 0 ? (
                  <Form
                    method="post"
                    onSubmit={(e) =>
                      confirm(`Revert ${b.fileName}? Its ${b.inserted} donations will be voided.`) ? undefined : e.preventDefault()
                    }
                  >
                    <input type="hidden" name="intent" value="revert" />
                    <input type="hidden" name="batchId" value={b.id} />
                    <Button variant="secondary" className="px-2 py-1">
                      Revert
                    </Button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  )
}
