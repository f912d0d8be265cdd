import { data, Link, useActionData, useLoaderData } from 'react-router'
import { addDeadline, completeDeadline, getGrantPage, updateGrant } from '#app/domain/fundraising/grants.server.ts'
import { CompleteDeadlineSchema, DeadlineSchema, GrantSchema } from '#app/domain/fundraising/schemas.ts'
import { GRANT_STATUS_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { resultFor } from '#app/components/fundraising/action-result.ts'
import { GrantDeadlines, GrantDetailsForm } from '#app/components/fundraising/grant.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { parseIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/fundraising.grants.$grantId'

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const page = await getGrantPage({ grantId: parseIdParam(params.grantId, 'grant') })
  if (!page) throw data({ message: 'No such grant' }, { status: 404 })
  return page
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'grant':
      return saveGrant(formData, parseIdParam(params.grantId, 'grant'), user.id)
    case 'deadline':
      return addGrantDeadline(formData, parseIdParam(params.grantId, 'grant'), user.id)
    case 'done':
      return markDeadlineDone(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

async function saveGrant(formData: FormData, grantId: string, actorId: string) {
  const outcome = await submitForm(formData, GrantSchema, (value) => updateGrant({ ...value, grantId, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'grant', result: outcome.submission.reply(), saved: true }
}

async function addGrantDeadline(formData: FormData, grantId: string, actorId: string) {
  const outcome = await submitForm(formData, DeadlineSchema, (value) => addDeadline({ ...value, grantId, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'deadline', result: outcome.submission.reply({ resetForm: true }) }
}

async function markDeadlineDone(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, CompleteDeadlineSchema, ({ deadlineId, occursOn }) =>
    completeDeadline({ deadlineId, occursOn, actorId }),
  )
  if (!outcome.ok) return outcome.refusal
  return { intent: 'done', result: outcome.submission.reply() }
}

export default function GrantRoute() {
  const { grant, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title={grant.title}
        description={
          <>
            {grant.funder} · {GRANT_STATUS_LABELS[grant.status]} ·{' '}
            <Link to="/fundraising/grants" className="underline">
              all grants
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <GrantDetailsForm
          grant={grant}
          people={people}
          lastResult={resultFor(actionData, 'grant')}
          saved={Boolean(actionData && 'saved' in actionData)}
        />
        <GrantDeadlines
          deadlines={grant.deadlines}
          addResult={resultFor(actionData, 'deadline')}
          doneResult={resultFor(actionData, 'done')}
        />
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.grant.title ?? 'Grant'} · Grants · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
