import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, redirect, useActionData, useLoaderData } from 'react-router'
import { getPolicyEditPage } from '#app/domain/communications/pages.server.ts'
import { savePolicyVersion } from '#app/domain/communications/policy.server.ts'
import { PolicySchema } from '#app/domain/communications/schemas.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/communications.policy.edit'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'communications')
  return getPolicyEditPage()
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'communications')
  const outcome = await submitForm(await request.formData(), PolicySchema, (value) => savePolicyVersion({ ...value, actorId: user.id }))
  if (!outcome.ok) return outcome.refusal
  return redirect('/communications/policy')
}

export default function EditPolicyRoute() {
  const { markdown, version } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { markdown, note: '' },
    constraint: getZodConstraint(PolicySchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PolicySchema }),
  })
  return (
    <>
      <PageHeader
        title={version ? `Edit the policy (version ${version})` : 'Write the policy'}
        description="Markdown: # headings, **bold**, - lists, [links](https://…). Saving makes a new version; older ones stay readable."
      />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextareaField
            label="Policy (Markdown)"
            errors={fields.markdown.errors}
            textareaProps={{
              name: fields.markdown.name,
              id: fields.markdown.id,
              defaultValue: String(fields.markdown.initialValue ?? ''),
              rows: 22,
              className: 'font-mono',
            }}
          />
          <Field
            label="What changed (optional)"
            help="Shown in the history."
            errors={fields.note.errors}
            inputProps={getInputProps(fields.note, { type: 'text' })}
          />
          <div className="flex gap-2">
            <Button>Save as version {version + 1}</Button>
            <ButtonLink variant="ghost" to="/communications/policy">
              Cancel
            </ButtonLink>
          </div>
        </Form>
      </Card>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Edit the policy · Communications · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
