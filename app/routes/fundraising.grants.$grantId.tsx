import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import { addDeadline, completeDeadline, getGrant, updateGrant } from '#app/domain/fundraising/grants.server.ts'
import { listFundraisingPeople } from '#app/domain/fundraising/people.server.ts'
import { DeadlineSchema, GrantSchema } from '#app/domain/fundraising/schemas.ts'
import { minorToDecimal } from '#app/utils/money.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import { DEADLINE_KINDS, GRANT_STATUSES } from '#app/domain/fundraising/vocabulary.ts'
import type { Route } from './+types/fundraising.grants.$grantId'

const STATUS_LABELS: Record<string, string> = {
  idea: 'Idea',
  drafting: 'Drafting',
  submitted: 'Submitted',
  awarded: 'Awarded',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  reporting: 'Reporting',
  closed: 'Closed',
}
const KIND_LABELS: Record<string, string> = {
  letter_of_intent: 'Letter of intent',
  proposal: 'Proposal',
  report: 'Report',
  renewal: 'Renewal',
}

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const grant = await getGrant(params.grantId)
  if (!grant) throw data({ message: 'No such grant' }, { status: 404 })
  return { grant, people: await listFundraisingPeople() }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  try {
    if (intent === 'deadline') {
      const submission = parseWithZod(formData, { schema: DeadlineSchema })
      if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
      await addDeadline({ ...submission.value, grantId: params.grantId, actorId: user.id })
      return { intent, result: submission.reply({ resetForm: true }) }
    }
    if (intent === 'done') {
      await completeDeadline({ deadlineId: String(formData.get('deadlineId')), actorId: user.id })
      return { intent, result: undefined }
    }
    const submission = parseWithZod(formData, { schema: GrantSchema })
    if (submission.status !== 'success') return data({ intent: 'grant', result: submission.reply() }, { status: 400 })
    await updateGrant({ ...submission.value, grantId: params.grantId, actorId: user.id })
    return { intent: 'grant', result: submission.reply(), saved: true }
  } catch (error) {
    if (error instanceof DomainError) return data({ intent, result: undefined, error: error.message }, { status: 409 })
    throw error
  }
}

export default function GrantRoute() {
  const { grant, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof GrantSchema>>({
    id: 'grant',
    lastResult: actionData?.intent === 'grant' ? actionData.result : undefined,
    defaultValue: {
      ...grant,
      amountAsked: grant.amountAsked !== null ? minorToDecimal(grant.amountAsked, grant.currency) : '',
      amountAwarded: grant.amountAwarded !== null ? minorToDecimal(grant.amountAwarded, grant.currency) : '',
      ownerId: grant.ownerId ?? '',
      periodStart: grant.periodStart ?? '',
      periodEnd: grant.periodEnd ?? '',
      links: grant.links ?? '',
      notes: grant.notes ?? '',
    },
    shouldRevalidate: 'onBlur',
  })
  const [dForm, dFields] = useForm<z.input<typeof DeadlineSchema>>({
    id: 'deadline',
    lastResult: actionData?.intent === 'deadline' ? actionData.result : undefined,
    defaultValue: { kind: 'proposal' },
  })
  return (
    <>
      <PageHeader
        title={grant.title}
        description={
          <>
            {grant.funder} · {STATUS_LABELS[grant.status]} ·{' '}
            <Link to="/fundraising/grants" className="underline">
              all grants
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-2">
          {actionData && 'saved' in actionData && actionData.saved ? <Notice tone="success">Saved.</Notice> : null}
          {actionData && 'error' in actionData && actionData.error ? <Notice tone="error">{actionData.error}</Notice> : null}
          <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-4 sm:grid-cols-2">
            <input type="hidden" name="intent" value="grant" />
            <div className="sm:col-span-2">
              <FormErrors errors={form.errors} />
            </div>
            <Field label="Funder" errors={fields.funder.errors} inputProps={getInputProps(fields.funder, { type: 'text' })} />
            <Field label="Title" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: 'text' })} />
            <SelectField
              label="Status"
              errors={fields.status.errors}
              selectProps={getSelectProps(fields.status)}
              options={GRANT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            />
            <SelectField
              label="Owner"
              errors={fields.ownerId.errors}
              selectProps={getSelectProps(fields.ownerId)}
              options={[{ value: '', label: '—' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
            />
            <Field
              label="Amount asked"
              errors={fields.amountAsked.errors}
              inputProps={getInputProps(fields.amountAsked, { type: 'text' })}
            />
            <Field
              label="Amount awarded"
              errors={fields.amountAwarded.errors}
              inputProps={getInputProps(fields.amountAwarded, { type: 'text' })}
            />
            <Field
              label="Currency"
              errors={fields.currency.errors}
              inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
            />
            <div />
            <Field
              label="Period start"
              errors={fields.periodStart.errors}
              inputProps={getInputProps(fields.periodStart, { type: 'date' })}
            />
            <Field label="Period end" errors={fields.periodEnd.errors} inputProps={getInputProps(fields.periodEnd, { type: 'date' })} />
            <TextareaField
              className="sm:col-span-2"
              label="Links"
              help="one per line: call, application, reports"
              errors={fields.links.errors}
              textareaProps={{ ...getTextareaProps(fields.links), rows: 2 }}
            />
            <TextareaField
              className="sm:col-span-2"
              label="Notes"
              errors={fields.notes.errors}
              textareaProps={{ ...getTextareaProps(fields.notes), rows: 4 }}
            />
            <div className="sm:col-span-2">
              <Button>Save</Button>
            </div>
          </Form>
        </Card>
        <Card title="Deadlines">
          {grant.deadlines.length === 0 ? <p className="text-sm text-slate-600">No deadlines yet.</p> : null}
          <ul className="mb-4 divide-y divide-slate-100 text-sm">
            {grant.deadlines.map((d) => (
              <li key={d.id} className="flex items-start justify-between gap-2 py-2">
                <span>
                  <strong className="tabular-nums">{d.dueOn}</strong> · {KIND_LABELS[d.kind]}
                  {d.rrule ? <span className="block font-mono text-xs text-slate-500">repeats: {d.rrule}</span> : null}
                  {d.note ? <span className="block text-xs text-slate-500">{d.note}</span> : null}
                </span>
                {d.doneAt ? (
                  <Badge tone="green">done</Badge>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="done" />
                    <input type="hidden" name="deadlineId" value={d.id} />
                    <Button variant="ghost" className="px-2 py-1">
                      Mark done
                    </Button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
          <Form method="post" {...getFormProps(dForm)} className="space-y-3">
            <input type="hidden" name="intent" value="deadline" />
            <FormErrors errors={dForm.errors} />
            <SelectField
              label="Kind"
              errors={dFields.kind.errors}
              selectProps={getSelectProps(dFields.kind)}
              options={DEADLINE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            />
            <Field
              label="Due on"
              help="the first occurrence if it repeats"
              errors={dFields.dueOn.errors}
              inputProps={getInputProps(dFields.dueOn, { type: 'date' })}
            />
            <Field
              label="Repeats (RRULE)"
              help="optional, e.g. FREQ=MONTHLY;INTERVAL=3 for quarterly reports"
              errors={dFields.rrule.errors}
              inputProps={getInputProps(dFields.rrule, { type: 'text' })}
            />
            <Field label="Note" errors={dFields.note.errors} inputProps={getInputProps(dFields.note, { type: 'text' })} />
            <Button variant="secondary">Add deadline</Button>
          </Form>
        </Card>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.grant.title ?? 'Grant'} · Grants · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
