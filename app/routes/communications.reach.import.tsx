import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { z } from 'zod'
import {
  confirmAnalyticsUpload,
  discardAnalyticsUpload,
  getAnalyticsImportPage,
  revertAnalyticsImport,
  uploadAnalyticsFile,
} from '#app/domain/communications/analytics-imports.server.ts'
import { AnalyticsUploadIdSchema, AnalyticsUploadSchema, RevertAnalyticsImportSchema } from '#app/domain/communications/schemas.ts'
import { ANALYTICS_EXPORT_LABELS, CHANNEL_KIND_LABELS } from '#app/domain/communications/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { errorsOf, resultFor } from '#app/components/fundraising/action-result.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { ScrollRegion } from '#app/components/ui/scroll-region.tsx'
import { Stat } from '#app/components/ui/stat.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { optionalIdParam } from '#app/utils/params.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.reach.import'

const PAGE = '/communications/reach/import'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, 'communications')
  const params = new URL(request.url).searchParams
  const page = await getAnalyticsImportPage({
    actorId: user.id,
    uploadId: optionalIdParam(params.get('upload')),
    importedId: optionalIdParam(params.get('imported')),
  })
  // an upload that is gone (confirmed, cancelled, a day old) or someone else's has nothing to preview
  if (!page) throw redirect(PAGE)
  return page
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'upload':
      return uploadFile(formData, user.id)
    case 'confirm':
      return confirmFile(formData, user.id)
    case 'cancel':
      return cancelFile(formData, user.id)
    case 'revert':
      return revertImport(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

/** Keeps the file and shows its preview: nothing is written to Reach yet. */
async function uploadFile(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, AnalyticsUploadSchema, (value) => uploadAnalyticsFile({ ...value, actorId }), {
    answer: { intent: 'upload' },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(`${PAGE}?upload=${outcome.result}`)
}

async function confirmFile(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, AnalyticsUploadIdSchema, ({ uploadId }) => confirmAnalyticsUpload({ uploadId, actorId }))
  if (!outcome.ok) return outcome.refusal
  if (!outcome.result.importId) return { intent: 'confirm', result: outcome.submission.reply(), unchanged: true }
  return redirect(`${PAGE}?imported=${outcome.result.importId}`)
}

async function cancelFile(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, AnalyticsUploadIdSchema, ({ uploadId }) => discardAnalyticsUpload(uploadId, actorId))
  if (!outcome.ok) return outcome.refusal
  return redirect(PAGE)
}

async function revertImport(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, RevertAnalyticsImportSchema, ({ importId }) => revertAnalyticsImport({ importId, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'revert', result: outcome.submission.reply(), ...outcome.result }
}

const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'))

export default function AnalyticsImportRoute() {
  const { channels, imports, upload, imported, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <PageHeader
        title="Import analytics export"
        description="X and LinkedIn numbers come from the exports a page admin downloads: X's account overview and content CSVs, LinkedIn's followers and content files. Steward shows what it would change; nothing is written until you confirm, and an import can be reverted."
        actions={
          <Link className="text-brand-700 underline" to="/communications/reach">
            Back to Reach
          </Link>
        }
      />
      <div className="space-y-6">
        {actionData && 'restored' in actionData ? (
          <Notice tone="success">
            Import reverted: {actionData.restored} values restored
            {actionData.keptNewer ? `; ${actionData.keptNewer} changed since were kept` : ''}.
          </Notice>
        ) : null}
        {actionData && 'unchanged' in actionData ? (
          <Notice tone="info">The file changes nothing: Steward already holds these numbers. Nothing was recorded.</Notice>
        ) : null}
        {imported ? (
          <Notice tone="success">
            Imported {imported.fileName} for {imported.channelName}: {imported.postsMatched} posts, {imported.followerDays} days of
            followers. <Link to="/communications/reach">See Reach</Link>.
          </Notice>
        ) : null}
        {channels.length === 0 ? (
          <EmptyState
            title="No X or LinkedIn channel yet"
            action={
              <Link className="text-brand-700 underline" to="/communications/channels">
                Add an X or LinkedIn channel
              </Link>
            }
          >
            An export is imported into the channel it comes from.
          </EmptyState>
        ) : upload ? (
          <UploadPreview uploadId={upload.uploadId} preview={upload.preview} busy={busy} lastResult={resultFor(actionData, 'confirm')} />
        ) : (
          <UploadForm channels={channels} busy={busy} lastResult={resultFor(actionData, 'upload')} />
        )}
        <EarlierImports imports={imports} timeZone={timeZone} lastResult={resultFor(actionData, 'revert')} />
      </div>
    </>
  )
}

function UploadForm({
  channels,
  busy,
  lastResult,
}: {
  channels: Array<{ id: string; name: string; kind: string }>
  busy: boolean
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useForm<z.input<typeof AnalyticsUploadSchema>>({
    id: 'analytics-upload',
    lastResult,
    defaultValue: { channelId: channels.length === 1 ? channels[0].id : '' },
    constraint: getZodConstraint(AnalyticsUploadSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnalyticsUploadSchema }),
  })
  return (
    <Card title="Upload an export">
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="upload" />
        <FormErrors errors={form.errors} />
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Channel"
            errors={fields.channelId.errors}
            selectProps={getSelectProps(fields.channelId)}
            options={[
              { value: '', label: 'Choose the channel' },
              ...channels.map((c) => ({
                value: c.id,
                label: `${c.name} · ${CHANNEL_KIND_LABELS[c.kind as keyof typeof CHANNEL_KIND_LABELS]}`,
              })),
            ]}
          />
          <Field
            label="Export file"
            help="CSV or XLSX, up to 50 MB"
            errors={fields.file.errors}
            inputProps={{
              ...getInputProps(fields.file, { type: 'file' }),
              accept: '.csv,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            }}
          />
          <Field
            label="Followers on the file's last day"
            help="Optional: the exports give each day's gain; with the total, Steward stores follower counts"
            errors={fields.followersAtEnd.errors}
            inputProps={{ ...getInputProps(fields.followersAtEnd, { type: 'number' }), min: 0, inputMode: 'numeric' }}
          />
        </div>
        <Button type="submit" disabled={busy}>
          Preview the import
        </Button>
      </Form>
    </Card>
  )
}

type Preview = NonNullable<Awaited<ReturnType<typeof getAnalyticsImportPage>>>['upload']

function UploadPreview({
  uploadId,
  preview: p,
  busy,
  lastResult,
}: {
  uploadId: string
  preview: NonNullable<Preview>['preview']
  busy: boolean
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const refused = errorsOf(lastResult)
  return (
    <Card title={`Preview: ${p.fileName}`}>
      <p className="mb-4 text-sm text-slate-600">
        {p.channelName}: {ANALYTICS_EXPORT_LABELS[p.kind]}, {p.rows} rows
        {p.firstDay ? `, ${p.firstDay} to ${p.lastDay}` : ''}.
      </p>
      {p.sameFile ? (
        <div className="mb-4">
          <Notice tone="warning">This exact file was imported before. Importing it again changes only what differs.</Notice>
        </div>
      ) : null}
      {p.followersNote ? (
        <div className="mb-4">
          <Notice tone="warning">{p.followersNote}</Notice>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat label="Rows" value={p.rows} detail={p.firstDay ? `${p.firstDay} – ${p.lastDay}` : 'no dates'} />
        <Stat label="Matched posts" value={p.matched.length} detail="Steward's posts, by their link" />
        <Stat label="Unmatched posts" value={p.unmatched.length} detail="not planned in Steward: left out" />
        <Stat label="Follower days" value={p.followerDays} detail={`${p.changes} values would change`} />
      </div>
      {p.matched.length > 0 ? (
        <ScrollRegion label="Matched posts">
          <table className="mt-4 w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
            <caption className="sr-only">Matched posts</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col">Post</th>
                <th scope="col">Impressions</th>
                <th scope="col">Engagements</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.matched.map((m) => (
                <tr key={m.postId}>
                  <th scope="row" className="py-2 font-medium">
                    <Link to={`/communications/posts/${m.postId}`}>{m.title}</Link>
                  </th>
                  <td>{count(m.impressions)}</td>
                  <td>{count(m.engagements)}</td>
                  <td>{m.changes ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {p.unmatched.length > 0 ? (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer">Unmatched posts ({p.unmatched.length})</summary>
          <ul className="mt-2 space-y-1 text-slate-700">
            {p.unmatched.map((u, i) => (
              <li key={`${u.url}-${i}`}>
                {u.day ?? ''} {u.label ?? u.url} — {count(u.impressions)} impressions
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {refused.length ? (
        <div className="mt-4">
          <Notice tone="error">{refused.join(' ')}</Notice>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="uploadId" value={uploadId} />
          <Button type="submit" disabled={busy}>
            Import
          </Button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="uploadId" value={uploadId} />
          <Button type="submit" variant="secondary" disabled={busy}>
            Cancel
          </Button>
        </Form>
      </div>
    </Card>
  )
}

function EarlierImports({
  imports,
  timeZone,
  lastResult,
}: {
  imports: NonNullable<Awaited<ReturnType<typeof getAnalyticsImportPage>>>['imports']
  timeZone: string
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const refused = errorsOf(lastResult)
  return (
    <Card title="Earlier imports">
      {refused.length ? (
        <div className="mb-3">
          <Notice tone="error">{refused.join(' ')}</Notice>
        </div>
      ) : null}
      {imports.length === 0 ? (
        <p className="text-sm text-slate-600">No export imported yet: upload one above.</p>
      ) : (
        <ScrollRegion label="Earlier imports">
          <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col">File</th>
                <th scope="col">Channel</th>
                <th scope="col">Days</th>
                <th scope="col">Posts</th>
                <th scope="col">Imported</th>
                <th scope="col">
                  <span className="sr-only">Revert</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {imports.map((i) => (
                <tr key={i.id}>
                  <th scope="row" className="py-2 font-medium">
                    {i.fileName}
                  </th>
                  <td>{i.channelName}</td>
                  <td>{i.firstDay ? `${i.firstDay} – ${i.lastDay}` : '—'}</td>
                  <td>{i.postsMatched}</td>
                  <td>
                    {formatDateTime(i.importedAt, timeZone)}
                    {i.importedBy ? ` by ${i.importedBy}` : ''}
                  </td>
                  <td>
                    {i.revertedAt ? (
                      <span className="text-slate-500">Reverted</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revert" />
                        <input type="hidden" name="importId" value={i.id} />
                        <Button type="submit" variant="secondary" disabled={false} aria-label={`Revert the import of ${i.fileName}`}>
                          Revert
                        </Button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Card>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Import analytics export · Reach · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
