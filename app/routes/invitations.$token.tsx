import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { acceptInvitation } from '#app/domain/accounts/invitations.server.ts'
import { getInvitationPage } from '#app/domain/accounts/pages.server.ts'
import { AcceptInvitationSchema } from '#app/domain/accounts/schemas.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import type { Route } from './+types/invitations.$token'

// Public by design: the unguessable token in the link is the credential.
export async function loader({ params }: Route.LoaderArgs) {
  const page = await getInvitationPage({ token: params.token })
  if (!page) throw data({ message: 'This invitation link has expired or was already used. Ask an admin for a new one.' }, { status: 404 })
  return page
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const outcome = await submitForm(
    await request.formData(),
    AcceptInvitationSchema,
    (value) => acceptInvitation({ token: params.token, password: value.password }),
    { hideFields: ['password', 'confirmPassword'] },
  )
  if (!outcome.ok) return outcome.refusal
  return startUserSession({ request, userId: outcome.result.userId, clientAddress: context.clientAddress, redirectTo: '/' })
}

export default function AcceptInvitationRoute() {
  const invitation = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(AcceptInvitationSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
  })
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">Welcome, {invitation.name}</h1>
      <p className="mt-2 text-sm text-slate-600">Choose a password for {invitation.email}. You will use it with this email to sign in.</p>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormErrors errors={form.errors} />
        <Field
          label="Password"
          help="At least 10 characters."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password', autoFocus: true }}
        />
        <Field
          label="Repeat the password"
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          Set password and sign in
        </Button>
      </Form>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Accept invitation · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
