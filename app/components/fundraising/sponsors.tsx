// The pieces of /fundraising/sponsors: a card per sponsor (its stage, renewal and owner, a form to
// change them, the latest interactions and a form to log one), and the form for a new sponsor.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { DateTime } from 'luxon'
import { Form } from 'react-router'
import type { z } from 'zod'
import type { SponsorsPage } from '#app/domain/fundraising/sponsors.server.ts'
import { InteractionSchema, SponsorSchema, UpdateSponsorSchema } from '#app/domain/fundraising/schemas.ts'
import { INTERACTION_KIND_LABELS, INTERACTION_KINDS, SPONSOR_STAGE_LABELS, SPONSOR_STAGES } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FieldErrors, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { Badge, DataTable, td } from './ui.tsx'

type Sponsor = SponsorsPage['sponsors'][number]
type Person = SponsorsPage['people'][number]
type Result = SubmissionResult<string[]> | undefined

const STAGE_TONE = { prospect: 'slate', active: 'green', lapsed: 'red' } as const
const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm'

export function SponsorCard({
  sponsor: s,
  interactions,
  people,
  today,
  updateResult,
  interactionResult,
}: {
  sponsor: Sponsor
  interactions: SponsorsPage['interactions']
  people: Person[]
  today: string
  updateResult: Result
  interactionResult: Result
}) {
  const renewsSoon =
    s.renewalOn !== null && s.renewalOn >= today && DateTime.fromISO(s.renewalOn).diff(DateTime.fromISO(today), 'days').days <= 60
  return (
    <Card
      title={
        <span>
          {s.organisation} <Badge tone={STAGE_TONE[s.stage]}>{SPONSOR_STAGE_LABELS[s.stage]}</Badge>
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
    defaultValue: { stage: s.stage, tier: s.tier ?? '', renewalOn: s.renewalOn ?? '', ownerId: s.ownerId ?? '' },
    constraint: getZodConstraint(UpdateSponsorSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateSponsorSchema }),
  })
  const refused = Object.keys(form.allErrors).length > 0
  return (
    <details className="mt-2 text-sm" open={refused || undefined}>
      <summary className="cursor-pointer text-slate-700 underline">Change stage, tier, renewal or owner</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-2 sm:grid-cols-2">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="sponsorId" value={s.id} />
        <input type="hidden" name="organisation" value={s.organisation} />
        <input type="hidden" name="kind" value={s.kind} />
        <input type="hidden" name="notes" value={s.notes ?? ''} />
        <div className="sm:col-span-2">
          <FormErrors errors={[...(form.errors ?? []), ...(fields.organisation.errors ?? [])]} />
        </div>
        <label>
          Stage{' '}
          <select {...getSelectProps(fields.stage)} className={input}>
            {SPONSOR_STAGES.map((st) => (
              <option key={st} value={st}>
                {SPONSOR_STAGE_LABELS[st]}
              </option>
            ))}
          </select>
        </label>
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

export function NewSponsorForm({ people, lastResult }: { people: Person[]; lastResult: Result }) {
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
          options={SPONSOR_STAGES.map((s) => ({ value: s, label: SPONSOR_STAGE_LABELS[s] }))}
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
export function SponsorsTable({ sponsors }: { sponsors: Sponsor[] }) {
  return (
    <DataTable caption="Sponsors and funders" head={['Organisation', 'Kind', 'Stage', 'Tier', 'Renews', 'Owner']}>
      {sponsors.map((s) => (
        <tr key={s.id}>
          <td className={td}>{s.organisation}</td>
          <td className={td}>{s.kind}</td>
          <td className={td}>
            <Badge tone={STAGE_TONE[s.stage]}>{SPONSOR_STAGE_LABELS[s.stage]}</Badge>
          </td>
          <td className={td}>{s.tier ?? '—'}</td>
          <td className={td}>{s.renewalOn ?? '—'}</td>
          <td className={td}>{s.ownerName ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  )
}
