import { data, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createManualDonation, getDonationsPage, voidDonation } from '#app/domain/fundraising/donations.server.ts'
import { filtersFromSearch, ManualDonationSchema, VoidDonationSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import { DonationFilterForm } from '#app/components/fundraising/donation-filters.tsx'
import { DonationsTable } from '#app/components/fundraising/donations-table.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { ManualDonationForm } from '#app/components/fundraising/manual-donation-form.tsx'
import { ButtonLink, buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.donations._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const params = new URL(request.url).searchParams
  return getDonationsPage({ filters: filtersFromSearch(params), page: Math.max(1, Number(params.get('page')) || 1) })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'create':
      return addDonation(formData, user.id)
    case 'void':
      return voidOne(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

async function addDonation(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ManualDonationSchema, (value) => createManualDonation({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'create', result: outcome.submission.reply({ resetForm: true }), created: true }
}

/** A correction: the donation stays in the ledger, voided, with the reason. */
async function voidOne(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, VoidDonationSchema, (value) => voidDonation({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'void', result: outcome.submission.reply(), voided: true }
}

export default function DonationsRoute() {
  const { rows, total, page, pageSize, filters, reportingCurrency, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const exportParams = new URLSearchParams(params)
  exportParams.delete('page')
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <>
      <PageHeader
        title="Donations"
        description="Every donation in the ledger, in its original currency. Corrections void a donation (it stays, counting for nothing) and a new one is entered."
        actions={
          <>
            <a href={`/fundraising/donations/export.csv?${exportParams}`} className={buttonClass('secondary')} download>
              Export CSV
            </a>
            <ButtonLink to="/fundraising/donations/import">Import a file</ButtonLink>
          </>
        }
      />
      <DonationFilterForm filters={filters} />
      {actionData && 'voided' in actionData ? <Notice tone="success">The donation was voided.</Notice> : null}
      {rows.length === 0 ? (
        <EmptyState
          title="No donations match"
          action={<ButtonLink to="/fundraising/donations/import">Import a donations export</ButtonLink>}
        >
          Import an export, enter a donation below, or clear the filters.
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600">
            {total} donation{total === 1 ? '' : 's'}
            {pages > 1 ? `, page ${page} of ${pages}` : ''}
          </p>
          <DonationsTable rows={rows} timeZone={timeZone} voidResult={(donationId) => resultFor(actionData, 'void', { donationId })} />
          <Pagination page={page} pages={pages} />
        </>
      )}
      <ManualDonationForm
        reportingCurrency={reportingCurrency}
        lastResult={resultFor(actionData, 'create')}
        created={Boolean(actionData && 'created' in actionData)}
      />
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Donations · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
