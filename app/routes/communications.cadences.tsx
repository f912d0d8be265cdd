import { data, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createCadence, deleteCadence, updateCadence } from '#app/domain/communications/cadences.server.ts'
import { getCadencesPage } from '#app/domain/communications/pages.server.ts'
import { CadenceSchema, DeleteCadenceSchema } from '#app/domain/communications/schemas.ts'
import { CadenceForm, CadenceTable } from '#app/components/communications/cadences.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { FormErrors } from '#app/components/ui/field.tsx'
import { saveCreateOrEditForm, submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.cadences'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getCadencesPage({ user })
}

/** Adds a cadence, or changes the one the form's `id` names. */
function saveCadence(formData: FormData, actorId: string) {
  return saveCreateOrEditForm(formData, {
    schema: CadenceSchema,
    create: (value) => createCadence({ ...value, actorId }),
    update: (value) => updateCadence({ ...value, actorId }),
    redirectTo: '/communications/cadences',
    answer: { intent: 'save' as const },
  })
}

/** Removes a cadence: its slots disappear, its posts stay. */
async function removeCadence(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, DeleteCadenceSchema, (value) => deleteCadence({ id: value.id, actorId }), {
    answer: { intent: 'delete' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect('/communications/cadences')
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'save':
      return saveCadence(formData, user.id)
    case 'delete':
      return removeCadence(formData, user.id)
    default:
      throw data({ message: 'Unknown action' }, { status: 400 })
  }
}

export default function CadencesRoute() {
  const { cadences, channels, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = cadences.find((c) => c.id === params.get('edit'))
  return (
    <>
      <PageHeader
        title="Cadences"
        description='How often you mean to post. To change the rhythm over time, end the old cadence ("valid until 31 March") and add the new one from the next day: the calendar shows the switch.'
      />
      <div className="grid gap-6 xl:grid-cols-5">
        <div className="xl:col-span-3">
          {actionData?.intent === 'delete' ? (
            <FormErrors errors={Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])} />
          ) : null}
          {cadences.length === 0 ? (
            <EmptyState title="No cadence yet">Add one: for example every 2 weeks on Tuesday, from the start of the quarter.</EmptyState>
          ) : (
            <CadenceTable cadences={cadences} canEdit={canEdit} />
          )}
        </div>
        {canEdit ? (
          <div className="xl:col-span-2">
            <Card title={editing ? `Edit “${editing.label}”` : 'Add a cadence'}>
              <CadenceForm
                key={editing?.id ?? 'new'}
                editing={editing}
                channels={channels}
                lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
              />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Cadences · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
