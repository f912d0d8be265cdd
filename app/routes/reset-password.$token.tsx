import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { findUsablePasswordReset, RESET_LINK_USED, resetPassword } from '#app/domain/accounts/password-reset.server.ts'
import { ResetPasswordSchema } from '#app/domain/accounts/schemas.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import type { Route } from './+types/reset-password.$token'

// Public by design: the unguessable token in the e-mailed link is the credential.
export async function loader({ params }: Route.LoaderArgs) {
  const reset = await findUsablePasswordReset(params.token)
  if (!reset) throw data({ message: RESET_LINK_USED }, { status: 404 })
  return reset
}

export async function action({ request, params }: Route.ActionArgs) {
  const outcome = await submitForm(
    await request.formData(),
    ResetPasswordSchema,
    (value) => resetPassword({ token: params.token, password: value.password }),
    { hideFields: ['password', 'confirmPassword'] },
  )
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply({ resetForm: true }), done: true }
}

export default function ResetPasswordRoute() {
  const reset = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  })
  if (actionData && 'done' in actionData && actionData.done) {
    return (
      <div className="mx-auto max-w-md px-4 py-16">
        <h1 className="text-2xl font-semibold">Password changed</h1>
        <div className="mt-6">
          <Notice tone="success">Your new password is set, and every device that was signed in as you has been signed out.</Notice>
        </div>
        <p className="mt-6 text-sm">
          <Link to="/login" className="text-brand-700 underline">
            Sign in with the new password
          </Link>
        </p>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      <p className="mt-2 text-sm text-slate-600">For {reset.email}. Every device signed in as you will be signed out.</p>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormErrors errors={form.errors} />
        <Field
          label="New password"
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
          Set the new password
        </Button>
      </Form>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Reset password · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
