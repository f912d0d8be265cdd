import { data, Form, useActionData, useLoaderData } from 'react-router'
import { getDonorsPage, mergeDonors, updateDonor } from '#app/domain/fundraising/donors.server.ts'
import { MergeDonorsSchema, UpdateDonorSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import { DonorMergeSuggestions, DonorsTable, MergeDonorsForm } from '#app/components/fundraising/donors.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.donors'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  return getDonorsPage({ query: new URL(request.url).searchParams.get('q') })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'update':
      return saveDonor(formData, user.id)
    case 'merge':
      return mergeTwo(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

async function saveDonor(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, UpdateDonorSchema, (value) => updateDonor({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'update', result: outcome.submission.reply(), updated: true }
}

/** Donations and platform handles move to the donor kept; the other stays, pointing to it. */
async function mergeTwo(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, MergeDonorsSchema, (value) => mergeDonors({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'merge', result: outcome.submission.reply({ resetForm: true }), merged: outcome.result.moved }
}

export default function DonorsRoute() {
  const { q, donors, suggestions, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Donors"
        description="People and organisations who gave, across platforms. When the same donor arrives from two platforms, merge them: donations and platform handles move to the donor you keep."
      />
      <div className="space-y-6">
        {actionData && 'updated' in actionData ? <Notice tone="success">Donor saved.</Notice> : null}
        {actionData && 'merged' in actionData ? <Notice tone="success">Merged: {actionData.merged} donations moved.</Notice> : null}
        {suggestions.length ? <DonorMergeSuggestions suggestions={suggestions} /> : null}
        <MergeDonorsForm donors={donors} lastResult={resultFor(actionData, 'merge')} />
        <Form method="get" className="flex items-end gap-2">
          <label className="text-sm">
            <span className="block font-medium text-slate-800">Find a donor</span>
            <input name="q" defaultValue={q ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <Button variant="secondary">Search</Button>
        </Form>
        {donors.length === 0 ? (
          <EmptyState title="No donors yet">Donors are created when donations are imported or entered.</EmptyState>
        ) : (
          <DonorsTable donors={donors} timeZone={timeZone} updateResult={(donorId) => resultFor(actionData, 'update', { donorId })} />
        )}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Donors · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
