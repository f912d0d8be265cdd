import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData } from 'react-router'
import { createInvitation } from '#app/domain/accounts/invitations.server.ts'
import { NewUserSchema } from '#app/domain/accounts/schemas.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '#app/domain/accounts/vocabulary.ts'
import { InvitationLinkCard } from '#app/components/accounts/invitation-link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { CheckboxGroup, Field, FormErrors } from '#app/components/ui/field.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import type { Route } from './+types/settings.users.new'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return null
}

export async function action({ request }: Route.ActionArgs) {
  const admin = await requireRole(request, 'admin')
  const outcome = await submitForm(await request.formData(), NewUserSchema, async (value) => {
    const user = await createUser({ ...value, actorId: admin.id })
    const invitation = await createInvitation({ userId: user.id, actorId: admin.id, origin: publicOrigin(request) })
    return { userId: user.id, name: user.name, link: invitation.link!, emailed: invitation.emailed }
  })
  if (!outcome.ok) return outcome.refusal
  // The link is shown once, in this answer (never in an address); only its hash is stored.
  return { result: outcome.submission.reply({ resetForm: true }), invited: outcome.result }
}

export default function NewUserRoute() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewUserSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
  })
  const invited = actionData && 'invited' in actionData ? actionData.invited : null
  return (
    <div className="space-y-6">
      {invited ? (
        <>
          <InvitationLinkCard name={invited.name} link={invited.link} emailed={invited.emailed} />
          <p className="text-sm">
            <Link to={`/settings/users/${invited.userId}`} className="text-brand-700 underline">
              Open {invited.name}’s page
            </Link>
          </p>
        </>
      ) : null}
      <Card title={invited ? 'Invite another person' : 'Invite a person'}>
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
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Invite a person · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
