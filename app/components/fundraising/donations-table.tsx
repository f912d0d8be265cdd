// The donations list, one page of it, each live donation with a form to void it.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from 'react-router'
import type { DonationRow } from '#app/domain/fundraising/donations.server.ts'
import { VoidDonationSchema } from '#app/domain/fundraising/schemas.ts'
import { DONATION_SOURCE_LABELS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { FieldErrors, FormErrors } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { formatMoney } from '#app/utils/money.ts'
import { Badge, DataTable, td, tdNum } from './ui.tsx'

export function DonationsTable({
  rows,
  timeZone,
  voidResult,
}: {
  rows: DonationRow[]
  timeZone: string
  /** the answer to voiding one of these donations, with the donation's id */
  voidResult: (donationId: string) => SubmissionResult<string[]> | undefined
}) {
  return (
    <DataTable caption="Donations" head={['Date', 'Donor', 'Source', 'Amount', 'Fees', 'Net', '', '']}>
      {rows.map((r) => (
        <tr key={r.id} className={r.voidedAt || r.refunded ? 'bg-slate-50 text-slate-500' : undefined}>
          <td className={`${td} whitespace-nowrap`}>{formatDate(r.receivedAt, timeZone)}</td>
          <td className={td}>
            {r.donorName ? (
              <Link to={`/fundraising/donations?donorId=${r.donorId}`} className="text-brand-700 hover:underline">
                {r.donorName}
              </Link>
            ) : (
              <span className="text-slate-500">anonymous</span>
            )}
            {r.donorEmail ? <span className="block text-xs text-slate-500">{r.donorEmail}</span> : null}
          </td>
          <td className={td}>
            {DONATION_SOURCE_LABELS[r.source]}
            <span className="block font-mono text-xs text-slate-500">
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
          <td className={td}>{r.voidedAt ? null : <VoidDonationForm donationId={r.id} lastResult={voidResult(r.id)} />}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function VoidDonationForm({ donationId, lastResult }: { donationId: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: `void-${donationId}`,
    lastResult,
    constraint: getZodConstraint(VoidDonationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VoidDonationSchema }),
  })
  const refused = Boolean(form.errors?.length || fields.reason.errors?.length)
  return (
    <details open={refused || undefined}>
      <summary className="cursor-pointer text-sm text-slate-600 underline">Void</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2">
        <FormErrors errors={form.errors} />
        <div className="flex gap-2">
          <input type="hidden" name="intent" value="void" />
          <input type="hidden" name="donationId" value={donationId} />
          <label className="sr-only" htmlFor={fields.reason.id}>
            Reason
          </label>
          <input
            {...getInputProps(fields.reason, { type: 'text' })}
            placeholder="Reason"
            aria-describedby={fields.reason.errors?.length ? fields.reason.errorId : undefined}
            className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <Button variant="danger" className="px-2 py-1">
            Void
          </Button>
        </div>
        <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
      </Form>
    </details>
  )
}
