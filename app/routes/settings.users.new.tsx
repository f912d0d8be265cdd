import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, redirect, useActionData } from 'react-router'
import { createInvitation } from '#app/domain/accounts/invitations.server.ts'
import { NewUserSchema } from '#app/domain/accounts/schemas.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '#app/domain/accounts/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { CheckboxGroup, Field, FormErrors } from '#app/components/ui/field.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings.users.new'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return null
}

export async function action({ request }: Route.ActionArgs) {
  const admin = await requireRole(request, 'admin')
  const outcome = await submitForm(await request.formData(), NewUserSchema, async (value) => {
    const user = await createUser({ ...value, actorId: admin.id })
    const invitation = await createInvitation({ userId: user.id, actorId: admin.id })
    return { userId: user.id, token: invitation.token }
  })
  if (!outcome.ok) return outcome.refusal
  // The link is shown once, on the next page; only its hash is stored.
  const { userId, token } = outcome.result
  return redirect(`/settings/users/${userId}?invitation=${encodeURIComponent(token)}`)
}

export default function NewUserRoute() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewUserSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
  })
  return (
    <Card title="Invite a person">
      <p className="mb-4 text-sm text-slate-600">They get a one-time link, valid for 7 days, to choose their password.</p>
      <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-4">
        <FormErrors errors={form.errors} />
        <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
        <Field label="Email" errors={fields.email.errors} inputProps={getInputProps(fields.email, { type: 'email' })} />
        <CheckboxGroup
          legend="Roles"
          name={fields.roles.name}
          errors={fields.roles.errors}
          options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], description: ROLE_DESCRIPTIONS[role] }))}
        />
        <Button>Create and get the invitation link</Button>
      </Form>
    </Card>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Invite a person · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
