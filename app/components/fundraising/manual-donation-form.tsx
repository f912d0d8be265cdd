// A donation entered by hand (a cheque, a bank transfer): it joins the ledger like an imported one.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import type { z } from 'zod'
import { ManualDonationSchema } from '#app/domain/fundraising/schemas.ts'
import { DONATION_SOURCE_LABELS, DONATION_SOURCES } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'

export function ManualDonationForm({
  reportingCurrency,
  lastResult,
  created,
}: {
  reportingCurrency: string
  lastResult: SubmissionResult<string[]> | undefined
  /** the donation was just added */
  created: boolean
}) {
  const [form, fields] = useForm<z.input<typeof ManualDonationSchema>>({
    id: 'manual-donation',
    lastResult,
    defaultValue: { currency: reportingCurrency, source: 'manual' },
    constraint: getZodConstraint(ManualDonationSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManualDonationSchema }),
  })
  return (
    <Card title="Enter a donation by hand" className="mt-6">
      {created ? <Notice tone="success">The donation was added.</Notice> : null}
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
          options={DONATION_SOURCES.map((s) => ({ value: s, label: DONATION_SOURCE_LABELS[s] }))}
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
  )
}
