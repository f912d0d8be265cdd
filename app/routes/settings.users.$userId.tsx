import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { createInvitation, listPendingInvitations } from '#app/domain/accounts/invitations.server.ts'
import { UpdateRolesSchema } from '#app/domain/accounts/schemas.ts'
import { getUserWithRoles, setUserActive, updateUserRoles } from '#app/domain/accounts/users.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { CheckboxGroup, FormErrors } from '#app/components/ui/field.tsx'
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '#app/domain/accounts/vocabulary.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import { ROLES } from '#app/domain/accounts/vocabulary.ts'
import type { Route } from './+types/settings.users.$userId'

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const user = await getUserWithRoles(params.userId).catch(() => undefined)
  if (!user) throw data({ message: 'No such user.' }, { status: 404 })
  const pending = (await listPendingInvitations()).find((p) => p.userId === user.id)
  return {
    user: { id: user.id, name: user.name, email: user.email, roles: user.roles, active: user.active, hasPassword: user.hasPassword },
    pendingUntil: pending?.expiresAt.toISOString() ?? null,
    origin: publicOrigin(request),
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const admin = await requireRole(request, 'admin')
  const formData = await request.formData()
  const intent = formData.get('intent')
  try {
    if (intent === 'roles') {
      const submission = parseWithZod(formData, { schema: UpdateRolesSchema })
      if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
      await updateUserRoles({ userId: params.userId, roles: submission.value.roles, actorId: admin.id })
      return { intent, result: submission.reply(), message: 'Roles saved.' }
    }
    if (intent === 'deactivate' || intent === 'reactivate') {
      await setUserActive({ userId: params.userId, active: intent === 'reactivate', actorId: admin.id })
      return { intent, result: undefined, message: intent === 'deactivate' ? 'Deactivated: they can no longer sign in.' : 'Reactivated.' }
    }
    if (intent === 'invite') {
      const invitation = await createInvitation({ userId: params.userId, actorId: admin.id })
      return redirect(`/settings/users/${params.userId}?invitation=${encodeURIComponent(invitation.token)}`)
    }
  } catch (error) {
    if (error instanceof DomainError)
      return data({ intent, result: { status: 'error' as const, error: { '': [error.message] } }, message: null }, { status: 409 })
    throw error
  }
  throw data({ message: 'Unknown form' }, { status: 400 })
}

export default function UserRoute() {
  const { user, pendingUntil, origin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const token = searchParams.get('invitation')
  const [form, fields] = useForm({
    lastResult: actionData?.intent === 'roles' ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateRolesSchema }),
  })
  const otherError =
    actionData && actionData.intent !== 'roles' && actionData.result?.error ? Object.values(actionData.result.error).flat() : null
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold">{user.name}</h2>
        <p className="text-sm text-slate-600">
          {user.email} · {user.active ? (user.hasPassword ? 'active' : 'invited') : 'deactivated'}
        </p>
      </div>
      {actionData?.message ? <Notice tone="success">{actionData.message}</Notice> : null}
      <FormErrors errors={otherError as string[] | null} />
      {token ? (
        <Card title="Invitation link">
          <p className="text-sm text-slate-600">
            Send this link to {user.name}. It works once and expires in 7 days; it is not shown again.
          </p>
          <label htmlFor="invitation-link" className="mt-3 block text-sm font-medium">
            Link
          </label>
          <input
            id="invitation-link"
            readOnly
            value={`${origin}/invitations/${token}`}
            className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
        </Card>
      ) : null}
      <Card title="Roles">
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="roles" />
          <FormErrors errors={form.errors} />
          <CheckboxGroup
            legend="What this person may do"
            name={fields.roles.name}
            errors={fields.roles.errors}
            defaultValue={user.roles}
            options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], description: ROLE_DESCRIPTIONS[role] }))}
          />
          <Button>Save roles</Button>
        </Form>
      </Card>
      <Card title="Access">
        <div className="flex flex-wrap gap-3">
          {user.active && !user.hasPassword ? (
            <Form method="post">
              <input type="hidden" name="intent" value="invite" />
              <Button variant="secondary">{pendingUntil ? 'Replace the invitation link' : 'Send a new invitation link'}</Button>
            </Form>
          ) : null}
          {user.active && user.hasPassword ? (
            <Form method="post">
              <input type="hidden" name="intent" value="invite" />
              <Button variant="secondary">Create a password reset link</Button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value={user.active ? 'deactivate' : 'reactivate'} />
            <Button variant={user.active ? 'danger' : 'secondary'}>{user.active ? 'Deactivate' : 'Reactivate'}</Button>
          </Form>
        </div>
        {pendingUntil ? <p className="mt-3 text-xs text-slate-500">An invitation is open until {pendingUntil.slice(0, 10)}.</p> : null}
      </Card>
    </div>
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.user.name ?? 'Person'} · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
