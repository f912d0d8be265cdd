import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { acceptInvitation, findUsableInvitation } from '#app/domain/accounts/invitations.server.ts'
import { AcceptInvitationSchema } from '#app/domain/accounts/schemas.ts'
import { DomainError } from '#app/domain/errors.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { startUserSession } from '#app/utils/session.server.ts'
import type { Route } from './+types/invitations.$token'

// Public by design: the unguessable token in the link is the credential.
export async function loader({ params }: Route.LoaderArgs) {
  const invitation = await findUsableInvitation(params.token)
  if (!invitation)
    throw data({ message: 'This invitation link has expired or was already used. Ask an admin for a new one.' }, { status: 404 })
  return { name: invitation.name, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: AcceptInvitationSchema })
  if (submission.status !== 'success')
    return data({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  try {
    const { userId } = await acceptInvitation({ token: params.token, password: submission.value.password })
    return startUserSession({ request, userId, clientAddress: context.clientAddress, redirectTo: '/' })
  } catch (error) {
    if (error instanceof DomainError)
      return data(
        { result: submission.reply({ formErrors: [error.message], hideFields: ['password', 'confirmPassword'] }) },
        { status: 410 },
      )
    throw error
  }
}

export default function AcceptInvitationRoute() {
  const invitation = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
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
