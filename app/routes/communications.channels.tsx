import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createChannel, updateChannel } from '#app/domain/communications/channels.server.ts'
import { getChannelsPage } from '#app/domain/communications/pages.server.ts'
import { ChannelSchema } from '#app/domain/communications/schemas.ts'
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, DEFAULT_CHARACTER_LIMITS } from '#app/domain/communications/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { saveCreateOrEditForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.channels'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getChannelsPage({ user })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const formData = await request.formData()
  return saveCreateOrEditForm(formData, {
    schema: ChannelSchema,
    create: (value) => createChannel({ ...value, actorId: user.id }),
    update: (value) => updateChannel({ ...value, actorId: user.id }),
    redirectTo: '/communications/channels',
  })
}

type Channel = Awaited<ReturnType<typeof loader>>['channels'][number]

function ChannelForm({ editing }: { editing?: Channel }) {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: editing ? `channel-${editing.id}` : 'channel-new',
    lastResult: actionData?.result,
    defaultValue: {
      kind: editing?.kind ?? 'x',
      name: editing?.name ?? '',
      handle: editing?.handle ?? '',
      active: editing ? (editing.active ? 'on' : '') : 'on',
      characterLimit: editing?.characterLimit ? String(editing.characterLimit) : '',
    },
    constraint: getZodConstraint(ChannelSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChannelSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <FormErrors errors={form.errors} />
      <SelectField
        label="Kind"
        errors={fields.kind.errors}
        selectProps={getSelectProps(fields.kind)}
        options={CHANNEL_KINDS.map((k) => ({ value: k, label: CHANNEL_KIND_LABELS[k] }))}
      />
      <Field
        label="Name"
        help='As you call it, e.g. "X" or "LinkedIn page".'
        errors={fields.name.errors}
        inputProps={getInputProps(fields.name, { type: 'text' })}
      />
      <Field
        label="Handle or URL (optional)"
        errors={fields.handle.errors}
        inputProps={{ ...getInputProps(fields.handle, { type: 'text' }), placeholder: '@pybamm or https://…' }}
      />
      <Field
        label="Character limit (optional)"
        help={`Empty takes the platform's default: ${Object.entries(DEFAULT_CHARACTER_LIMITS)
          .filter(([, v]) => v)
          .map(([k, v]) => `${CHANNEL_KIND_LABELS[k as keyof typeof CHANNEL_KIND_LABELS]} ${v!.toLocaleString('en')}`)
          .join(', ')}.`}
        errors={fields.characterLimit.errors}
        inputProps={{ ...getInputProps(fields.characterLimit, { type: 'number' }), min: 1 }}
      />
      <div className="flex items-center gap-2">
        <input {...getInputProps(fields.active, { type: 'checkbox' })} required={false} className="h-4 w-4" />
        <label htmlFor={fields.active.id} className="text-sm font-medium">
          Active (inactive channels keep their posts but get no new slots)
        </label>
      </div>
      <div className="flex gap-2">
        <Button>{editing ? 'Save channel' : 'Add channel'}</Button>
        {editing ? (
          <ButtonLink variant="ghost" to="/communications/channels">
            Cancel
          </ButtonLink>
        ) : null}
      </div>
    </Form>
  )
}

export default function ChannelsRoute() {
  const { channels, canEdit } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const editing = channels.find((c) => c.id === params.get('edit'))
  return (
    <>
      <PageHeader
        title="Channels"
        description="The platforms you post on. Channels are deactivated, never deleted: their posts stay in the history."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          {channels.length === 0 ? (
            <EmptyState title="No channels yet">Add X, LinkedIn or any platform your policy names.</EmptyState>
          ) : (
            <Card title="Channels">
              <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="py-2">
                      Name
                    </th>
                    <th scope="col">Kind</th>
                    <th scope="col">Limit</th>
                    <th scope="col">State</th>
                    <th scope="col">Publishing</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {channels.map((c) => (
                    <tr key={c.id}>
                      <td className="py-2">
                        <p className="font-medium">
                          <Link className="text-brand-700 underline" to={`/communications/channels/${c.id}`}>
                            {c.name}
                          </Link>
                        </p>
                        {c.handle ? <p className="text-xs text-slate-500">{c.handle}</p> : null}
                      </td>
                      <td>{CHANNEL_KIND_LABELS[c.kind]}</td>
                      <td>{c.characterLimit ? c.characterLimit.toLocaleString('en') : 'none'}</td>
                      <td>
                        {c.active ? <span className="text-green-700">Active</span> : <span className="text-slate-500">Inactive</span>}
                      </td>
                      <td>
                        {!c.connectable ? (
                          <span className="text-slate-600">By hand</span>
                        ) : c.connection?.demoReason ? (
                          <span className="text-slate-600">Demo: never published</span>
                        ) : c.connection?.connected ? (
                          <span className={c.connection.lastError ? 'text-red-700' : 'text-green-700'}>
                            {c.connection.lastError ? 'Connection failing' : 'By Steward'}
                          </span>
                        ) : (
                          <Link
                            className="text-brand-700 underline"
                            to={`/communications/channels/${c.id}`}
                            aria-label={`Connect ${c.name}`}
                          >
                            Connect
                          </Link>
                        )}
                      </td>
                      <td className="text-right">
                        {canEdit ? (
                          <Link className="text-brand-700 underline" to={`?edit=${c.id}`} aria-label={`Edit ${c.name}`}>
                            Edit
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
        </div>
        {canEdit ? (
          <div className="lg:col-span-2">
            <Card title={editing ? `Edit ${editing.name}` : 'Add a channel'}>
              <ChannelForm key={editing?.id ?? 'new'} editing={editing} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Channels · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
