import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, redirect, useActionData, useNavigation, useSearchParams } from 'react-router'
import { attemptLogin } from '#app/domain/accounts/login.server.ts'
import { LoginSchema } from '#app/domain/accounts/schemas.ts'
import { countUsers } from '#app/domain/accounts/users.server.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { deviceIdFor, getUser, newDeviceCookie, safeRedirectTo, startUserSession } from '#app/utils/session.server.ts'
import type { Route } from './+types/login'

export async function loader({ request }: Route.LoaderArgs) {
  if ((await countUsers()) === 0) throw redirect('/setup')
  if (await getUser(request)) throw redirect(safeRedirectTo(request, new URL(request.url).searchParams.get('redirectTo')))
  return null
}

function minutesUntil(date: Date) {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000))
}

function lockedMessage(lock: { until: Date; bucket: 'device' | 'account' | 'address' }) {
  const wait = `Try again in ${minutesUntil(lock.until)} minute(s)`
  switch (lock.bucket) {
    case 'device':
      return `Too many failed sign-ins from this browser. ${wait}.`
    case 'account':
      return `Too many failed sign-ins for this account. ${wait}, or sign in from a browser you have signed in with before.`
    case 'address':
      return `Too many failed sign-ins from your network. ${wait}, or sign in from a browser you have signed in with before.`
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const outcome = await submitForm(
    await request.formData(),
    LoginSchema,
    async (value) => attemptLogin({ ...value, clientAddress: context.clientAddress, deviceId: await deviceIdFor(request, value.email) }),
    { hideFields: ['password'] },
  )
  if (!outcome.ok) return outcome.refusal
  const { submission, result } = outcome
  if (!result.ok) {
    const message = result.reason === 'locked' ? lockedMessage(result) : 'That email and password do not match an active account.'
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ['password'] }) },
      { status: result.reason === 'locked' ? 429 : 400 },
    )
  }
  return startUserSession({
    request,
    userId: result.user.id,
    clientAddress: context.clientAddress,
    redirectTo: submission.value.redirectTo,
    setCookies: [await newDeviceCookie(request, result.user.email)],
  })
}

export default function LoginRoute() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in to Steward</h1>
      <p className="mt-2 text-sm">
        <a href="/forgot-password" className="text-brand-700 underline">
          Forgot password?
        </a>
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label="Email"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
        />
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Sign in · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
