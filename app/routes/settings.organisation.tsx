import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useActionData, useLoaderData } from 'react-router'
import { OrganisationSettingsSchema } from '#app/domain/settings/organisation.ts'
import { getOrganisationPage, updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/settings.organisation'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return getOrganisationPage()
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'admin')
  const outcome = await submitForm(
    await request.formData(),
    OrganisationSettingsSchema,
    (values) => updateOrganisationSettings({ values, actorId: user.id }),
    { answer: { saved: false } },
  )
  if (!outcome.ok) return outcome.refusal
  return { result: outcome.submission.reply({ resetForm: false }), saved: true }
}

export default function OrganisationSettingsRoute() {
  const { settings, timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { ...settings, weeklyBudgetMinutes: String(settings.weeklyBudgetMinutes) },
    constraint: getZodConstraint(OrganisationSettingsSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSettingsSchema }),
  })
  const zones = timeZones.includes('UTC') ? timeZones : ['UTC', ...timeZones]
  return (
    <Card title="Organisation">
      <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-4">
        {actionData?.saved ? <Notice tone="success">Saved.</Notice> : null}
        <FormErrors errors={form.errors} />
        <Field label="Project name" errors={fields.projectName.errors} inputProps={getInputProps(fields.projectName, { type: 'text' })} />
        <SelectField
          label="Time zone"
          help="Weeks, quarters, deadlines and cadence slots are computed in this zone."
          errors={fields.timeZone.errors}
          selectProps={getSelectProps(fields.timeZone)}
          options={zones.map((zone) => ({ value: zone, label: zone }))}
        />
        <Field
          label="Reporting currency"
          help="ISO 4217 code; totals convert to it at the exchange rate in force on each donation's date."
          errors={fields.reportingCurrency.errors}
          inputProps={{ ...getInputProps(fields.reportingCurrency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
        />
        <Field
          label="Weekly time budget per person (minutes)"
          help="The This week bar compares estimated work with it. Volunteers here give about 4 hours (240 minutes)."
          errors={fields.weeklyBudgetMinutes.errors}
          inputProps={getInputProps(fields.weeklyBudgetMinutes, { type: 'number' })}
        />
        <Button>Save</Button>
      </Form>
    </Card>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Organisation · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
