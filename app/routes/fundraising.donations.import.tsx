import { data, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import {
  confirmUpload,
  discardUpload,
  getDonationImportPage,
  revertImport,
  uploadDonationFile,
} from '#app/domain/fundraising/imports.server.ts'
import { ImportUploadIdSchema, ImportUploadSchema, RevertImportSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import { ImportBatches } from '#app/components/fundraising/import-batches.tsx'
import { ImportPreview } from '#app/components/fundraising/import-preview.tsx'
import { ImportUploadForm } from '#app/components/fundraising/import-upload-form.tsx'
import { Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { optionalIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/fundraising.donations.import'

const PAGE = '/fundraising/donations/import'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, 'fundraising')
  const params = new URL(request.url).searchParams
  const page = await getDonationImportPage({
    actorId: user.id,
    uploadId: optionalIdParam(params.get('upload')),
    importedId: optionalIdParam(params.get('imported')),
  })
  // An upload that is gone (confirmed, cancelled, a day old) or someone else's has nothing to preview.
  if (!page) throw redirect(PAGE)
  return page
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'upload':
      return uploadFile(formData, user.id)
    case 'confirm':
      return confirmFile(formData, user.id)
    case 'cancel':
      return cancelFile(formData)
    case 'revert':
      return revertBatch(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

/** Keeps the file and shows its preview: nothing is written to the ledger yet. */
async function uploadFile(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ImportUploadSchema, (value) => uploadDonationFile({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return redirect(`${PAGE}?upload=${outcome.result}`)
}

async function confirmFile(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ImportUploadIdSchema, ({ uploadId }) => confirmUpload({ uploadId, actorId }))
  if (!outcome.ok) return outcome.refusal
  return redirect(`${PAGE}?imported=${outcome.result.batchId}`)
}

async function cancelFile(formData: FormData) {
  const outcome = await submitForm(formData, ImportUploadIdSchema, ({ uploadId }) => discardUpload(uploadId))
  if (!outcome.ok) return outcome.refusal
  return redirect(PAGE)
}

async function revertBatch(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, RevertImportSchema, ({ batchId }) => revertImport({ batchId, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'revert', result: outcome.submission.reply(), reverted: outcome.result.voided, unmarked: outcome.result.refundsUnmarked }
}

export default function ImportRoute() {
  const { batches, mappings, preview, fileError, imported, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <PageHeader
        title="Import donations"
        description="Upload an export: Steward shows what it would add, what is already in the ledger, what it skips and which rows are wrong. Nothing is written until you confirm, and an import can be reverted as a whole."
      />
      <div className="space-y-6">
        {actionData && 'reverted' in actionData ? (
          <Notice tone="success">
            Import reverted: {actionData.reverted} donations voided. They stay in the ledger, counting for nothing.
            {actionData.unmarked ? ` ${actionData.unmarked} earlier donations it had marked refunded count again.` : null}
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
        {preview ? (
          <ImportPreview preview={preview} busy={busy} timeZone={timeZone} lastResult={resultFor(actionData, 'confirm')} />
        ) : (
          <ImportUploadForm mappings={mappings} busy={busy} fileError={fileError} lastResult={resultFor(actionData, 'upload')} />
        )}
        <ImportBatches batches={batches} timeZone={timeZone} lastResult={resultFor(actionData, 'revert')} />
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Import donations · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
