import { Stat } from '#app/components/ui/stat.tsx'
import { data, Form, Link, redirect, useLoaderData, useActionData, useNavigation } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import {
  confirmImport,
  discardUpload,
  listImportBatches,
  listImportMappings,
  loadUpload,
  previewImport,
  revertImport,
  saveImportMapping,
  storeUpload,
} from '#app/domain/fundraising/imports.server.ts'
import { formatMoney } from '#app/utils/money.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GenericMappingSchema, ImportFileError, MAX_IMPORT_BYTES, type GenericMapping } from '#app/integrations/donation-imports/index.ts'
import { IMPORT_FORMAT_LABELS as FORMAT_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge, DataTable, SOURCE_LABELS, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { DONATION_SOURCES, IMPORT_FORMATS, type ImportFormat } from '#app/domain/fundraising/vocabulary.ts'
import type { Route } from './+types/fundraising.donations.import'

const PREVIEW_ROWS = 50

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, 'fundraising')
  const url = new URL(request.url)
  const settings = await getOrganisationSettings()
  const [batches, mappings] = await Promise.all([listImportBatches(), listImportMappings()])
  const uploadId = url.searchParams.get('upload')
  let preview = null
  let fileError: string | null = null
  if (uploadId) {
    const upload = await loadUpload(uploadId, user.id)
    if (!upload) throw redirect('/fundraising/donations/import')
    try {
      const p = await previewImport({ bytes: upload.bytes, fileName: upload.fileName, format: upload.format, mapping: upload.mapping })
      preview = {
        uploadId,
        fileName: p.fileName,
        format: p.format,
        source: p.source,
        rows: p.rows,
        toAddCount: p.toAdd.length,
        toAdd: p.toAdd.slice(0, PREVIEW_ROWS).map((d) => ({
          line: d.line,
          externalId: d.externalId,
          date: d.receivedAt.toISOString(),
          donor: d.donor.name ?? d.donor.key ?? '',
          amount: d.amount,
          fees: d.fees,
          net: d.net,
          currency: d.currency,
          refunded: d.refunded,
          recurring: d.recurring,
        })),
        duplicatesCount: p.duplicates.length,
        duplicates: p.duplicates.slice(0, PREVIEW_ROWS).map((d) => ({ line: d.line, externalId: d.externalId, why: d.why })),
        skippedCount: p.skipped.length,
        skipped: p.skipped.slice(0, PREVIEW_ROWS),
        errors: p.errors.slice(0, 200),
        errorsCount: p.errors.length,
        refunds: p.refunds,
        sameFile: p.sameFile,
        totals: p.totals,
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error
      fileError = error.message
      await discardUpload(uploadId)
    }
  }
  const importedId = url.searchParams.get('imported')
  const imported = importedId ? (batches.find((b) => b.id === importedId) ?? null) : null
  return { batches, mappings, preview, fileError, imported, timeZone: settings.timeZone }
}

function mappingFrom(formData: FormData): { mapping: GenericMapping | null; error: string | null } {
  const get = (k: string) => {
    const v = formData.get(k)
    return typeof v === 'string' && v.trim() ? v.trim() : undefined
  }
  const parsed = GenericMappingSchema.safeParse({
    source: get('m.source') ?? 'numfocus',
    date: get('m.date'),
    dateFormat: get('m.dateFormat') ?? 'iso',
    amount: get('m.amount'),
    currency: get('m.currency'),
    currencyColumn: get('m.currencyColumn'),
    fees: get('m.fees'),
    externalId: get('m.externalId'),
    donorName: get('m.donorName'),
    donorEmail: get('m.donorEmail'),
    description: get('m.description'),
    decimalComma: formData.get('m.decimalComma') === 'on',
  })
  if (!parsed.success) return { mapping: null, error: `Column mapping: ${parsed.error.issues.map((i) => i.message).join('; ')}` }
  return { mapping: parsed.data as GenericMapping, error: null }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  try {
    if (intent === 'upload') {
      const file = formData.get('file')
      if (!(file instanceof File) || file.size === 0)
        return data({ error: 'Choose a file to import: it is empty or missing.' }, { status: 400 })
      if (file.size > MAX_IMPORT_BYTES)
        return data({ error: 'The file is over the 50 MB limit. Split it by date range and import the parts.' }, { status: 413 })
      const formatValue = String(formData.get('format') ?? '')
      const format = IMPORT_FORMATS.includes(formatValue as ImportFormat) ? (formatValue as ImportFormat) : null
      let mapping: GenericMapping | null = null
      if (format === 'generic') {
        const saved = (await listImportMappings()).find((m) => m.id === formData.get('mappingId'))
        if (saved) mapping = saved.mapping
        else {
          const built = mappingFrom(formData)
          if (built.error) return data({ error: built.error }, { status: 400 })
          mapping = built.mapping
          const name = String(formData.get('mappingName') ?? '').trim()
          if (name && mapping) await saveImportMapping({ name, mapping, actorId: user.id })
        }
      }
      const id = await storeUpload({
        bytes: new Uint8Array(await file.arrayBuffer()),
        fileName: file.name || 'upload.csv',
        format,
        mapping,
        actorId: user.id,
      })
      return redirect(`/fundraising/donations/import?upload=${id}`)
    }
    if (intent === 'confirm') {
      const upload = await loadUpload(String(formData.get('uploadId')), user.id)
      if (!upload) return data({ error: 'This upload has expired: upload the file again.' }, { status: 410 })
      const outcome = await confirmImport({
        bytes: upload.bytes,
        fileName: upload.fileName,
        format: upload.format,
        mapping: upload.mapping,
        actorId: user.id,
      })
      await discardUpload(upload.id)
      return redirect(`/fundraising/donations/import?imported=${outcome.batchId}`)
    }
    if (intent === 'cancel') {
      await discardUpload(String(formData.get('uploadId')))
      return redirect('/fundraising/donations/import')
    }
    if (intent === 'revert') {
      const { voided } = await revertImport({ batchId: String(formData.get('batchId')), actorId: user.id })
      return { error: null, reverted: voided }
    }
  } catch (error) {
    if (error instanceof DomainError || error instanceof ImportFileError) return data({ error: error.message }, { status: 400 })
    throw error
  }
  return data({ error: 'Unknown action' }, { status: 400 })
}

export default function ImportRoute() {
  const { batches, mappings, preview, fileError, imported, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const error = fileError ?? (actionData && 'error' in actionData ? actionData.error : null)
  return (
    <>
      <PageHeader
        title="Import donations"
        description="Upload an export: Steward shows what it would add, what is already in the ledger, what it skips and which rows are wrong. Nothing is written until you confirm, and an import can be reverted as a whole."
      />
      <div className="space-y-6">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {actionData && 'reverted' in actionData ? (
          <Notice tone="success">
            Import reverted: {actionData.reverted} donations voided. They stay in the ledger, counting for nothing.
          </Notice>
        ) : null}
        {imported ? (
          <Notice tone="success">
            Imported {imported.fileName}: {imported.inserted} donations added, {imported.duplicates} already in the ledger,{' '}
            {imported.skipped} rows skipped.{' '}
            <Link to={`/fundraising/donations?batchId=${imported.id}`} className="underline">
              See them
            </Link>{' '}
            or{' '}
            <Link to="/fundraising" className="underline">
              the totals
            </Link>
            .
          </Notice>
        ) : null}
        {preview ? <Preview preview={preview} busy={busy} timeZone={timeZone} /> : <UploadForm mappings={mappings} busy={busy} />}
        <Card title="Earlier imports">
          {batches.length === 0 ? (
            <p className="text-sm text-slate-600">No imports yet.</p>
          ) : (
            <DataTable caption="Earlier imports" head={['When', 'File', 'Format', 'Rows', 'Added', 'Duplicates', 'Skipped', 'By', '']}>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td className={`${td} whitespace-nowrap`}>{formatDateTime(b.importedAt, timeZone)}</td>
                  <td className={td}>
                    <Link to={`/fundraising/donations?batchId=${b.id}&includeVoided=true`} className="text-brand-700 hover:underline">
                      {b.fileName}
                    </Link>
                    <span className="block font-mono text-xs text-slate-400" title={`SHA-256 ${b.sha256}`}>
                      {b.sha256.slice(0, 12)}…
                    </span>
                  </td>
                  <td className={td}>{FORMAT_LABELS[b.format]}</td>
                  <td className={tdNum}>{b.rows}</td>
                  <td className={tdNum}>{b.inserted}</td>
                  <td className={tdNum}>{b.duplicates}</td>
                  <td className={tdNum}>{b.skipped}</td>
                  <td className={td}>{b.importedBy ?? 'command line'}</td>
                  <td className={td}>
                    {b.revertedAt ? (
                      <Badge tone="red">
                        reverted {formatDate(b.revertedAt, timeZone)}
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
      </div>
    </>
  )
}

function UploadForm({ mappings, busy }: { mappings: { id: string; name: string }[]; busy: boolean }) {
  const input = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm'
  return (
    <Card title="Upload an export">
      <Form method="post" encType="multipart/form-data" className="space-y-4">
        <input type="hidden" name="intent" value="upload" />
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="block text-sm">
            <span className="font-medium text-slate-800">File</span>
            <span className="block text-xs text-slate-500">CSV or JSON, UTF-8, up to 50 MB</span>
            <input type="file" name="file" required accept=".csv,.json,.txt,text/csv,application/json" className={input} />
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Format</span>
            <span className="block text-xs text-slate-500">Detected from the first line unless you choose</span>
            <select name="format" defaultValue="" className={input}>
              <option value="">Detect automatically</option>
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <details className="rounded-md border border-slate-200 p-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">
            Other CSV (e.g. a NumFOCUS statement): column mapping
          </summary>
          <p className="mt-2 text-xs text-slate-500">
            Choose “Other CSV with a column mapping” as the format, then a saved mapping or the column names as they appear in the file’s
            first line.
          </p>
          {mappings.length ? (
            <label className="mt-3 block text-sm">
              <span className="font-medium text-slate-800">Saved mapping</span>
              <select name="mappingId" defaultValue="" className={input}>
                <option value="">— describe the columns below —</option>
                {mappings.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="mt-3 grid gap-3 sm:grid-cols-3">
            <label className="text-sm">
              <span className="font-medium text-slate-800">Source</span>
              <select name="m.source" defaultValue="numfocus" className={input}>
                {DONATION_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {SOURCE_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            {[
              ['m.date', 'Date column', 'required'],
              ['m.dateFormat', 'Date format', 'iso, or e.g. dd/MM/yyyy'],
              ['m.amount', 'Amount column', 'required'],
              ['m.currency', 'Currency (fixed)', 'e.g. USD'],
              ['m.currencyColumn', 'or currency column', ''],
              ['m.fees', 'Fees column', 'optional'],
              ['m.externalId', 'Id column', 'optional; else from the row'],
              ['m.donorName', 'Donor name column', 'optional'],
              ['m.donorEmail', 'Donor email column', 'optional'],
              ['m.description', 'Note column', 'optional'],
              ['mappingName', 'Save this mapping as', 'e.g. NumFOCUS statement'],
            ].map(([name, label, help]) => (
              <label key={name} className="text-sm">
                <span className="font-medium text-slate-800">{label}</span>
                {help ? <span className="block text-xs text-slate-500">{help}</span> : null}
                <input name={name} className={input} />
              </label>
            ))}
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="m.decimalComma" className="h-4 w-4" /> Amounts use a decimal comma (1.234,56)
            </label>
          </div>
        </details>
        <Button disabled={busy}>{busy ? 'Reading the file…' : 'Preview the import'}</Button>
      </Form>
    </Card>
  )
}

type PreviewData = NonNullable<Awaited<ReturnType<typeof loader>>['preview']>

function Preview({ preview: p, busy, timeZone }: { preview: PreviewData; busy: boolean; timeZone: string }) {
  return (
    <Card title={`Preview: ${p.fileName}`}>
      <p className="mb-4 text-sm text-slate-600">
        {FORMAT_LABELS[p.format]}, {p.rows} rows. Source: {SOURCE_LABELS[p.source]}.
      </p>
      {p.sameFile ? (
        <div className="mb-4">
          <Notice tone="warning">
            This exact file was imported on {formatDateTime(p.sameFile.importedAt, timeZone)}. Importing it again adds nothing twice.
          </Notice>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat
          label="To add"
          value={p.toAddCount}
          detail={
            p.totals.map((t) => `${formatMoney(t.gross, t.currency)} gross, ${formatMoney(t.net, t.currency)} net`).join(' · ') ||
            'nothing new'
          }
        />
        <Stat label="Already in the ledger" value={p.duplicatesCount} detail="same source and transaction id" />
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
                  {d.recurring ? <Badge tone="blue">recurring</Badge> : null} {d.refunded ? <Badge tone="amber">refunded</Badge> : null}
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

export const meta: Route.MetaFunction = () => [{ title: 'Import donations · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
