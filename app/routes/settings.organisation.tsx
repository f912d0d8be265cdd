import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { OrganisationSettingsSchema } from '#app/domain/settings/organisation.ts'
import { getOrganisationPage } from '#app/domain/settings/pages.server.ts'
import { updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { saveOrganisationTaskMinutes } from '#app/domain/this-week/personal.server.ts'
import { TaskMinutesSchema } from '#app/domain/this-week/task-minutes.ts'
import { TASK_KIND_LABELS, TASK_KINDS } from '#app/domain/this-week/vocabulary.ts'
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

/** The minutes each kind of task usually takes: the defaults everyone's This week estimate starts from. */
async function saveTaskMinutes(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, TaskMinutesSchema, (values) => saveOrganisationTaskMinutes({ values, actorId }), {
    answer: { intent: 'task-minutes' as const, saved: false },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'task-minutes' as const, result: outcome.submission.reply({ resetForm: false }), saved: true }
}

/** The project's name, time zone, reporting currency and weekly budget. */
async function saveOrganisation(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, OrganisationSettingsSchema, (values) => updateOrganisationSettings({ values, actorId }), {
    answer: { saved: false },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'organisation' as const, result: outcome.submission.reply({ resetForm: false }), saved: true }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'admin')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'organisation':
      return saveOrganisation(formData, user.id)
    case 'task-minutes':
      return saveTaskMinutes(formData, user.id)
    default:
      throw data({ message: 'Unknown form' }, { status: 400 })
  }
}

export default function OrganisationSettingsRoute() {
  const { settings, timeZones, taskMinutes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const isTasks = actionData && 'intent' in actionData && actionData.intent === 'task-minutes'
  const [form, fields] = useForm({
    lastResult: isTasks ? undefined : actionData?.result,
    defaultValue: { ...settings, weeklyBudgetMinutes: String(settings.weeklyBudgetMinutes) },
    constraint: getZodConstraint(OrganisationSettingsSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSettingsSchema }),
  })
  const [tasksForm, taskFields] = useForm({
    id: 'task-minutes',
    lastResult: isTasks ? actionData?.result : undefined,
    defaultValue: Object.fromEntries(TASK_KINDS.map((k) => [k, String(taskMinutes[k])])),
    constraint: getZodConstraint(TaskMinutesSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TaskMinutesSchema }),
  })
  const zones = timeZones.includes('UTC') ? timeZones : ['UTC', ...timeZones]
  return (
    <div className="space-y-6">
      <Card title="Organisation">
        <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-4">
          <input type="hidden" name="intent" value="organisation" />
          {actionData?.saved && !isTasks ? <Notice tone="success">Saved.</Notice> : null}
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
      <Card title="Time per kind of task">
        <Form method="post" {...getFormProps(tasksForm)} className="space-y-4">
          <input type="hidden" name="intent" value="task-minutes" />
          <p className="text-sm text-slate-600">
            This week estimates each person's work from these minutes. Each person can set their own under Settings → Your account.
          </p>
          {isTasks && actionData?.saved ? <Notice tone="success">Saved.</Notice> : null}
          <FormErrors errors={tasksForm.errors} />
          <div className="grid gap-4 md:grid-cols-2">
            {TASK_KINDS.map((k) => (
              <Field
                key={k}
                label={`${TASK_KIND_LABELS[k]} (minutes)`}
                errors={taskFields[k].errors}
                inputProps={getInputProps(taskFields[k], { type: 'number' })}
              />
            ))}
          </div>
          <Button>Update minutes</Button>
        </Form>
      </Card>
    </div>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Organisation · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
