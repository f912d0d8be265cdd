// The pieces of /fundraising/conference: a card per budget (progress, lines, pledges and a form to
// record one) and the form for a new budget.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import type { z } from 'zod'
import type { ConferencePage } from '#app/domain/fundraising/conference.server.ts'
import { PledgeSchema, TargetSchema } from '#app/domain/fundraising/schemas.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FieldErrors, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatMoney } from '#app/utils/money.ts'
import { DataTable, percent, td, tdNum } from './ui.tsx'

type Budget = ConferencePage['targets'][number]
type Result = SubmissionResult<string[]> | undefined

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

export function BudgetCard({ budget: t, pledgeResult }: { budget: Budget; pledgeResult: Result }) {
  return (
    <Card title={`${t.name}${t.dueOn ? ` · by ${t.dueOn}` : ''}`}>
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
          <PledgeForm targetId={t.id} lastResult={pledgeResult} />
        </div>
      </div>
    </Card>
  )
}

function PledgeForm({ targetId, lastResult }: { targetId: string; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof PledgeSchema>>({
    id: `pledge-${targetId}`,
    lastResult,
    constraint: getZodConstraint(PledgeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PledgeSchema }),
  })
  const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm'
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 text-sm">
      <FormErrors errors={form.errors} />
      <div className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="pledge" />
        <input type="hidden" name="targetId" value={targetId} />
        <input {...getInputProps(fields.from, { type: 'text' })} placeholder="From" aria-label="Pledged by" className={input} />
        <input
          {...getInputProps(fields.amount, { type: 'text' })}
          placeholder="Amount"
          aria-label="Amount pledged"
          className={`${input} w-24`}
        />
        <input
          {...getInputProps(fields.received, { type: 'text' })}
          placeholder="Received"
          aria-label="Amount received"
          className={`${input} w-24`}
        />
        <input {...getInputProps(fields.pledgedOn, { type: 'date' })} aria-label="Pledged on" className={input} />
        <Button variant="secondary" className="px-2 py-1">
          Add pledge
        </Button>
      </div>
      {(['from', 'amount', 'received', 'pledgedOn'] as const).map((name) => (
        <FieldErrors key={name} id={fields[name].errorId} errors={fields[name].errors} />
      ))}
    </Form>
  )
}

export function NewBudgetForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof TargetSchema>>({
    id: 'target',
    lastResult,
    defaultValue: { currency: 'USD' },
    constraint: getZodConstraint(TargetSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TargetSchema }),
  })
  return (
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
  )
}
