// The parts of /community/internships: a programme's card (its interns and milestones, with their
// forms) and the form that adds a programme.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import { nextStatuses } from '#app/domain/community/internships.ts'
import { AddInternSchema, AddMilestoneSchema, ProgrammeSchema } from '#app/domain/community/schemas.ts'
import {
  INTERN_STATUS_LABELS,
  INTERN_STATUSES,
  type InternStatus,
  PROGRAMME_KIND_LABELS,
  PROGRAMME_KINDS,
  type ProgrammeKind,
} from '#app/domain/community/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'

type Result = SubmissionResult<string[]> | null | undefined

const STATUS_TONES: Record<InternStatus, string> = {
  proposal: 'bg-slate-100 text-slate-700',
  accepted: 'bg-sky-100 text-sky-800',
  coding: 'bg-brand-50 text-brand-700',
  evaluation: 'bg-amber-100 text-amber-900',
  completed: 'bg-green-100 text-green-800',
  not_completed: 'bg-red-100 text-red-800',
}

interface Intern {
  id: string
  name: string
  githubLogin: string | null
  project: string
  status: InternStatus
  mentors: Array<{ id: string; name: string; githubLogin: string | null }>
}

export interface Programme {
  id: string
  kind: ProgrammeKind
  name: string
  year: number
  notes: string
  interns: Intern[]
  milestones: Array<{ id: string; title: string; dueOn: string; internId: string | null; completedAt: Date | string | null }>
}

/** A programme: its interns (with their status) and milestones, and the forms that add to them. */
export function ProgrammeCard({
  programme: p,
  today,
  canEdit,
  busy,
  internResult,
  milestoneResult,
}: {
  programme: Programme
  /** YYYY-MM-DD: milestones due before it and not done are late */
  today: string
  canEdit: boolean
  busy: boolean
  internResult: Result
  milestoneResult: Result
}) {
  return (
    <Card
      title={<span id={`programme-${p.id}`}>{p.name}</span>}
      actions={
        <span className="text-xs text-slate-500">
          {PROGRAMME_KIND_LABELS[p.kind]} · {p.year}
        </span>
      }
    >
      {p.notes ? <p className="mb-3 text-sm text-slate-600">{p.notes}</p> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Interns</h3>
          {p.interns.length === 0 ? (
            <p className="text-sm text-slate-600">No intern yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {p.interns.map((i) => (
                <InternRow key={i.id} intern={i} canEdit={canEdit} busy={busy} />
              ))}
            </ul>
          )}
          {canEdit ? <AddInternForm programmeId={p.id} lastResult={internResult} busy={busy} /> : null}
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Milestones</h3>
          {p.milestones.length === 0 ? (
            <p className="text-sm text-slate-600">No dates yet.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {p.milestones.map((m) => (
                <MilestoneRow
                  key={m.id}
                  milestone={m}
                  intern={p.interns.find((i) => i.id === m.internId)}
                  today={today}
                  canEdit={canEdit}
                  busy={busy}
                />
              ))}
            </ul>
          )}
          {canEdit ? <AddMilestoneForm programme={p} lastResult={milestoneResult} busy={busy} /> : null}
        </div>
      </div>
    </Card>
  )
}

function InternRow({ intern: i, canEdit, busy }: { intern: Intern; canEdit: boolean; busy: boolean }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
      <div>
        <p className="font-medium text-slate-900">
          {i.name}
          {i.githubLogin ? <span className="font-normal text-slate-500"> @{i.githubLogin}</span> : null}
        </p>
        <p className="text-slate-600">{i.project}</p>
        <p className="text-xs text-slate-500">
          Mentors: {i.mentors.length ? i.mentors.map((m) => m.name + (m.githubLogin ? ` (@${m.githubLogin})` : '')).join(', ') : 'none yet'}
        </p>
      </div>
      <div className="flex items-center gap-2">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_TONES[i.status]}`}>{INTERN_STATUS_LABELS[i.status]}</span>
        {canEdit ? (
          <Form method="post" className="flex items-center gap-1">
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="internId" value={i.id} />
            <label className="text-xs text-slate-500" htmlFor={`status-${i.id}`}>
              <span className="sr-only">Status of {i.name}: </span>move to
            </label>
            <select
              id={`status-${i.id}`}
              name="status"
              defaultValue={nextStatuses(i.status).find((s) => INTERN_STATUSES.indexOf(s) > INTERN_STATUSES.indexOf(i.status)) ?? i.status}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs"
            >
              {nextStatuses(i.status).map((s) => (
                <option key={s} value={s}>
                  {INTERN_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <Button variant="secondary" className="px-2 py-1 text-xs" disabled={busy}>
              Save
            </Button>
          </Form>
        ) : null}
      </div>
    </li>
  )
}

function MilestoneRow({
  milestone: m,
  intern,
  today,
  canEdit,
  busy,
}: {
  milestone: Programme['milestones'][number]
  intern: Intern | undefined
  today: string
  canEdit: boolean
  busy: boolean
}) {
  const late = !m.completedAt && m.dueOn < today
  return (
    <li className="flex items-center justify-between gap-2">
      <span className={m.completedAt ? 'text-slate-500 line-through' : late ? 'text-red-700' : ''}>
        <span className="tabular-nums">{m.dueOn}</span> {m.title}
        {intern ? ` (${intern.name})` : ''}
      </span>
      {canEdit ? (
        <Form method="post">
          <input type="hidden" name="intent" value={m.completedAt ? 'reopen' : 'complete'} />
          <input type="hidden" name="milestoneId" value={m.id} />
          <Button
            variant="ghost"
            className="px-2 py-0.5 text-xs"
            disabled={busy}
            aria-label={`${m.completedAt ? 'Reopen' : 'Mark done'}: ${m.title}`}
          >
            {m.completedAt ? 'Reopen' : 'Done'}
          </Button>
        </Form>
      ) : null}
    </li>
  )
}

function AddInternForm({ programmeId, lastResult, busy }: { programmeId: string; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: `intern-${programmeId}`,
    lastResult,
    defaultValue: { programmeId, status: 'proposal' },
    constraint: getZodConstraint(AddInternSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddInternSchema }),
  })
  return (
    <details className="mt-3" open={Boolean(form.errors?.length || Object.keys(form.allErrors).length)}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Add an intern…</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="intern" />
        <input {...getInputProps(fields.programmeId, { type: 'hidden' })} />
        <div className="sm:col-span-2">
          <FormErrors errors={form.errors} />
        </div>
        <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
        <Field
          label="GitHub login (optional)"
          errors={fields.githubLogin.errors}
          inputProps={getInputProps(fields.githubLogin, { type: 'text' })}
        />
        <Field label="Project" errors={fields.project.errors} inputProps={getInputProps(fields.project, { type: 'text' })} />
        <SelectField
          label="Status"
          errors={fields.status.errors}
          selectProps={getSelectProps(fields.status)}
          options={INTERN_STATUSES.map((s) => ({ value: s, label: INTERN_STATUS_LABELS[s] }))}
        />
        <Field
          label="Mentors (comma-separated, “Name (login)”)"
          errors={fields.mentors.errors}
          inputProps={getInputProps(fields.mentors, { type: 'text' })}
        />
        <div className="flex items-end">
          <Button disabled={busy}>Add intern</Button>
        </div>
      </Form>
    </details>
  )
}

function AddMilestoneForm({ programme, lastResult, busy }: { programme: Programme; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: `milestone-${programme.id}`,
    lastResult,
    defaultValue: { programmeId: programme.id, internId: '' },
    constraint: getZodConstraint(AddMilestoneSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMilestoneSchema }),
  })
  return (
    <details className="mt-3" open={Boolean(form.errors?.length || Object.keys(form.allErrors).length)}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Add a milestone…</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="milestone" />
        <input {...getInputProps(fields.programmeId, { type: 'hidden' })} />
        <FormErrors errors={form.errors} />
        <Field
          label="What happens"
          errors={fields.title.errors}
          inputProps={{ ...getInputProps(fields.title, { type: 'text' }), placeholder: 'e.g. Midterm evaluation' }}
        />
        <Field label="Date" errors={fields.dueOn.errors} inputProps={getInputProps(fields.dueOn, { type: 'date' })} />
        <SelectField
          label="For"
          errors={fields.internId.errors}
          selectProps={getSelectProps(fields.internId)}
          options={[{ value: '', label: 'The whole programme' }, ...programme.interns.map((i) => ({ value: i.id, label: i.name }))]}
        />
        <Button disabled={busy}>Add milestone</Button>
      </Form>
    </details>
  )
}

export function AddProgrammeForm({ thisYear, lastResult, busy }: { thisYear: number; lastResult: Result; busy: boolean }) {
  const [form, fields] = useForm({
    id: 'programme',
    lastResult,
    defaultValue: { kind: 'gsoc', year: String(thisYear) },
    constraint: getZodConstraint(ProgrammeSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeSchema }),
  })
  return (
    <Card title="Add a programme">
      <Form method="post" {...getFormProps(form)} className="grid max-w-3xl gap-3 sm:grid-cols-3">
        <input type="hidden" name="intent" value="programme" />
        <div className="sm:col-span-3">
          <FormErrors errors={form.errors} />
        </div>
        <SelectField
          label="Programme"
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
          options={PROGRAMME_KINDS.map((k) => ({ value: k, label: PROGRAMME_KIND_LABELS[k] }))}
        />
        <Field label="Year" errors={fields.year.errors} inputProps={getInputProps(fields.year, { type: 'number' })} />
        <Field
          label="Name"
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), placeholder: `Google Summer of Code ${thisYear}` }}
        />
        <div className="sm:col-span-3">
          <Button disabled={busy}>Add programme</Button>
        </div>
      </Form>
    </Card>
  )
}
