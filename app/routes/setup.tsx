import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import { SetupSchema } from '#app/domain/accounts/schemas.ts'
import { setUpSteward, setupNeedsCode } from '#app/domain/accounts/setup-code.server.ts'
import { countUsers } from '#app/domain/accounts/users.server.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { newDeviceCookie, startUserSession } from '#app/utils/session.server.ts'
import type { Route } from './+types/setup'

// Open only while nobody exists: the first person becomes the admin.
async function requireNoUsers() {
  if ((await countUsers()) > 0) throw redirect('/login')
}

// A visitor from another machine proves they can read the server's log: the setup code.
export async function loader({ context }: Route.LoaderArgs) {
  await requireNoUsers()
  return { needsCode: setupNeedsCode(context.clientAddress) }
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireNoUsers()
  const outcome = await submitForm(
    await request.formData(),
    SetupSchema,
    (value) => setUpSteward({ ...value, clientAddress: context.clientAddress }),
    { hideFields: ['password', 'confirmPassword'] },
  )
  if (!outcome.ok) return outcome.refusal
  return startUserSession({
    request,
    userId: outcome.result.id,
    clientAddress: context.clientAddress,
    redirectTo: '/settings/organisation',
    setCookies: [await newDeviceCookie(request, outcome.result.email)],
  })
}

export default function SetupRoute() {
  const { needsCode } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(SetupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetupSchema }),
  })
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">Welcome to Steward</h1>
      <p className="mt-2 text-sm text-slate-600">
        Create the first account. It becomes the admin, who invites the communications lead, the community manager, the fundraising lead and
        the council.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <FormErrors errors={form.errors} />
        {needsCode ? (
          <Field
            label="Setup code"
            help="Steward printed it in its log when it started (docker compose logs web, or the terminal running npm start)."
            errors={fields.setupCode.errors}
            inputProps={{ ...getInputProps(fields.setupCode, { type: 'text' }), autoComplete: 'off', spellCheck: false, autoFocus: true }}
          />
        ) : null}
        <Field
          label="Your name"
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name', autoFocus: !needsCode }}
        />
        <Field
          label="Email"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
        />
        <Field
          label="Password"
          help="At least 10 characters."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          label="Repeat the password"
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Creating the admin account…' : 'Create admin account'}
        </Button>
      </Form>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Set up Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
