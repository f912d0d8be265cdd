// The pieces of /fundraising/conference: a card per budget (its campaign, progress, lines, pledges
// in their own currencies with what they are worth in the budget's, a form to record one and a
// form to edit the budget) and the form for a new budget.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from 'react-router'
import type { z } from 'zod'
import type { ConferencePage } from '#app/domain/fundraising/conference.server.ts'
import { PledgeSchema, TargetSchema, UpdateTargetSchema } from '#app/domain/fundraising/schemas.ts'
import { RATE_SOURCE_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FieldErrors, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { formatMoney, minorToDecimal } from '#app/utils/money.ts'
import { DataTable, percent, td, tdNum } from './ui.tsx'

type Budget = ConferencePage['targets'][number]
type Campaign = ConferencePage['campaigns'][number]
type Result = SubmissionResult<string[]> | undefined

function Progress({ label, value, target, currency }: { label: string; value: number; target: number; currency: string }) {
  const share = target > 0 ? Math.min(1, value / target) : 0
  return (
    <div>
      <div className="flex flex-wrap justify-between gap-x-2 text-sm">
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

const campaignOptions = (campaigns: Campaign[]) => [
  { value: '', label: '— no campaign —' },
  ...campaigns.map((c) => ({ value: c.id, label: `${c.name}${c.isConference ? ' (conference)' : ''}` })),
]

function CampaignSummary({ campaign }: { campaign: NonNullable<Budget['campaign']> }) {
  return (
    <section aria-label="Conference campaign" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p>
        Campaign{' '}
        <Link to="/communications/campaigns" className="font-medium text-brand-700 underline">
          {campaign.name}
        </Link>
        : {campaign.posts} {campaign.posts === 1 ? 'post' : 'posts'}, {campaign.published} published.
      </p>
      <p className="mt-1 text-slate-700">
        {campaign.nextPost ? (
          <>
            Next post:{' '}
            <Link to={`/communications/posts/${campaign.nextPost.id}`} className="text-brand-700 underline">
              {campaign.nextPost.title}
            </Link>{' '}
            on {formatDateTime(campaign.nextPost.scheduledFor)}
          </>
        ) : (
          'No post scheduled yet: communications can schedule one from the post form.'
        )}
      </p>
    </section>
  )
}

export function BudgetCard({
  budget: t,
  campaigns,
  pledgeResult,
  editResult,
}: {
  budget: Budget
  campaigns: Campaign[]
  pledgeResult: Result
  editResult: Result
}) {
  return (
    <Card title={`${t.name}${t.dueOn ? ` · by ${t.dueOn}` : ''}`}>
      <div className="space-y-3">
        {t.campaign ? (
          <CampaignSummary campaign={t.campaign} />
        ) : (
          <p className="text-sm text-slate-600">Not linked to a campaign: choose the conference campaign under “Edit the budget”.</p>
        )}
        <Progress label="Pledged" value={t.pledged} target={t.target} currency={t.currency} />
        <Progress label="Received" value={t.received} target={t.target} currency={t.currency} />
        {t.unconverted.length ? (
          <Notice tone="warning">
            <p>
              {t.unconverted.length === 1 ? 'One pledge is' : `${t.unconverted.length} pledges are`} left out of these totals until a rate
              exists:
            </p>
            <ul className="mt-1 list-disc pl-5">
              {t.unconverted.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            <Link to="/fundraising/rates" className="text-brand-700 underline">
              Exchange rates
            </Link>
          </Notice>
        ) : null}
      </div>
      <div className="mt-4 grid gap-6 lg:grid-cols-2">
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-800">Budget lines</h3>
          {t.lines.length ? (
            <DataTable caption={`Budget lines of ${t.name}`} head={['Line', 'Amount']}>
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
            <p className="text-sm text-slate-600">No lines: add them under “Edit the budget”.</p>
          )}
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-800">Pledges</h3>
          {t.pledges.length ? (
            <DataTable caption={`Pledges to ${t.name}`} head={['From', 'Pledged', 'Received', `In ${t.currency}`, 'On']}>
              {t.pledges.map((p) => (
                <tr key={p.id}>
                  <td className={td}>{p.from}</td>
                  <td className={tdNum}>{formatMoney(p.amount, p.currency)}</td>
                  <td className={tdNum}>{formatMoney(p.receivedAmount, p.currency)}</td>
                  <td className={tdNum}>
                    {p.converted ? formatMoney(p.converted.amount, t.currency) : <span className="text-amber-800">no rate</span>}
                    {p.rate ? (
                      <span className="block text-xs text-slate-500">
                        at {p.rate.rate} of {p.rate.validFrom}, {RATE_SOURCE_LABELS[p.rate.source]}
                      </span>
                    ) : null}
                  </td>
                  <td className={td}>{p.pledgedOn}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="text-sm text-slate-600">No pledges yet: record the first one below.</p>
          )}
          <PledgeForm targetId={t.id} currency={t.currency} lastResult={pledgeResult} />
        </div>
      </div>
      <EditBudgetForm budget={t} campaigns={campaigns} lastResult={editResult} />
    </Card>
  )
}

function PledgeForm({ targetId, currency, lastResult }: { targetId: string; currency: string; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof PledgeSchema>>({
    id: `pledge-${targetId}`,
    lastResult,
    defaultValue: { currency },
    constraint: getZodConstraint(PledgeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PledgeSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3" aria-labelledby={`${form.id}-title`}>
      <h4 id={`${form.id}-title`} className="text-sm font-semibold text-slate-800">
        Record a pledge
      </h4>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="pledge" />
      <input type="hidden" name="targetId" value={targetId} />
      <div className="grid gap-2 sm:grid-cols-2">
        <Field label="From" errors={fields.from.errors} inputProps={getInputProps(fields.from, { type: 'text' })} />
        <Field
          label="Currency"
          help="the pledge's own currency"
          errors={fields.currency.errors}
          inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
        />
        <Field label="Amount pledged" errors={fields.amount.errors} inputProps={getInputProps(fields.amount, { type: 'text' })} />
        <Field
          label="Amount received"
          help="leave empty if nothing has arrived"
          errors={fields.received.errors}
          inputProps={getInputProps(fields.received, { type: 'text' })}
        />
        <Field label="Pledged on" errors={fields.pledgedOn.errors} inputProps={getInputProps(fields.pledgedOn, { type: 'date' })} />
      </div>
      <FieldErrors id={`${form.id}-target`} errors={fields.targetId.errors} />
      <Button variant="secondary" className="mt-2 px-2 py-1">
        Add pledge
      </Button>
    </Form>
  )
}

function EditBudgetForm({ budget: t, campaigns, lastResult }: { budget: Budget; campaigns: Campaign[]; lastResult: Result }) {
  const [form, fields] = useForm<z.input<typeof UpdateTargetSchema>>({
    id: `budget-${t.id}`,
    lastResult,
    defaultValue: {
      name: t.name,
      target: minorToDecimal(t.target, t.currency),
      dueOn: t.dueOn ?? '',
      lines: t.lines.map((l) => `${l.label}: ${minorToDecimal(l.amount, t.currency)}`).join('\n'),
      campaignId: t.campaignId ?? '',
    },
    constraint: getZodConstraint(UpdateTargetSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateTargetSchema }),
  })
  const refused = Object.keys(form.allErrors).length > 0
  return (
    <details className="mt-4 text-sm" open={refused || undefined}>
      <summary className="cursor-pointer text-slate-700 underline">Edit the budget</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="targetId" value={t.id} />
        <div className="sm:col-span-2">
          <FormErrors errors={form.errors} />
        </div>
        <BudgetFields fields={fields} currency={t.currency} campaigns={campaigns} />
        <div>
          <Button variant="secondary">Save budget</Button>
        </div>
      </Form>
    </details>
  )
}

type BudgetFieldSet = ReturnType<typeof useForm<z.input<typeof TargetSchema>>>[1]

function BudgetFields({ fields, currency, campaigns }: { fields: BudgetFieldSet; currency: string; campaigns: Campaign[] }) {
  return (
    <>
      <Field label="Name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
      <Field
        label={`Target (${currency})`}
        help="in the reporting currency"
        errors={fields.target.errors}
        inputProps={getInputProps(fields.target, { type: 'text' })}
      />
      <Field label="Needed by" errors={fields.dueOn.errors} inputProps={getInputProps(fields.dueOn, { type: 'date' })} />
      <SelectField
        label="Conference campaign"
        help="its posts show here; the budget's progress shows on the campaign"
        errors={fields.campaignId.errors}
        selectProps={getSelectProps(fields.campaignId)}
        options={campaignOptions(campaigns)}
      />
      <TextareaField
        className="sm:col-span-2"
        label={`Budget lines (${currency})`}
        help='one per line, "Venue: 4000"'
        errors={fields.lines.errors}
        textareaProps={{ ...getTextareaProps(fields.lines), rows: 4 }}
      />
    </>
  )
}

export function NewBudgetForm({
  reportingCurrency,
  campaigns,
  lastResult,
}: {
  reportingCurrency: string
  campaigns: Campaign[]
  lastResult: Result
}) {
  const [form, fields] = useForm<z.input<typeof TargetSchema>>({
    id: 'target',
    lastResult,
    defaultValue: { campaignId: campaigns.find((c) => c.isConference)?.id ?? '' },
    constraint: getZodConstraint(TargetSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TargetSchema }),
  })
  return (
    <Card title="New budget">
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="target" />
        <div className="sm:col-span-2">
          <FormErrors errors={form.errors} />
        </div>
        <BudgetFields fields={fields} currency={reportingCurrency} campaigns={campaigns} />
        <div>
          <Button>Create budget</Button>
        </div>
      </Form>
    </Card>
  )
}
