import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { deleteExchangeRate, getRatesPage, setExchangeRate } from '#app/domain/fundraising/exchange-rates.server.ts'
import { DeleteExchangeRateSchema, ExchangeRateSchema } from '#app/domain/fundraising/schemas.ts'
import { RATE_SOURCE_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { errorsOf, resultFor } from '#app/components/fundraising/action-result.ts'
import { DataTable, td, tdNum } from '#app/components/fundraising/ui.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole } from '#app/utils/session.server.ts'
import type { Route } from './+types/fundraising.rates'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'fundraising')
  return getRatesPage()
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, 'fundraising')
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'set':
      return setRate(formData, user.id)
    case 'delete':
      return deleteRate(formData, user.id)
    default:
      throw data(`Unknown intent "${intent}"`, { status: 400 })
  }
}

/** Sets the rate of a currency from a date (replacing one set for the same date). */
async function setRate(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, ExchangeRateSchema, (value) => setExchangeRate({ ...value, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'set', result: outcome.submission.reply({ resetForm: true }), saved: true }
}

async function deleteRate(formData: FormData, actorId: string) {
  const outcome = await submitForm(formData, DeleteExchangeRateSchema, ({ id }) => deleteExchangeRate({ id, actorId }))
  if (!outcome.ok) return outcome.refusal
  return { intent: 'delete', result: outcome.submission.reply() }
}

export default function RatesRoute() {
  const { rates, missing, reportingCurrency, fetching } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'exchange-rate',
    lastResult: resultFor(actionData, 'set'),
    constraint: getZodConstraint(ExchangeRateSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExchangeRateSchema }),
  })
  const deleteRefused = errorsOf(resultFor(actionData, 'delete'))
  return (
    <>
      <PageHeader
        title="Exchange rates"
        description={`Rates into ${reportingCurrency}, the reporting currency (an admin sets it in Settings). A rate applies from its date until the next rate of the same currency; each donation converts at the rate in force on the day it was received. The ECB's reference rates are fetched daily for the currencies in the ledger; a rate you type wins for its date.`}
      />
      <div className="space-y-6">
        {missing.length ? (
          <Notice tone="warning">
            No rate yet for{' '}
            {missing.map((m) => `${m.currency} (${m.donations} donation${m.donations > 1 ? 's' : ''} from ${m.earliest})`).join(', ')}:
            these are left out of converted totals. Add a rate dated on or before the earliest donation.
          </Notice>
        ) : null}
        {fetching ? null : (
          <Notice tone="info">Fetching the ECB&apos;s rates is turned off (STEWARD_FETCH_RATES=false): type every rate here.</Notice>
        )}
        {actionData && 'saved' in actionData ? <Notice tone="success">Rate saved.</Notice> : null}
        {deleteRefused.length ? <Notice tone="error">{deleteRefused.join(' ')}</Notice> : null}
        <Card title="Add a rate">
          <Form method="post" {...getFormProps(form)} className="grid items-start gap-4 sm:grid-cols-4">
            <input type="hidden" name="intent" value="set" />
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
          <DataTable
            caption="Exchange rates (typed by hand, and the ten newest ECB rates of each currency)"
            head={['Currency', 'Valid from', `Rate into ${reportingCurrency}`, 'Source', '']}
          >
            {rates.map((r) => (
              <tr key={r.id}>
                <td className={td}>{r.currency}</td>
                <td className={td}>{r.validFrom}</td>
                <td className={tdNum}>{Number(r.rate).toString()}</td>
                <td className={td}>
                  {r.source === 'manual' ? <strong>{RATE_SOURCE_LABELS.manual}</strong> : RATE_SOURCE_LABELS[r.source]}
                </td>
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
