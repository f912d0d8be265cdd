import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { passwordResetAvailable, requestPasswordReset } from '#app/domain/accounts/password-reset.server.ts'
import { ForgotPasswordSchema } from '#app/domain/accounts/schemas.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import type { Route } from './+types/forgot-password'

// Public by design: whoever forgot their password is not signed in.
export function loader() {
  return { available: passwordResetAvailable() }
}

export async function action({ request }: Route.ActionArgs) {
  const outcome = await submitForm(await request.formData(), ForgotPasswordSchema, (value) => requestPasswordReset(value))
  if (!outcome.ok) return outcome.refusal
  // The same answer whether or not the address has an account.
  return { result: outcome.submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPasswordRoute() {
  const { available } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  })
  const sent = actionData && 'sent' in actionData && actionData.sent
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Forgot your password?</h1>
      {available ? (
        <>
          <p className="mt-2 text-sm text-slate-600">
            Enter the email you sign in with. We send a link to choose a new password; it works once, for one hour.
          </p>
          {sent ? (
            <div className="mt-6">
              <Notice tone="success">
                If that address belongs to an account here, a reset link is on its way. Check your inbox (and the spam folder) in a few
                minutes.
              </Notice>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <FormErrors errors={form.errors} />
            <Field
              label="Email"
              errors={fields.email.errors}
              inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
            />
            <Button className="w-full" disabled={navigation.state === 'submitting'}>
              {navigation.state === 'submitting' ? 'Sending…' : 'Send me a reset link'}
            </Button>
          </Form>
        </>
      ) : (
        <div className="mt-6">
          <Notice>
            This Steward does not send e-mail. Ask an admin to open your page under Settings → People and roles and give you a new one-time
            link to choose a password.
          </Notice>
        </div>
      )}
      <p className="mt-6 text-sm">
        <Link to="/login" className="text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Forgot password · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
