// The pieces of /fundraising/grants/:grantId: the grant's details, and its deadlines with a form
// for another.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import type { z } from 'zod'
import type { GrantPage } from '#app/domain/fundraising/grants.server.ts'
import { DeadlineSchema, GrantSchema } from '#app/domain/fundraising/schemas.ts'
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, GRANT_STATUS_LABELS, GRANT_STATUSES } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { minorToDecimal } from '#app/utils/money.ts'
import { errorsOf } from './action-result.ts'
import { Badge } from './ui.tsx'

type Result = SubmissionResult<string[]> | undefined

export function GrantDetailsForm({ grant, people, lastResult, saved }: GrantPage & { lastResult: Result; saved: boolean }) {
  const [form, fields] = useForm<z.input<typeof GrantSchema>>({
    id: 'grant',
    lastResult,
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
    constraint: getZodConstraint(GrantSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantSchema }),
  })
  return (
    <Card title="Details" className="lg:col-span-2">
      {saved ? <Notice tone="success">Saved.</Notice> : null}
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
          options={GRANT_STATUSES.map((s) => ({ value: s, label: GRANT_STATUS_LABELS[s] }))}
        />
        <SelectField
          label="Owner"
          errors={fields.ownerId.errors}
          selectProps={getSelectProps(fields.ownerId)}
          options={[{ value: '', label: '—' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <Field label="Amount asked" errors={fields.amountAsked.errors} inputProps={getInputProps(fields.amountAsked, { type: 'text' })} />
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
        <Field label="Period start" errors={fields.periodStart.errors} inputProps={getInputProps(fields.periodStart, { type: 'date' })} />
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
  )
}

export function GrantDeadlines({
  deadlines,
  addResult,
  doneResult,
}: {
  deadlines: GrantPage['grant']['deadlines']
  /** the answer to adding a deadline */
  addResult: Result
  /** the answer to marking one done, when it was refused */
  doneResult: Result
}) {
  const [form, fields] = useForm<z.input<typeof DeadlineSchema>>({
    id: 'deadline',
    lastResult: addResult,
    defaultValue: { kind: 'proposal' },
    constraint: getZodConstraint(DeadlineSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeadlineSchema }),
  })
  const doneRefused = errorsOf(doneResult)
  return (
    <Card title="Deadlines">
      {doneRefused.length ? <Notice tone="error">{doneRefused.join(' ')}</Notice> : null}
      {deadlines.length === 0 ? <p className="text-sm text-slate-600">No deadlines yet.</p> : null}
      <ul className="mb-4 divide-y divide-slate-100 text-sm">
        {deadlines.map((d) => (
          <li key={d.id} className="py-2">
            <div className="flex items-start justify-between gap-2">
              <span>
                <strong className="tabular-nums">{d.dueOn}</strong> · {DEADLINE_KIND_LABELS[d.kind]}
                {d.rrule ? <span className="block font-mono text-xs text-slate-500">repeats: {d.rrule}</span> : null}
                {d.note ? <span className="block text-xs text-slate-500">{d.note}</span> : null}
                {d.rrule && d.completedCount ? (
                  <span className="block text-xs text-slate-500">
                    {d.completedCount} done{d.lastCompleted ? `, the last on ${d.lastCompleted}` : ''}
                  </span>
                ) : null}
              </span>
              {d.doneAt ? <Badge tone="green">done</Badge> : d.rrule ? null : <MarkDone deadlineId={d.id} />}
            </div>
            {d.rrule && !d.doneAt ? (
              <ul className="mt-1 space-y-1 pl-3" aria-label={`Next dates of the ${DEADLINE_KIND_LABELS[d.kind].toLowerCase()} deadline`}>
                {d.next.map((date) => (
                  <li key={date} className="flex items-center justify-between gap-2">
                    <span className="tabular-nums">{date}</span>
                    <MarkDone deadlineId={d.id} occursOn={date} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="deadline" />
        <FormErrors errors={form.errors} />
        <SelectField
          label="Kind"
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
          options={DEADLINE_KINDS.map((k) => ({ value: k, label: DEADLINE_KIND_LABELS[k] }))}
        />
        <Field
          label="Due on"
          help="the first occurrence if it repeats"
          errors={fields.dueOn.errors}
          inputProps={getInputProps(fields.dueOn, { type: 'date' })}
        />
        <Field
          label="Repeats (RRULE)"
          help="optional, e.g. FREQ=MONTHLY;INTERVAL=3 for quarterly reports"
          errors={fields.rrule.errors}
          inputProps={getInputProps(fields.rrule, { type: 'text' })}
        />
        <Field label="Note" errors={fields.note.errors} inputProps={getInputProps(fields.note, { type: 'text' })} />
        <Button variant="secondary">Add deadline</Button>
      </Form>
    </Card>
  )
}

/** "Mark done" for a one-off deadline, or for one date of a repeating one. */
function MarkDone({ deadlineId, occursOn }: { deadlineId: string; occursOn?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="done" />
      <input type="hidden" name="deadlineId" value={deadlineId} />
      {occursOn ? <input type="hidden" name="occursOn" value={occursOn} /> : null}
      <Button variant="ghost" className="px-2 py-1" aria-label={occursOn ? `Mark done: ${occursOn}` : undefined}>
        Mark done
      </Button>
    </Form>
  )
}
