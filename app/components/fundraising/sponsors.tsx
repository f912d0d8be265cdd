// The pieces of /fundraising/sponsors: the pipeline (stages in order with their counts, a section
// per stage), a card per sponsor (a form to move it to another stage with a note, its stage
// history, its renewal and owner, the latest interactions and a form to log one), the form for a
// new sponsor and the one for the stages' labels.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { DateTime } from 'luxon'
import { Form } from 'react-router'
import type { z } from 'zod'
import type { SponsorsPage } from '#app/domain/fundraising/sponsors.server.ts'
import {
  InteractionSchema,
  SponsorSchema,
  SponsorStageLabelsSchema,
  SponsorStageSchema,
  UpdateSponsorSchema,
} from '#app/domain/fundraising/schemas.ts'
import {
  INTERACTION_KIND_LABELS,
  INTERACTION_KINDS,
  SPONSOR_STAGES,
  type SponsorStage,
  type SponsorStageLabels,
} from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FieldErrors, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { Badge, DataTable, td } from './ui.tsx'

type Sponsor = SponsorsPage['sponsors'][number]
type Person = SponsorsPage['people'][number]
type Result = SubmissionResult<string[]> | undefined

const STAGE_TONE = {
  prospect: 'slate',
  contacted: 'slate',
  proposal: 'blue',
  committed: 'blue',
  active: 'green',
  renewal_due: 'amber',
  lapsed: 'red',
} as const satisfies Record<SponsorStage, string>

export const stageAnchor = (stage: SponsorStage) => `stage-${stage.replace('_', '-')}`

/** The stages in order with how many sponsors each holds; each links to its section. */
export function PipelineSummary({ counts, linked }: { counts: SponsorsPage['counts']; linked: boolean }) {
  return (
    <nav aria-label="Pipeline stages">
      <ol className="flex flex-wrap gap-2 text-sm">
        {counts.map((c, i) => (
          <li key={c.stage} className="flex items-center gap-2">
            {linked ? (
              <a href={`#${stageAnchor(c.stage)}`} className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50">
                {c.label} <strong className="tabular-nums">{c.count}</strong>
              </a>
            ) : (
              <span className="rounded-md border border-slate-300 bg-white px-2 py-1">
                {c.label} <strong className="tabular-nums">{c.count}</strong>
              </span>
            )}
            {i < counts.length - 1 ? (
              <span aria-hidden="true" className="text-slate-400">
                →
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  )
}
const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm'

export function SponsorCard({
  sponsor: s,
  interactions,
  history,
  labels,
  people,
  today,
  stageResult,
  updateResult,
  interactionResult,
}: {
  sponsor: Sponsor
  interactions: SponsorsPage['interactions']
  history: SponsorsPage['history']
  labels: SponsorStageLabels
  people: Person[]
  today: string
  stageResult: Result
  updateResult: Result
  interactionResult: Result
}) {
  const own = history.filter((h) => h.sponsorId === s.id)
  const renewsSoon =
    s.renewalOn !== null && s.renewalOn >= today && DateTime.fromISO(s.renewalOn).diff(DateTime.fromISO(today), 'days').days <= 60
  return (
    <Card
      title={
        <span>
          {s.organisation} <Badge tone={STAGE_TONE[s.stage]}>{labels[s.stage]}</Badge>
        </span>
      }
    >
      <p className="text-sm text-slate-600">
        {s.kind}
        {s.tier ? ` · ${s.tier} tier` : ''} · owner {s.ownerName ?? 'nobody yet'}
        {s.renewalOn ? (
          <>
            {' '}
            · renews <strong className={renewsSoon ? 'text-amber-800' : undefined}>{s.renewalOn}</strong>
          </>
        ) : null}
      </p>
      <StageForm sponsor={s} labels={labels} lastResult={stageResult} />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-700 underline">Stage history ({own.length})</summary>
        <ol className="mt-1 space-y-1">
          {own.map((h) => (
            <li key={h.id}>
              <span className="tabular-nums text-slate-500">{new Date(h.at).toISOString().slice(0, 10)}</span>{' '}
              {h.fromStage ? `${labels[h.fromStage]} → ` : 'entered as '}
              {labels[h.toStage]}
              {h.byName ? <span className="text-xs text-slate-500"> — {h.byName}</span> : null}
              {h.note ? <span className="block pl-4 text-slate-600">{h.note}</span> : null}
            </li>
          ))}
        </ol>
      </details>
      <UpdateSponsorForm sponsor={s} people={people} lastResult={updateResult} />
      <h3 className="mt-3 text-sm font-semibold text-slate-800">Interactions</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {interactions
          .filter((i) => i.sponsorId === s.id)
          .slice(0, 5)
          .map((i) => (
            <li key={i.id}>
              <span className="tabular-nums text-slate-500">{i.on}</span> <Badge>{INTERACTION_KIND_LABELS[i.kind]}</Badge> {i.text}{' '}
              {i.byName ? <span className="text-xs text-slate-500">— {i.byName}</span> : null}
            </li>
          ))}
      </ul>
      <LogInteractionForm sponsorId={s.id} today={today} lastResult={interactionResult} />
    </Card>
  )
}

function UpdateSponsorForm({ sponsor: s, people, lastResult }: { sponsor: Sponsor; people: Person[]; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof UpdateSponsorSchema>>({
    id: `sponsor-${s.id}`,
    lastResult,
    defaultValue: { tier: s.tier ?? '', renewalOn: s.renewalOn ?? '', ownerId: s.ownerId ?? '' },
    constraint: getZodConstraint(UpdateSponsorSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateSponsorSchema }),
  })
  const refused = Object.keys(form.allErrors).length > 0
  return (
    <details className="mt-2 text-sm" open={refused || undefined}>
      <summary className="cursor-pointer text-slate-700 underline">Change tier, renewal or owner</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-2 sm:grid-cols-2">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="sponsorId" value={s.id} />
        <input type="hidden" name="organisation" value={s.organisation} />
        <input type="hidden" name="kind" value={s.kind} />
        <input type="hidden" name="notes" value={s.notes ?? ''} />
        <input type="hidden" name="stage" value={s.stage} />
        <div className="sm:col-span-2">
          <FormErrors errors={[...(form.errors ?? []), ...(fields.organisation.errors ?? [])]} />
        </div>
        <label>
          Tier <input {...getInputProps(fields.tier, { type: 'text' })} className={input} />
          <FieldErrors id={fields.tier.errorId} errors={fields.tier.errors} />
        </label>
        <label>
          Renewal <input {...getInputProps(fields.renewalOn, { type: 'date' })} className={input} />
          <FieldErrors id={fields.renewalOn.errorId} errors={fields.renewalOn.errors} />
        </label>
        <label>
          Owner{' '}
          <select {...getSelectProps(fields.ownerId)} className={input}>
            <option value="">—</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div>
          <Button variant="secondary" className="px-2 py-1">
            Save
          </Button>
        </div>
      </Form>
    </details>
  )
}

/** Moves the sponsor to another stage; the note goes into the stage history. */
function StageForm({ sponsor: s, labels, lastResult }: { sponsor: Sponsor; labels: SponsorStageLabels; lastResult: Result }) {
  const next = SPONSOR_STAGES[Math.min(SPONSOR_STAGES.indexOf(s.stage) + 1, SPONSOR_STAGES.length - 1)]
  const [form, fields] = useForm<z.input<typeof SponsorStageSchema>>({
    id: `stage-${s.id}`,
    lastResult,
    defaultValue: { stage: next === s.stage ? '' : next, note: '' },
    constraint: getZodConstraint(SponsorStageSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SponsorStageSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 text-sm" aria-label={`Move ${s.organisation} to another stage`}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="stage" />
      <input type="hidden" name="sponsorId" value={s.id} />
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col">
          <span className="text-xs font-medium text-slate-700">Move to</span>
          <select
            {...getSelectProps(fields.stage)}
            className={input}
            aria-invalid={fields.stage.errors?.length ? true : undefined}
            aria-describedby={fields.stage.errors?.length ? fields.stage.errorId : undefined}
          >
            <option value="">— choose —</option>
            {SPONSOR_STAGES.filter((st) => st !== s.stage).map((st) => (
              <option key={st} value={st}>
                {labels[st]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-48 flex-1 flex-col">
          <span className="text-xs font-medium text-slate-700">Note (optional)</span>
          <input {...getInputProps(fields.note, { type: 'text' })} className={input} />
        </label>
        <Button variant="secondary" className="px-2 py-1">
          Move
        </Button>
      </div>
      <FieldErrors id={fields.stage.errorId} errors={fields.stage.errors} />
      <FieldErrors id={fields.note.errorId} errors={fields.note.errors} />
    </Form>
  )
}

function LogInteractionForm({ sponsorId, today, lastResult }: { sponsorId: string; today: string; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof InteractionSchema>>({
    id: `interaction-${sponsorId}`,
    lastResult,
    defaultValue: { kind: INTERACTION_KINDS[0], on: today },
    constraint: getZodConstraint(InteractionSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InteractionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 text-sm">
      <FormErrors errors={form.errors} />
      <div className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="interaction" />
        <input type="hidden" name="sponsorId" value={sponsorId} />
        <label>
          <span className="sr-only">Kind</span>
          <select {...getSelectProps(fields.kind)} className={input} aria-label="Kind of interaction">
            {INTERACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {INTERACTION_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <input {...getInputProps(fields.on, { type: 'date' })} className={input} aria-label="Date" />
        <input
          {...getInputProps(fields.text, { type: 'text' })}
          placeholder="What happened"
          className={`${input} min-w-48 flex-1`}
          aria-label="What happened"
        />
        <Button variant="secondary" className="px-2 py-1">
          Log
        </Button>
      </div>
      <FieldErrors id={fields.on.errorId} errors={fields.on.errors} />
      <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
    </Form>
  )
}

export function NewSponsorForm({ people, labels, lastResult }: { people: Person[]; labels: SponsorStageLabels; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof SponsorSchema>>({
    id: 'new-sponsor',
    lastResult,
    defaultValue: { stage: 'prospect', kind: 'company' },
    constraint: getZodConstraint(SponsorSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SponsorSchema }),
  })
  return (
    <Card title="Add a sponsor or funder">
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <input type="hidden" name="intent" value="create" />
        <div className="sm:col-span-2 lg:col-span-3">
          <FormErrors errors={form.errors} />
        </div>
        <Field label="Organisation" errors={fields.organisation.errors} inputProps={getInputProps(fields.organisation, { type: 'text' })} />
        <Field
          label="Kind"
          help="company, foundation, university…"
          errors={fields.kind.errors}
          inputProps={getInputProps(fields.kind, { type: 'text' })}
        />
        <SelectField
          label="Stage"
          errors={fields.stage.errors}
          selectProps={getSelectProps(fields.stage)}
          options={SPONSOR_STAGES.map((s) => ({ value: s, label: labels[s] }))}
        />
        <Field label="Tier" errors={fields.tier.errors} inputProps={getInputProps(fields.tier, { type: 'text' })} />
        <Field label="Renewal date" errors={fields.renewalOn.errors} inputProps={getInputProps(fields.renewalOn, { type: 'date' })} />
        <SelectField
          label="Relationship owner"
          errors={fields.ownerId.errors}
          selectProps={getSelectProps(fields.ownerId)}
          options={[{ value: '', label: '—' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <div className="sm:col-span-2 lg:col-span-3">
          <Button>Add</Button>
        </div>
      </Form>
    </Card>
  )
}

/** The council's read-only view: each organisation with its stage, tier and renewal date. */
export function SponsorsTable({ sponsors, labels }: { sponsors: Sponsor[]; labels: SponsorStageLabels }) {
  return (
    <DataTable caption="Sponsors and funders" head={['Organisation', 'Kind', 'Stage', 'Tier', 'Renews', 'Owner']}>
      {sponsors.map((s) => (
        <tr key={s.id}>
          <td className={td}>{s.organisation}</td>
          <td className={td}>{s.kind}</td>
          <td className={td}>
            <Badge tone={STAGE_TONE[s.stage]}>{labels[s.stage]}</Badge>
          </td>
          <td className={td}>{s.tier ?? '—'}</td>
          <td className={td}>{s.renewalOn ?? '—'}</td>
          <td className={td}>{s.ownerName ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  )
}

/** The words for each stage (fundraising and admin); the stages themselves stay. */
export function StageLabelsForm({ labels, lastResult }: { labels: SponsorStageLabels; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof SponsorStageLabelsSchema>>({
    id: 'stage-labels',
    lastResult,
    defaultValue: labels,
    constraint: getZodConstraint(SponsorStageLabelsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SponsorStageLabelsSchema }),
  })
  return (
    <Card title="Stage names">
      <p className="text-sm text-slate-600">
        Call the stages what your project calls them. The stages, their order and their history stay the same.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <input type="hidden" name="intent" value="labels" />
        <div className="sm:col-span-2 lg:col-span-4">
          <FormErrors errors={form.errors} />
        </div>
        {SPONSOR_STAGES.map((stage, i) => (
          <Field
            key={stage}
            label={`Stage ${i + 1}`}
            errors={fields[stage].errors}
            inputProps={getInputProps(fields[stage], { type: 'text' })}
          />
        ))}
        <div className="sm:col-span-2 lg:col-span-4">
          <Button variant="secondary">Save stage names</Button>
        </div>
      </Form>
    </Card>
  )
}
