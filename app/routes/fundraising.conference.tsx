import { data, useActionData, useLoaderData } from 'react-router'
import { addPledge, createTarget, getConferencePage, updateTarget } from '#app/domain/fundraising/conference.server.ts'
import { PledgeSchema, TargetSchema, UpdateTargetSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import { BudgetCard, NewBudgetForm } from '#app/components/fundraising/conference.tsx'
import { EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.conference'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  return getConferencePage({ now: new Date() })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'target':
      return addBudget(formData, user.id)
    case 'edit':
      return editBudget(formData, user.id)
    case 'pledge':
      return addBudgetPledge(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

async function addBudget(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, TargetSchema, (value) => createTarget({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'target', result: outcome.submission.reply({ resetForm: true }), message: 'Budget created.' }
}

async function editBudget(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, UpdateTargetSchema, (value) => updateTarget({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'edit', targetId: outcome.result.id, result: outcome.submission.reply(), message: 'Budget saved.' }
}

async function addBudgetPledge(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, PledgeSchema, (value) => addPledge({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  const { targetId } = outcome.result
  return { intent: 'pledge', targetId, result: outcome.submission.reply({ resetForm: true }), message: 'Pledge recorded.' }
}

export default function ConferenceRoute() {
  const { targets, campaigns, reportingCurrency } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Conference funding"
        description={`The budget target and its lines in ${reportingCurrency}, the pledges from sponsors in their own currencies, what has actually arrived, and the conference campaign.`}
      />
      <div className="space-y-6">
        {actionData && 'message' in actionData ? <Notice tone="success">{actionData.message}</Notice> : null}
        {targets.length === 0 ? (
          <EmptyState title="No conference budget yet">
            Create one below: a target, its lines and the conference campaign, then record pledges as sponsors commit.
          </EmptyState>
        ) : null}
        {targets.map((t) => (
          <BudgetCard
            key={t.id}
            budget={t}
            campaigns={campaigns}
            pledgeResult={resultFor(actionData, 'pledge', { targetId: t.id })}
            editResult={resultFor(actionData, 'edit', { targetId: t.id })}
          />
        ))}
        <NewBudgetForm reportingCurrency={reportingCurrency} campaigns={campaigns} lastResult={resultFor(actionData, 'target')} />
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Conference funding · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
