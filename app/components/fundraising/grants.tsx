// The pieces of /fundraising/grants: the pipeline's figures, the deadlines ahead, the board by
// status, the table, and the form for a new grant.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { DateTime } from 'luxon'
import { Form, Link } from 'react-router'
import type { z } from 'zod'
import type { GrantsPage } from '#app/domain/fundraising/grants.server.ts'
import { GrantSchema } from '#app/domain/fundraising/schemas.ts'
import { DEADLINE_KIND_LABELS, GRANT_STATUS_LABELS, GRANT_STATUSES } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { Stat } from '#app/components/ui/stat.tsx'
import { formatMoney } from '#app/utils/money.ts'
import { Badge, DataTable, percent, td, tdNum } from './ui.tsx'

type Grant = GrantsPage['grants'][number]

export function GrantFigures({
  stats,
  weights,
  deadlines,
}: Pick<GrantsPage, 'stats' | 'deadlines'> & { weights: GrantsPage['pipelineWeights'] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Stat
        label="Win rate"
        value={percent(stats.winRate)}
        detail={`${stats.won} awarded, ${stats.lost} declined (withdrawn ones not counted)`}
      />
      <Stat
        label="Weighted pipeline"
        value={stats.pipeline.map((p) => formatMoney(p.weighted, p.currency)).join(' + ') || '—'}
        detail={`asked × chance: idea ${percent(weights.idea)}, drafting ${percent(weights.drafting)}, submitted ${percent(weights.submitted)}`}
      />
      <Stat
        label="Deadlines in 90 days"
        value={deadlines.length}
        detail={deadlines[0] ? `next: ${deadlines[0].date}, ${deadlines[0].funder}` : 'none'}
      />
    </div>
  )
}

/** A grant's name, linked to its page for those who may open it. */
function GrantName({ id, linked, className, children }: { id: string; linked: boolean; className?: string; children: React.ReactNode }) {
  if (!linked) return <span className={className}>{children}</span>
  return (
    <Link to={`/fundraising/grants/${id}`} className={`text-brand-700 hover:underline ${className ?? ''}`}>
      {children}
    </Link>
  )
}

export function UpcomingDeadlines({ deadlines, today, linked = true }: Pick<GrantsPage, 'deadlines' | 'today'> & { linked?: boolean }) {
  const daysTo = (date: string) => Math.round(DateTime.fromISO(date).diff(DateTime.fromISO(today), 'days').days)
  return (
    <Card title="Deadlines in the next 90 days">
      {deadlines.length === 0 ? (
        <p className="text-sm text-slate-600">No deadlines in the next 90 days. Add them on each grant’s page.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {deadlines.map((d) => (
            <li key={`${d.deadlineId}-${d.date}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <strong className="tabular-nums">{d.date}</strong> · {DEADLINE_KIND_LABELS[d.kind]} for{' '}
                <GrantName id={d.grantId} linked={linked}>
                  {d.funder}: {d.grantTitle}
                </GrantName>
                {d.recurring ? <span className="ml-1 text-xs text-slate-500">(recurring)</span> : null}
              </span>
              <Badge tone={daysTo(d.date) <= 7 ? 'red' : daysTo(d.date) <= 30 ? 'amber' : 'slate'}>
                {daysTo(d.date) === 0 ? 'today' : `in ${daysTo(d.date)} days`}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

export function GrantBoard({ grants, linked = true }: { grants: Grant[]; linked?: boolean }) {
  const board = GRANT_STATUSES.map((s) => ({ status: s, grants: grants.filter((g) => g.status === s) }))
  return (
    <section aria-label="Board by status" className="grid gap-3 overflow-x-auto md:grid-cols-4 xl:grid-cols-8">
      {board.map((column) => (
        <div key={column.status} className="min-w-40 rounded-lg bg-slate-100 p-2">
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
            {GRANT_STATUS_LABELS[column.status]} <span className="font-normal">({column.grants.length})</span>
          </h2>
          <ul className="space-y-2">
            {column.grants.map((g) => (
              <li key={g.id} className="rounded-md bg-white p-2 text-sm shadow-sm">
                <GrantName id={g.id} linked={linked} className="font-medium">
                  {g.title}
                </GrantName>
                <span className="block text-xs text-slate-500">{g.funder}</span>
                {g.amountAsked ? (
                  <span className="block text-xs tabular-nums text-slate-700">
                    {formatMoney(g.amountAwarded ?? g.amountAsked, g.currency)}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}

export function GrantsTable({ grants, linked = true }: { grants: Grant[]; linked?: boolean }) {
  return (
    <DataTable caption="Grants" head={['Funder', 'Title', 'Status', 'Asked', 'Awarded', 'Owner', 'Next deadline']}>
      {grants.map((g) => (
        <tr key={g.id}>
          <td className={td}>{g.funder}</td>
          <td className={td}>
            <GrantName id={g.id} linked={linked}>
              {g.title}
            </GrantName>
          </td>
          <td className={td}>{GRANT_STATUS_LABELS[g.status]}</td>
          <td className={tdNum}>{g.amountAsked !== null ? formatMoney(g.amountAsked, g.currency) : '—'}</td>
          <td className={tdNum}>{g.amountAwarded !== null ? formatMoney(g.amountAwarded, g.currency) : '—'}</td>
          <td className={td}>{g.ownerName ?? '—'}</td>
          <td className={td}>{g.nextDeadline ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  )
}

export function NewGrantForm({
  people,
  reportingCurrency,
  lastResult,
}: Pick<GrantsPage, 'people' | 'reportingCurrency'> & { lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm<z.input<typeof GrantSchema>>({
    id: 'new-grant',
    lastResult,
    defaultValue: { currency: reportingCurrency, status: 'idea' },
    constraint: getZodConstraint(GrantSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantSchema }),
  })
  return (
    <Card title="Add a grant">
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2 lg:col-span-4">
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
          label="Currency"
          errors={fields.currency.errors}
          inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
        />
        <Field label="Period start" errors={fields.periodStart.errors} inputProps={getInputProps(fields.periodStart, { type: 'date' })} />
        <Field label="Period end" errors={fields.periodEnd.errors} inputProps={getInputProps(fields.periodEnd, { type: 'date' })} />
        <div className="sm:col-span-2 lg:col-span-4">
          <Button>Add grant</Button>
        </div>
      </Form>
    </Card>
  )
}
