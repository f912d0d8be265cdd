import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useSearchParams } from 'react-router'
import { z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import { createManualDonation, listDonations, voidDonation } from '#app/domain/fundraising/donations.server.ts'
import { filtersFromSearch, ManualDonationSchema } from '#app/domain/fundraising/schemas.ts'
import { formatMoney } from '#app/utils/money.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge, DataTable, SOURCE_LABELS, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button, ButtonLink, buttonClass } from '#app/components/ui/button.tsx'
import { Card, EmptyState, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { requireRole } from '#app/utils/session.server.ts'
import { DONATION_SOURCES } from '#app/domain/fundraising/vocabulary.ts'
import type { Route } from './+types/fundraising.donations._index'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const params = new URL(request.url).searchParams
  const filters = filtersFromSearch(params)
  const page = Math.max(1, Number(params.get('page')) || 1)
  const [list, settings] = await Promise.all([listDonations(filters, page), getOrganisationSettings()])
  return { ...list, filters, reportingCurrency: settings.reportingCurrency, timeZone: settings.timeZone }
}

const VoidSchema = z.object({ donationId: z.uuid(), reason: z.string({ message: 'Say why' }).trim().min(1, 'Say why').max(500) })

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  if (formData.get('intent') === 'void') {
    const parsed = VoidSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return data({ result: undefined, voided: false, voidError: parsed.error.issues[0].message }, { status: 400 })
    try {
      await voidDonation({ ...parsed.data, actorId: user.id })
    } catch (error) {
      if (error instanceof DomainError) return data({ result: undefined, voided: false, voidError: error.message }, { status: 409 })
      throw error
    }
    return { result: undefined, voided: true, voidError: null }
  }
  const submission = parseWithZod(formData, { schema: ManualDonationSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), voided: false, voidError: null }, { status: 400 })
  try {
    await createManualDonation({ ...submission.value, actorId: user.id })
  } catch (error) {
    if (error instanceof DomainError)
      return data(
        { result: submission.reply({ fieldErrors: { [error.field ?? 'amount']: [error.message] } }), voided: false, voidError: null },
        { status: 409 },
      )
    throw error
  }
  return { result: submission.reply({ resetForm: true }), voided: false, voidError: null, created: true }
}

export default function DonationsRoute() {
  const { rows, total, page, pageSize, filters, reportingCurrency, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const [form, fields] = useForm<z.input<typeof ManualDonationSchema>>({
    lastResult: actionData?.result,
    defaultValue: { currency: reportingCurrency, source: 'manual' },
    shouldRevalidate: 'onBlur',
  })
  const exportParams = new URLSearchParams(params)
  exportParams.delete('page')
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <>
      <PageHeader
        title="Donations"
        description="Every donation in the ledger, in its original currency. Corrections void a donation (it stays, counting for nothing) and a new one is entered."
        actions={
          <>
            <a href={`/fundraising/donations/export.csv?${exportParams}`} className={buttonClass('secondary')} download>
              Export CSV
            </a>
            <ButtonLink to="/fundraising/donations/import">Import a file</ButtonLink>
          </>
        }
      />
      <Form
        method="get"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        aria-label="Filter donations"
      >
        <FilterInput label="From" name="from" type="date" value={filters.from} />
        <FilterInput label="To" name="to" type="date" value={filters.to} />
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Source</span>
          <select name="source" defaultValue={filters.source ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-2 text-sm">
            <option value="">All sources</option>
            {DONATION_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <FilterInput label="Currency" name="currency" value={filters.currency} size={4} />
        <FilterInput label="Donor name or email" name="donor" value={filters.donor} />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="includeVoided" value="true" defaultChecked={Boolean(filters.includeVoided)} className="h-4 w-4" />{' '}
          Include voided
        </label>
        <Button variant="secondary">Filter</Button>
        <Link to="/fundraising/donations" className="pb-2 text-sm text-slate-600 underline">
          Clear
        </Link>
      </Form>
      {actionData?.voided ? <Notice tone="success">The donation was voided.</Notice> : null}
      {actionData?.voidError ? <Notice tone="error">{actionData.voidError}</Notice> : null}
      {rows.length === 0 ? (
        <EmptyState
          title="No donations match"
          action={<ButtonLink to="/fundraising/donations/import">Import a donations export</ButtonLink>}
        >
          Import an export, enter a donation below, or clear the filters.
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600">
            {total} donation{total === 1 ? '' : 's'}
            {pages > 1 ? `, page ${page} of ${pages}` : ''}
          </p>
          <DataTable caption="Donations" head={['Date', 'Donor', 'Source', 'Amount', 'Fees', 'Net', '', '']}>
            {rows.map((r) => (
              <tr key={r.id} className={r.voidedAt || r.refunded ? 'bg-slate-50 text-slate-400' : undefined}>
                <td className={`${td} whitespace-nowrap`}>{formatDate(r.receivedAt, timeZone)}</td>
                <td className={td}>
                  {r.donorName ? (
                    <Link to={`/fundraising/donations?donorId=${r.donorId}`} className="text-brand-700 hover:underline">
                      {r.donorName}
                    </Link>
                  ) : (
                    <span className="text-slate-400">anonymous</span>
                  )}
                  {r.donorEmail ? <span className="block text-xs text-slate-500">{r.donorEmail}</span> : null}
                </td>
                <td className={td}>
                  {SOURCE_LABELS[r.source]}
                  <span className="block font-mono text-xs text-slate-400">
                    {r.externalId.startsWith('manual-') ? 'entered by hand' : r.externalId}
                  </span>
                </td>
                <td className={tdNum}>{formatMoney(r.amount, r.currency)}</td>
                <td className={tdNum}>{formatMoney(r.fees, r.currency)}</td>
                <td className={tdNum}>{formatMoney(r.net, r.currency)}</td>
                <td className={td}>
                  {r.recurring ? <Badge tone="blue">recurring</Badge> : null} {r.refunded ? <Badge tone="amber">refunded</Badge> : null}{' '}
                  {r.voidedAt ? <Badge tone="red">voided: {r.voidReason}</Badge> : null}
                </td>
                <td className={td}>
                  {r.voidedAt ? null : (
                    <details>
                      <summary className="cursor-pointer text-sm text-slate-600 underline">Void</summary>
                      <Form method="post" className="mt-2 flex gap-2">
                        <input type="hidden" name="intent" value="void" />
                        <input type="hidden" name="donationId" value={r.id} />
                        <label className="sr-only" htmlFor={`reason-${r.id}`}>
                          Reason
                        </label>
                        <input
                          id={`reason-${r.id}`}
                          name="reason"
                          required
                          placeholder="Reason"
                          className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
                        />
                        <Button variant="danger" className="px-2 py-1">
                          Void
                        </Button>
                      </Form>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {pages > 1 ? (
            <nav aria-label="Pages" className="mt-3 flex gap-2 text-sm">
              {page > 1 ? (
                <Link to={pageLink(page - 1)} className="underline">
                  Previous
                </Link>
              ) : null}
              {page < pages ? (
                <Link to={pageLink(page + 1)} className="underline">
                  Next
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
      <Card title="Enter a donation by hand" className="mt-6">
        {actionData && 'created' in actionData && actionData.created ? <Notice tone="success">The donation was added.</Notice> : null}
        <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <input type="hidden" name="intent" value="create" />
          <div className="sm:col-span-2 lg:col-span-4">
            <FormErrors errors={form.errors} />
          </div>
          <Field label="Date received" errors={fields.receivedOn.errors} inputProps={getInputProps(fields.receivedOn, { type: 'date' })} />
          <Field
            label="Amount"
            help="e.g. 250.00"
            errors={fields.amount.errors}
            inputProps={getInputProps(fields.amount, { type: 'text' })}
          />
          <Field label="Fees" help="optional" errors={fields.fees.errors} inputProps={getInputProps(fields.fees, { type: 'text' })} />
          <Field
            label="Currency"
            errors={fields.currency.errors}
            inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
          />
          <SelectField
            label="Source"
            errors={fields.source.errors}
            selectProps={getSelectProps(fields.source)}
            options={DONATION_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
          />
          <Field
            label="Donor name"
            help="leave empty for anonymous"
            errors={fields.donorName.errors}
            inputProps={getInputProps(fields.donorName, { type: 'text' })}
          />
          <Field
            label="Donor email"
            help="matches an existing donor"
            errors={fields.donorEmail.errors}
            inputProps={getInputProps(fields.donorEmail, { type: 'email' })}
          />
          <Field label="Note" errors={fields.description.errors} inputProps={getInputProps(fields.description, { type: 'text' })} />
          <label className="flex items-center gap-2 text-sm">
            <input {...getInputProps(fields.recurring, { type: 'checkbox' })} className="h-4 w-4" /> Recurring gift
          </label>
          <div className="sm:col-span-2 lg:col-span-4">
            <Button>Add donation</Button>
          </div>
        </Form>
      </Card>
    </>
  )
}

function FilterInput({
  label,
  name,
  value,
  type = 'text',
  size,
}: {
  label: string
  name: string
  value?: string | null
  type?: string
  size?: number
}) {
  return (
    <label className="text-sm">
      <span className="block font-medium text-slate-800">{label}</span>
      <input
        type={type}
        name={name}
        defaultValue={value ?? ''}
        size={size}
        className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      />
    </label>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Donations · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
