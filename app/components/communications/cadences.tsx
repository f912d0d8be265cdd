// The cadences page's table and form: a cadence is "every N weeks on these weekdays", or a raw RRULE.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { useState } from 'react'
import { Form, Link } from 'react-router'
import { parseWeeklyRrule } from '#app/domain/communications/cadence.ts'
import { CadenceSchema } from '#app/domain/communications/schemas.ts'
import { WEEKDAY_LABELS, WEEKDAYS } from '#app/domain/communications/vocabulary.ts'
import { Button, ButtonLink } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { CheckboxGroup, Field, FieldErrors, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'

export interface CadenceRow {
  id: string
  label: string
  description: string
  timeOfDay: string
  rrule: string
  channelId: string | null
  channelName: string | null
  validFrom: string
  validUntil: string | null
}

/** Every cadence with its rule in words; the lead edits or deletes one from here. */
export function CadenceTable({ cadences, canEdit }: { cadences: readonly CadenceRow[]; canEdit: boolean }) {
  return (
    <Card title="Cadences">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3">
                Cadence
              </th>
              <th scope="col" className="pr-3">
                Channel
              </th>
              <th scope="col">Valid</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {cadences.map((c) => (
              <tr key={c.id} className="align-top">
                <td className="py-2">
                  <p className="font-medium">{c.label}</p>
                  <p className="text-xs text-slate-500">
                    {c.description} at {c.timeOfDay} · <code>{c.rrule}</code>
                  </p>
                </td>
                <td className="py-2 pr-3">{c.channelName ?? 'All channels'}</td>
                <td className="py-2">
                  {formatDate(c.validFrom)} – {c.validUntil ? formatDate(c.validUntil) : 'open'}
                </td>
                <td className="py-2 text-right">{canEdit ? <CadenceActions cadence={c} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}

function CadenceActions({ cadence }: { cadence: CadenceRow }) {
  return (
    <div className="flex justify-end gap-1">
      <Link className="rounded px-2 py-1 text-brand-700 underline" to={`?edit=${cadence.id}`} aria-label={`Edit ${cadence.label}`}>
        Edit
      </Link>
      <Form
        method="post"
        onSubmit={(e) =>
          !confirm(`Delete the cadence "${cadence.label}"? Its slots disappear; posts stay.`) ? e.preventDefault() : undefined
        }
      >
        <input type="hidden" name="id" value={cadence.id} />
        <button name="intent" value="delete" className="rounded px-2 py-1 text-red-700 underline" aria-label={`Delete ${cadence.label}`}>
          Delete
        </button>
      </Form>
    </div>
  )
}

/** Adds a cadence, or edits `editing`. */
export function CadenceForm({
  editing,
  channels,
  lastResult,
}: {
  editing?: CadenceRow
  channels: readonly { id: string; name: string; active: boolean }[]
  lastResult?: SubmissionResult<string[]>
}) {
  const simple: { intervalWeeks: number; weekdays: string[] } | null = editing
    ? parseWeeklyRrule(editing.rrule)
    : { intervalWeeks: 2, weekdays: ['TU'] }
  const [mode, setMode] = useState<'simple' | 'advanced'>(simple ? 'simple' : 'advanced')
  const [form, fields] = useForm({
    id: editing ? `cadence-${editing.id}` : 'cadence-new',
    lastResult,
    defaultValue: {
      mode: simple ? 'simple' : 'advanced',
      channelId: editing?.channelId ?? '',
      label: editing?.label ?? '',
      intervalWeeks: String(simple?.intervalWeeks ?? 1),
      rrule: editing?.rrule ?? '',
      validFrom: editing?.validFrom ?? '',
      validUntil: editing?.validUntil ?? '',
      timeOfDay: editing?.timeOfDay ?? '09:00',
    },
    constraint: getZodConstraint(CadenceSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CadenceSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value="save" />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <FormErrors errors={form.errors} />
      <Field
        label="Name"
        help='For example "Every other Tuesday".'
        errors={fields.label.errors}
        inputProps={getInputProps(fields.label, { type: 'text' })}
      />
      <SelectField
        label="Channel"
        help="A cadence for all channels gives every active channel its own slots."
        errors={fields.channelId.errors}
        selectProps={getSelectProps(fields.channelId)}
        options={[
          { value: '', label: 'All active channels' },
          ...channels.map((c) => ({ value: c.id, label: c.active ? c.name : `${c.name} (inactive)` })),
        ]}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">How the rhythm is given</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(['simple', 'advanced'] as const).map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m === 'simple' ? 'Every N weeks on weekdays' : 'Advanced: a raw RRULE'}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'simple' ? (
        <div className="space-y-4 rounded-md border border-slate-200 p-3">
          <Field
            label="Every how many weeks"
            help="1 = every week, 2 = every other week."
            errors={fields.intervalWeeks.errors}
            inputProps={{ ...getInputProps(fields.intervalWeeks, { type: 'number' }), min: 1, max: 52 }}
          />
          <CheckboxGroup
            legend="On"
            name={fields.weekdays.name}
            errors={fields.weekdays.errors}
            defaultValue={simple?.weekdays ?? []}
            options={WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }))}
          />
        </div>
      ) : (
        <TextareaField
          label="RRULE (RFC 5545)"
          help="For example FREQ=MONTHLY;BYDAY=1TU (the first Tuesday of every month). Use the dates below for the start and end, not DTSTART, UNTIL or COUNT."
          errors={fields.rrule.errors}
          textareaProps={{
            name: fields.rrule.name,
            id: fields.rrule.id,
            defaultValue: String(fields.rrule.initialValue ?? ''),
            rows: 2,
            className: 'font-mono',
          }}
        />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Valid from" errors={fields.validFrom.errors} inputProps={getInputProps(fields.validFrom, { type: 'date' })} />
        <Field
          label="Valid until (optional)"
          help="The last day; leave empty to keep going."
          errors={fields.validUntil.errors}
          inputProps={getInputProps(fields.validUntil, { type: 'date' })}
        />
        <Field label="Time of day" errors={fields.timeOfDay.errors} inputProps={getInputProps(fields.timeOfDay, { type: 'time' })} />
      </div>
      <FieldErrors id="cadence-mode-errors" errors={fields.mode.errors} />
      <div className="flex gap-2">
        <Button>{editing ? 'Save cadence' : 'Add cadence'}</Button>
        {editing ? (
          <ButtonLink variant="ghost" to="/communications/cadences">
            Cancel
          </ButtonLink>
        ) : null}
      </div>
    </Form>
  )
}
