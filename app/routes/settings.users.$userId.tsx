import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { createInvitation } from '#app/domain/accounts/invitations.server.ts'
import { getUserPage } from '#app/domain/accounts/pages.server.ts'
import { UpdateRolesSchema } from '#app/domain/accounts/schemas.ts'
import { setUserActive, updateUserRoles } from '#app/domain/accounts/users.server.ts'
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '#app/domain/accounts/vocabulary.ts'
import { InvitationLinkCard } from '#app/components/accounts/invitation-link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { CheckboxGroup, FormErrors } from '#app/components/ui/field.tsx'
import { NoFieldsSchema, submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import { parseIdParam } from '#app/utils/params.ts'
import type { Route } from './+types/settings.users.$userId'

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const page = await getUserPage({ userId: parseIdParam(params.userId, 'user'), origin: publicOrigin(request) })
  if (!page) throw data({ message: 'No such user.' }, { status: 404 })
  return page
}

type Change = { userId: string; actorId: string }

/** What this person may do. */
async function saveRoles(formData: FormData, change: Change) {
  const outcome = await submitForm(formData, UpdateRolesSchema, (value) => updateUserRoles({ ...change, roles: value.roles }), {
    answer: { intent: 'roles' as const, message: null },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'roles' as const, result: outcome.submission.reply(), message: 'Roles saved.' }
}

/** Deactivated people cannot sign in; their history stays theirs. */
async function setActive(formData: FormData, change: Change, active: boolean) {
  const intent = active ? ('reactivate' as const) : ('deactivate' as const)
  const outcome = await submitForm(formData, NoFieldsSchema, () => setUserActive({ ...change, active }), {
    answer: { intent, message: null },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent, result: outcome.submission.reply(), message: active ? 'Reactivated.' : 'Deactivated: they can no longer sign in.' }
}

/** A new one-time link to choose a password: an invitation, or a reset for someone who has one. */
async function sendInvitation(formData: FormData, change: Change, origin: string) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => createInvitation({ ...change, origin }), {
    answer: { intent: 'invite' as const, message: null },
  })
  if (!outcome.ok) return outcome.refusal
  // Shown once, in this answer: never in the address.
  const { link, emailed } = outcome.result
  return { intent: 'invite' as const, result: outcome.submission.reply(), message: null, invitation: { link: link!, emailed } }
}

export async function action({ request, params }: Route.ActionArgs) {
  const admin = await requireRole(request, 'admin')
  const formData = await request.formData()
  const intent = formData.get('intent')
  const change = { userId: parseIdParam(params.userId, 'user'), actorId: admin.id }
  switch (intent) {
    case 'roles':
      return saveRoles(formData, change)
    case 'deactivate':
    case 'reactivate':
      return setActive(formData, change, intent === 'reactivate')
    case 'invite':
      return sendInvitation(formData, change, publicOrigin(request))
    default:
      throw data({ message: 'Unknown form' }, { status: 400 })
  }
}

export default function UserRoute() {
  const { user, pendingUntil } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const invitation = actionData && 'invitation' in actionData ? actionData.invitation : null
  const [form, fields] = useForm({
    lastResult: actionData?.intent === 'roles' ? actionData.result : undefined,
    constraint: getZodConstraint(UpdateRolesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateRolesSchema }),
  })
  const otherErrors =
    actionData && actionData.intent !== 'roles' ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? []) : null
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold">{user.name}</h2>
        <p className="text-sm text-slate-600">
          {user.email} · {user.active ? (user.hasPassword ? 'active' : 'invited') : 'deactivated'}
        </p>
      </div>
      {actionData?.message ? <Notice tone="success">{actionData.message}</Notice> : null}
      <FormErrors errors={otherErrors} />
      {invitation ? <InvitationLinkCard name={user.name} link={invitation.link} emailed={invitation.emailed} /> : null}
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
