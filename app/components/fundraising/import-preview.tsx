// The second step of an import: what the file would add, what is already in the ledger, what is
// skipped and which rows are wrong; confirm (nothing is written before) or cancel.
import type { SubmissionResult } from '@conform-to/react'
import { Form } from 'react-router'
import { describeDuplicates } from '#app/domain/fundraising/import-duplicates.ts'
import type { ImportPreviewForPage } from '#app/domain/fundraising/imports.server.ts'
import { DONATION_SOURCE_LABELS, IMPORT_FORMAT_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Stat } from '#app/components/ui/stat.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { formatMoney } from '#app/utils/money.ts'
import { errorsOf } from './action-result.ts'
import { grossUnknownNote } from './overview.tsx'
import { Badge, DataTable, td, tdNum } from './ui.tsx'

export function ImportPreview({
  preview: p,
  busy,
  timeZone,
  lastResult,
}: {
  preview: ImportPreviewForPage
  busy: boolean
  timeZone: string
  /** the answer to confirming this preview, when it was refused */
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const refused = errorsOf(lastResult)
  return (
    <Card title={`Preview: ${p.fileName}`}>
      <p className="mb-4 text-sm text-slate-600">
        {IMPORT_FORMAT_LABELS[p.format]}, {p.rows} rows. Source: {DONATION_SOURCE_LABELS[p.source]}.
      </p>
      {p.sameFile ? (
        <div className="mb-4">
          <Notice tone="warning">
            This exact file was imported on {formatDateTime(p.sameFile.importedAt, timeZone)}. Importing it again adds nothing twice.
          </Notice>
        </div>
      ) : null}
      {p.notices.map((notice) => (
        <div className="mb-4" key={notice}>
          <Notice tone="warning">{notice}</Notice>
        </div>
      ))}
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat
          label="To add"
          value={p.toAddCount}
          detail={
            p.totals
              .map(
                (t) =>
                  `${formatMoney(t.gross, t.currency)} gross, ${formatMoney(t.net, t.currency)} net${t.grossUnknown ? ` (${grossUnknownNote(t.grossUnknown)})` : ''}`,
              )
              .join(' · ') || 'nothing new'
          }
        />
        <Stat label="Already in the ledger" value={p.duplicatesCount} detail={describeDuplicates(p.duplicatesBy)} />
        <Stat
          label="Skipped"
          value={p.skippedCount}
          detail={`not donations (fees, payouts, refunds)${p.refunds ? `; ${p.refunds} refunds of earlier donations` : ''}`}
        />
        <Stat label="Errors" value={p.errorsCount} detail={p.errorsCount ? 'fix these before importing' : 'none'} />
      </div>
      {p.errorsCount > 0 ? (
        <div className="mt-4">
          <Notice tone="error">
            {p.errorsCount} row{p.errorsCount > 1 ? 's have' : ' has'} errors: nothing can be imported until the file is fixed.
          </Notice>
          <ul className="mt-2 space-y-1 text-sm text-red-800" aria-label="Rows in error">
            {p.errors.map((e) => (
              <li key={e.line}>
                Line {e.line}: {e.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {refused.length ? (
        <div className="mt-4">
          <Notice tone="error">{refused.join(' ')}</Notice>
        </div>
      ) : null}
      <div className="mt-4 flex gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="uploadId" value={p.uploadId} />
          <Button disabled={busy || p.errorsCount > 0}>
            {busy
              ? 'Importing…'
              : p.toAddCount
                ? `Import ${p.toAddCount} donation${p.toAddCount > 1 ? 's' : ''}`
                : 'Record this import (nothing new)'}
          </Button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="uploadId" value={p.uploadId} />
          <Button variant="secondary">Cancel</Button>
        </Form>
      </div>
      {p.toAdd.length ? (
        <div className="mt-6">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">
            To add{p.toAddCount > p.toAdd.length ? ` (first ${p.toAdd.length} of ${p.toAddCount})` : ''}
          </h3>
          <DataTable caption="Donations to add" head={['Line', 'Date', 'Donor', 'Amount', 'Fees', 'Net', '']}>
            {p.toAdd.map((d) => (
              <tr key={d.externalId}>
                <td className={tdNum}>{d.line}</td>
                <td className={td}>{formatDateTime(d.date, timeZone)}</td>
                <td className={td}>{d.donor}</td>
                <td className={tdNum}>{formatMoney(d.amount, d.currency)}</td>
                <td className={tdNum}>{formatMoney(d.fees, d.currency)}</td>
                <td className={tdNum}>{formatMoney(d.net, d.currency)}</td>
                <td className={td}>
                  {d.recurring ? <Badge tone="blue">recurring</Badge> : null} {d.refunded ? <Badge tone="amber">refunded</Badge> : null}{' '}
                  {d.grossKnown ? null : <Badge tone="amber">gross unknown: amount is the net</Badge>}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : null}
      {p.duplicates.length || p.skipped.length ? (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">Duplicates and skipped rows</summary>
          <ul className="mt-2 space-y-0.5 text-slate-600">
            {p.duplicates.map((d) => (
              <li key={`d${d.line}`}>
                Line {d.line}: {d.externalId} — {d.why}
              </li>
            ))}
            {p.skipped.map((s) => (
              <li key={`s${s.line}`}>
                Line {s.line}: skipped — {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Card>
  )
}
