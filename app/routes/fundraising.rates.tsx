import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { deleteExchangeRate, listExchangeRates, listMissingRates, setExchangeRate } from '#app/domain/fundraising/exchange-rates.server.ts'
import { ExchangeRateSchema } from '#app/domain/fundraising/schemas.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { DataTable, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.rates'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  const settings = await getOrganisationSettings()
  const [rates, missing] = await Promise.all([listExchangeRates(), listMissingRates(settings.reportingCurrency)])
  return { rates, missing, reportingCurrency: settings.reportingCurrency }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  if (formData.get('intent') === 'delete') {
    await deleteExchangeRate({ id: String(formData.get('id')), actorId: user.id })
    return { result: undefined, saved: false }
  }
  const submission = parseWithZod(formData, { schema: ExchangeRateSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), saved: false }, { status: 400 })
  await setExchangeRate({ ...submission.value, actorId: user.id })
  return { result: submission.reply({ resetForm: true }), saved: true }
}

export default function RatesRoute() {
  const { rates, missing, reportingCurrency } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof ExchangeRateSchema>>({ lastResult: actionData?.result, shouldRevalidate: 'onBlur' })
  return (
    <>
      <PageHeader
        title="Exchange rates"
        description={`Rates into ${reportingCurrency}, the reporting currency (an admin sets it in Settings). A rate applies from its date until the next rate of the same currency; each donation converts at the rate in force on the day it was received.`}
      />
      <div className="space-y-6">
        {missing.length ? (
          <Notice tone="warning">
            No rate yet for{' '}
            {missing.map((m) => `${m.currency} (${m.donations} donation${m.donations > 1 ? 's' : ''} from ${m.earliest})`).join(', ')}:
            these are left out of converted totals. Add a rate dated on or before the earliest donation.
          </Notice>
        ) : null}
        {actionData?.saved ? <Notice tone="success">Rate saved.</Notice> : null}
        <Card title="Add a rate">
          <Form method="post" {...getFormProps(form)} className="grid items-start gap-4 sm:grid-cols-4">
            <div className="sm:col-span-4">
              <FormErrors errors={form.errors} />
            </div>
            <Field
              label="Currency"
              help="e.g. EUR"
              errors={fields.currency.errors}
              inputProps={{ ...getInputProps(fields.currency, { type: 'text' }), maxLength: 3, className: 'uppercase' }}
            />
            <Field label="Valid from" errors={fields.validFrom.errors} inputProps={getInputProps(fields.validFrom, { type: 'date' })} />
            <Field
              label={`Rate: 1 unit in ${reportingCurrency}`}
              help="e.g. 1.0850"
              errors={fields.rate.errors}
              inputProps={{ ...getInputProps(fields.rate, { type: 'text' }), inputMode: 'decimal' }}
            />
            <div className="pt-6">
              <Button>Save rate</Button>
            </div>
          </Form>
        </Card>
        {rates.length ? (
          <DataTable caption="Exchange rates" head={['Currency', 'Valid from', `Rate into ${reportingCurrency}`, '']}>
            {rates.map((r) => (
              <tr key={r.id}>
                <td className={td}>{r.currency}</td>
                <td className={td}>{r.validFrom}</td>
                <td className={tdNum}>{Number(r.rate).toString()}</td>
                <td className={td}>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={r.id} />
                    <Button variant="ghost" className="px-2 py-1" aria-label={`Delete the ${r.currency} rate from ${r.validFrom}`}>
                      Delete
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-slate-600">No rates yet. Donations in {reportingCurrency} need none.</p>
        )}
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Exchange rates · Fundraising · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
