import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { DomainError } from '#app/domain/errors.ts'
import { addPledge, createTarget, listTargets } from '#app/domain/fundraising/conference.server.ts'
import { PledgeSchema, TargetSchema } from '#app/domain/fundraising/schemas.ts'
import { formatMoney } from '#app/utils/money.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { DataTable, percent, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.conference'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  return { targets: await listTargets() }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = String(formData.get('intent'))
  try {
    if (intent === 'pledge') {
      const submission = parseWithZod(formData, { schema: PledgeSchema })
      if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
      await addPledge({ ...submission.value, targetId: String(formData.get('targetId')), actorId: user.id })
      return { intent, result: submission.reply({ resetForm: true }), message: 'Pledge recorded.' }
    }
    const submission = parseWithZod(formData, { schema: TargetSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
    await createTarget({ ...submission.value, actorId: user.id })
    return { intent, result: submission.reply({ resetForm: true }), message: 'Budget created.' }
  } catch (error) {
    if (error instanceof DomainError) return data({ intent, result: undefined, message: error.message }, { status: 409 })
    throw error
  }
}

function Progress({ label, value, target, currency }: { label: string; value: number; target: number; currency: string }) {
  const share = target > 0 ? Math.min(1, value / target) : 0
  return (
    <div>
      <div className="flex justify-between text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="tabular-nums text-slate-700">
          {formatMoney(value, currency)} of {formatMoney(target, currency)} ({percent(target ? value / target : null)})
        </span>
      </div>
      <div
        className="mt-1 h-3 rounded-full bg-slate-200"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div className="h-3 rounded-full bg-brand-600" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  )
}

export default function ConferenceRoute() {
  const { targets } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof TargetSchema>>({
    id: 'target',
    lastResult: actionData?.intent === 'target' ? actionData.result : undefined,
    defaultValue: { currency: 'USD' },
    shouldRevalidate: 'onBlur',
  })
  const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm'
  return (
    <>
      <PageHeader
        title="Conference funding"
        description="The budget target and its lines, the pledges from sponsors and what has actually arrived."
      />
      <div className="space-y-6">
        {actionData?.message ? (
          <Notice tone={actionData.result?.status === 'error' ? 'error' : 'success'}>{actionData.message}</Notice>
        ) : null}
        {targets.length === 0 ? (
          <EmptyState title="No conference budget yet">
            Create one below: a target, its lines, then record pledges as sponsors commit.
          </EmptyState>
        ) : null}
        {targets.map((t) => (
          <Card key={t.id} title={`${t.name}${t.dueOn ? ` · by ${t.dueOn}` : ''}`}>
            <div className="space-y-3">
              <Progress label="Pledged" value={t.pledged} target={t.target} currency={t.currency} />
              <Progress label="Received" value={t.received} target={t.target} currency={t.currency} />
            </div>
            <div className="mt-4 grid gap-6 lg:grid-cols-2">
              <div>
                <h3 className="mb-2 text-sm font-semibold text-slate-800">Budget lines</h3>
                {t.lines.length ? (
                  <DataTable caption="Budget lines" head={['Line', 'Amount']}>
                    {t.lines.map((l) => (
                      <tr key={l.label}>
                        <td className={td}>{l.label}</td>
                        <td className={tdNum}>{formatMoney(l.amount, t.currency)}</td>
                      </tr>
                    ))}
                    <tr>
                      <td className={`${td} font-medium`}>Total of lines</td>
                      <td className={`${tdNum} font-medium`}>{formatMoney(t.budgeted, t.currency)}</td>
                    </tr>
                  </DataTable>
                ) : (
                  <p className="text-sm text-slate-600">No lines.</p>
                )}
              </div>
              <div>
                <h3 className="mb-2 text-sm font-semibold text-slate-800">Pledges</h3>
                {t.pledges.length ? (
                  <DataTable caption="Pledges" head={['From', 'Pledged', 'Received', 'On']}>
                    {t.pledges.map((p) => (
                      <tr key={p.id}>
                        <td className={td}>{p.from}</td>
                        <td className={tdNum}>{formatMoney(p.amount, t.currency)}</td>
                        <td className={tdNum}>{formatMoney(p.receivedAmount, t.currency)}</td>
                        <td className={td}>{p.pledgedOn}</td>
                      </tr>
                    ))}
                  </DataTable>
                ) : (
                  <p className="text-sm text-slate-600">No pledges yet.</p>
                )}
                <Form method="post" className="mt-3 flex flex-wrap items-end gap-2 text-sm">
                  <input type="hidden" name="intent" value="pledge" />
                  <input type="hidden" name="targetId" value={t.id} />
                  <input name="from" required placeholder="From" aria-label="Pledged by" className={input} />
                  <input name="amount" required placeholder="Amount" aria-label="Amount pledged" className={`${input} w-24`} />
                  <input name="received" placeholder="Received" aria-label="Amount received" className={`${input} w-24`} />
                  <input type="date" name="pledgedOn" required aria-label="Pledged on" className={input} />
                  <Button variant="secondary" className="px-2 py-1">
                    Add pledge
                  </Button>
                </Form>
              </div>
            </div>
          </Card>
        ))}
        <Card title="New budget">
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <input type="hidden" name="intent" value="target" />
            <div className="sm:col-span-2 lg:col-span-4">
              <FormErrors errors={form.errors} />
            </div>
            <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
            <Field label="Target" errors={fields.target.errors} inputProps={getInputProps(fields.target, { type: 'text' })} />
            <Field
              label="Currency"
              errors={fields.currency.errors}
              inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
            />
            <Field label="Needed by" errors={fields.dueOn.errors} inputProps={getInputProps(fields.dueOn, { type: 'date' })} />
            <TextareaField
              className="sm:col-span-2 lg:col-span-4"
              label="Budget lines"
              help='one per line, "Venue: 4000"'
              errors={fields.lines.errors}
              textareaProps={{ ...getTextareaProps(fields.lines), rows: 4 }}
            />
            <div>
              <Button>Create budget</Button>
            </div>
          </Form>
        </Card>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Conference funding · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
