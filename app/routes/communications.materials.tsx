import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createMaterial, updateMaterial } from '#app/domain/communications/materials.server.ts'
import { getMaterialsPage } from '#app/domain/communications/pages.server.ts'
import { MaterialSchema } from '#app/domain/communications/schemas.ts'
import { MATERIAL_KIND_LABELS, MATERIAL_KINDS, MATERIAL_STATUS_LABELS, MATERIAL_STATUSES } from '#app/domain/communications/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { saveCreateOrEditForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.materials'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getMaterialsPage({ user })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  return saveCreateOrEditForm(formData, {
    schema: MaterialSchema,
    create: (value) => createMaterial({ ...value, actorId: user.id }),
    update: (value) => updateMaterial({ ...value, actorId: user.id }),
    redirectTo: '/communications/materials',
  })
}

type LoaderData = Awaited<ReturnType<typeof loader>>

function MaterialForm({ editing, people }: { editing?: LoaderData['materials'][number]; people: LoaderData['people'] }) {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: editing ? `material-${editing.id}` : 'material-new',
    lastResult: actionData?.result,
    defaultValue: {
      kind: editing?.kind ?? 'video_tutorial',
      title: editing?.title ?? '',
      status: editing?.status ?? 'planned',
      ownerId: editing?.ownerId ?? '',
      dueOn: editing?.dueOn ?? '',
      link: editing?.link ?? '',
    },
    constraint: getZodConstraint(MaterialSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MaterialSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <FormErrors errors={form.errors} />
      <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: 'text' })} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Kind"
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
          options={MATERIAL_KINDS.map((k) => ({ value: k, label: MATERIAL_KIND_LABELS[k] }))}
        />
        <SelectField
          label="Status"
          errors={fields.status.errors}
          selectProps={getSelectProps(fields.status)}
          options={MATERIAL_STATUSES.map((s) => ({ value: s, label: MATERIAL_STATUS_LABELS[s] }))}
        />
        <SelectField
          label="Owner"
          errors={fields.ownerId.errors}
          selectProps={getSelectProps(fields.ownerId)}
          options={[{ value: '', label: 'Nobody yet' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <Field label="Due on" errors={fields.dueOn.errors} inputProps={getInputProps(fields.dueOn, { type: 'date' })} />
      </div>
      <Field
        label="Link (optional)"
        errors={fields.link.errors}
        inputProps={{ ...getInputProps(fields.link, { type: 'url' }), placeholder: 'https://' }}
      />
      <div className="flex gap-2">
        <Button>{editing ? 'Save material' : 'Add material'}</Button>
        {editing ? (
          <ButtonLink variant="ghost" to="/communications/materials">
            Cancel
          </ButtonLink>
        ) : null}
      </div>
    </Form>
  )
}

export default function MaterialsRoute() {
  const { materials, people, today, canEdit } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const editing = materials.find((m) => m.id === params.get('edit'))
  return (
    <>
      <PageHeader
        title="Materials"
        description="Video tutorials, notebooks and slide decks: who makes them, by when, and where they live."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          {materials.length === 0 ? (
            <EmptyState title="No materials yet">Add the next tutorial or notebook you plan, with an owner and a due date.</EmptyState>
          ) : (
            <Card title="Materials">
              <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="py-2">
                      Title
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {materials.map((m) => {
                    const overdue = m.dueOn && m.dueOn < today && m.status !== 'delivered' && m.status !== 'dropped'
                    return (
                      <tr key={m.id}>
                        <td className="py-2">
                          {m.link ? (
                            <a href={m.link} className="font-medium text-brand-700 underline" target="_blank" rel="noreferrer noopener">
                              {m.title}
                            </a>
                          ) : (
                            <span className="font-medium">{m.title}</span>
                          )}
                          <p className="text-xs text-slate-500">{MATERIAL_KIND_LABELS[m.kind]}</p>
                        </td>
                        <td>{MATERIAL_STATUS_LABELS[m.status]}</td>
                        <td>{m.ownerName ?? '—'}</td>
                        <td className={overdue ? 'font-semibold text-red-700' : ''}>
                          {m.dueOn ? formatDate(m.dueOn) : '—'}
                          {overdue ? ' (overdue)' : ''}
                        </td>
                        <td className="text-right">
                          {canEdit ? (
                            <Link className="text-brand-700 underline" to={`?edit=${m.id}`} aria-label={`Edit ${m.title}`}>
                              Edit
                            </Link>
                          ) : null}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </Card>
          )}
        </div>
        {canEdit ? (
          <div className="lg:col-span-2">
            <Card title={editing ? `Edit ${editing.title}` : 'Add a material'}>
              <MaterialForm key={editing?.id ?? 'new'} editing={editing} people={people} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Materials · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
