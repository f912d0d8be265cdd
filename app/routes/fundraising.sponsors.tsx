import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { DateTime } from 'luxon'
import type { z } from 'zod'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import { createSponsor, listInteractions, listSponsors, logInteraction, updateSponsor } from '#app/domain/fundraising/sponsors.server.ts'
import { listFundraisingPeople } from '#app/domain/fundraising/people.server.ts'
import { InteractionSchema, SponsorSchema } from '#app/domain/fundraising/schemas.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import { INTERACTION_KINDS, SPONSOR_STAGES } from '#app/domain/fundraising/vocabulary.ts'
import type { Route } from './+types/fundraising.sponsors'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const settings = await getOrganisationSettings()
  const [sponsors, people] = await Promise.all([listSponsors(), listFundraisingPeople()])
  const interactions = await listInteractions(sponsors.map((s) => s.id))
  return { sponsors, people, interactions, today: DateTime.now().setZone(settings.timeZone).toISODate()! }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = String(formData.get('intent'))
  try {
    if (intent === 'interaction') {
      const submission = parseWithZod(formData, { schema: InteractionSchema })
      if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
      await logInteraction({ ...submission.value, sponsorId: String(formData.get('sponsorId')), actorId: user.id })
      return { intent, result: submission.reply({ resetForm: true }), message: 'Logged.' }
    }
    const submission = parseWithZod(formData, { schema: SponsorSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
    if (intent === 'update') await updateSponsor({ ...submission.value, sponsorId: String(formData.get('sponsorId')), actorId: user.id })
    else await createSponsor({ ...submission.value, actorId: user.id })
    return { intent, result: submission.reply({ resetForm: true }), message: intent === 'update' ? 'Sponsor updated.' : 'Sponsor added.' }
  } catch (error) {
    if (error instanceof DomainError) return data({ intent, result: undefined, message: error.message }, { status: 409 })
    throw error
  }
}

const STAGE_TONE = { prospect: 'slate', active: 'green', lapsed: 'red' } as const

export default function SponsorsRoute() {
  const { sponsors, people, interactions, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof SponsorSchema>>({
    id: 'new-sponsor',
    lastResult: actionData?.intent === 'create' ? actionData.result : undefined,
    defaultValue: { stage: 'prospect', kind: 'company' },
    shouldRevalidate: 'onBlur',
  })
  const renewalSoon = (d: string | null) => d !== null && d >= today && DateTime.fromISO(d).diff(DateTime.fromISO(today), 'days').days <= 60
  const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm'
  return (
    <>
      <PageHeader
        title="Sponsors and funders"
        description="Organisations that support the project: where each relationship stands, when it renews, who keeps it, and what was said."
      />
      <div className="space-y-6">
        {actionData?.message ? (
          <Notice tone={actionData.result?.status === 'error' ? 'error' : 'success'}>{actionData.message}</Notice>
        ) : null}
        {sponsors.length === 0 ? (
          <EmptyState title="No sponsors yet">Add the first organisation below, even as a prospect.</EmptyState>
        ) : null}
        <div className="grid gap-4 lg:grid-cols-2">
          {sponsors.map((s) => (
            <Card
              key={s.id}
              title={
                <span>
                  {s.organisation} <Badge tone={STAGE_TONE[s.stage]}>{s.stage}</Badge>
                </span>
              }
            >
              <p className="text-sm text-slate-600">
                {s.kind}
                {s.tier ? ` · ${s.tier} tier` : ''} · owner {s.ownerName ?? 'nobody yet'}
                {s.renewalOn ? (
                  <>
                    {' '}
                    · renews <strong className={renewalSoon(s.renewalOn) ? 'text-amber-800' : undefined}>{s.renewalOn}</strong>
                  </>
                ) : null}
              </p>
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-slate-700 underline">Change stage, tier, renewal or owner</summary>
                <Form method="post" className="mt-2 grid gap-2 sm:grid-cols-2">
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="sponsorId" value={s.id} />
                  <input type="hidden" name="organisation" value={s.organisation} />
                  <input type="hidden" name="kind" value={s.kind} />
                  <input type="hidden" name="notes" value={s.notes ?? ''} />
                  <label>
                    Stage{' '}
                    <select name="stage" defaultValue={s.stage} className={input}>
                      {SPONSOR_STAGES.map((st) => (
                        <option key={st}>{st}</option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Tier <input name="tier" defaultValue={s.tier ?? ''} className={input} />
                  </label>
                  <label>
                    Renewal <input type="date" name="renewalOn" defaultValue={s.renewalOn ?? ''} className={input} />
                  </label>
                  <label>
                    Owner{' '}
                    <select name="ownerId" defaultValue={s.ownerId ?? ''} className={input}>
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
              <h3 className="mt-3 text-sm font-semibold text-slate-800">Interactions</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {interactions
                  .filter((i) => i.sponsorId === s.id)
                  .slice(0, 5)
                  .map((i) => (
                    <li key={i.id}>
                      <span className="tabular-nums text-slate-500">{i.on}</span> <Badge>{i.kind}</Badge> {i.text}{' '}
                      {i.byName ? <span className="text-xs text-slate-500">— {i.byName}</span> : null}
                    </li>
                  ))}
              </ul>
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-2 text-sm">
                <input type="hidden" name="intent" value="interaction" />
                <input type="hidden" name="sponsorId" value={s.id} />
                <label>
                  <span className="sr-only">Kind</span>
                  <select name="kind" className={input} aria-label="Kind of interaction">
                    {INTERACTION_KINDS.map((k) => (
                      <option key={k}>{k}</option>
                    ))}
                  </select>
                </label>
                <input type="date" name="on" defaultValue={today} className={input} aria-label="Date" />
                <input name="text" required placeholder="What happened" className={`${input} min-w-48 flex-1`} aria-label="What happened" />
                <Button variant="secondary" className="px-2 py-1">
                  Log
                </Button>
              </Form>
            </Card>
          ))}
        </div>
        <Card title="Add a sponsor or funder">
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <input type="hidden" name="intent" value="create" />
            <div className="sm:col-span-2 lg:col-span-3">
              <FormErrors errors={form.errors} />
            </div>
            <Field
              label="Organisation"
              errors={fields.organisation.errors}
              inputProps={getInputProps(fields.organisation, { type: 'text' })}
            />
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
              options={SPONSOR_STAGES.map((s) => ({ value: s, label: s }))}
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
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Sponsors · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
