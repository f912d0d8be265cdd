import { redirect, useActionData, useLoaderData } from 'react-router'
import { createGrant, getGrantsPage } from '#app/domain/fundraising/grants.server.ts'
import { GrantSchema } from '#app/domain/fundraising/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { GrantBoard, GrantFigures, GrantsTable, NewGrantForm, UpcomingDeadlines } from '#app/components/fundraising/grants.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { hasRole, requireRole } from '#app/utils/session.server.ts'
import { GRANT_READER_ROLES } from '#app/domain/accounts/permissions.ts'
import type { Route } from './+types/fundraising.grants._index'

export async function loader({ request }: Route.LoaderArgs) {
  // The council reads the pipeline (organisations and stages); only fundraising edits it.
  const user = await requireRole(request, ...GRANT_READER_ROLES)
  return getGrantsPage({ now: new Date(), readOnly: !hasRole(user, 'fundraising') })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const outcome = await submitForm(await request.formData(), GrantSchema, (value) => createGrant({ ...value, actorId: user.id }))
  if (!outcome.ok) return outcome.refusal
  return redirect(`/fundraising/grants/${outcome.result.id}`)
}

export default function GrantsRoute() {
  const { grants, people, deadlines, stats, pipelineWeights, today, reportingCurrency, readOnly } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Grants"
        description="The pipeline from idea to closed, with every deadline: letters of intent, proposals, reports and renewals."
      />
      <div className="space-y-6">
        <GrantFigures stats={stats} weights={pipelineWeights} deadlines={deadlines} />
        <UpcomingDeadlines deadlines={deadlines} today={today} linked={!readOnly} />
        {grants.length === 0 ? (
          <EmptyState title="No grants yet">
            {readOnly
              ? 'The fundraising lead has not added any grant yet.'
              : 'Add the first application below: even an idea is worth tracking.'}
          </EmptyState>
        ) : (
          <>
            <GrantBoard grants={grants} linked={!readOnly} />
            <GrantsTable grants={grants} linked={!readOnly} />
          </>
        )}
        {readOnly ? null : <NewGrantForm people={people} reportingCurrency={reportingCurrency} lastResult={actionData?.result} />}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Grants · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
