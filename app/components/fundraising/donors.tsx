// The pieces of /fundraising/donors: merging two records of one donor (suggested or chosen), and
// the list of donors with a form to edit each.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from 'react-router'
import type { DonorsPage } from '#app/domain/fundraising/donors.server.ts'
import { MergeDonorsSchema, UpdateDonorSchema } from '#app/domain/fundraising/schemas.ts'
import { DONOR_KIND_LABELS, DONOR_KINDS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { FieldErrors, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/utils/format.ts'
import { DataTable, td, tdNum } from './ui.tsx'

type Donor = DonorsPage['donors'][number]

export function DonorMergeSuggestions({ suggestions }: { suggestions: DonorsPage['suggestions'] }) {
  return (
    <Card title="Probably the same donor">
      <ul className="space-y-3">
        {suggestions.map((s) => (
          <li key={s.name} className="flex flex-wrap items-center justify-between gap-3 text-sm">
            <span>
              <strong>{s.name}</strong> on {s.donors.map((d) => d.sources ?? 'manual entry').join(' and ')}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="merge" />
              <input type="hidden" name="intoId" value={s.donors[0].id} />
              <input type="hidden" name="fromId" value={s.donors[1].id} />
              <Button variant="secondary" className="px-2 py-1">
                Merge {s.donors[1].sources ?? 'manual'} into {s.donors[0].sources ?? 'manual'}
              </Button>
            </Form>
          </li>
        ))}
      </ul>
    </Card>
  )
}

export function MergeDonorsForm({ donors, lastResult }: { donors: Donor[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: 'merge-donors',
    lastResult,
    constraint: getZodConstraint(MergeDonorsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeDonorsSchema }),
  })
  const options = [{ value: '', label: 'Choose' }, ...donors.map((d) => ({ value: d.id, label: `${d.name} (${d.sources ?? 'manual'})` }))]
  return (
    <Card title="Merge two donors">
      <Form method="post" {...getFormProps(form)} className="grid items-end gap-3 sm:grid-cols-3">
        <input type="hidden" name="intent" value="merge" />
        <div className="sm:col-span-3">
          <FormErrors errors={form.errors} />
        </div>
        <SelectField
          label="Merge this donor…"
          errors={fields.fromId.errors}
          selectProps={getSelectProps(fields.fromId)}
          options={options}
        />
        <SelectField
          label="…into this one (kept)"
          errors={fields.intoId.errors}
          selectProps={getSelectProps(fields.intoId)}
          options={options}
        />
        <Button>Merge</Button>
      </Form>
    </Card>
  )
}

export function DonorsTable({
  donors,
  timeZone,
  updateResult,
}: {
  donors: Donor[]
  timeZone: string
  /** the answer to editing one of these donors, with the donor's id */
  updateResult: (donorId: string) => SubmissionResult<string[]> | undefined
}) {
  return (
    <DataTable caption="Donors" head={['Name', 'Email', 'Platforms', 'Gifts', 'Last gift', 'Public thanks', '']}>
      {donors.map((d) => (
        <tr key={d.id}>
          <td className={td}>
            <Link to={`/fundraising/donations?donorId=${d.id}`} className="text-brand-700 hover:underline">
              {d.name}
            </Link>
            {d.kind === 'organisation' ? <span className="ml-1 text-xs text-slate-500">(organisation)</span> : null}
          </td>
          <td className={td}>{d.email ?? '—'}</td>
          <td className={td}>{d.sources ?? 'manual entry'}</td>
          <td className={tdNum}>{d.gifts}</td>
          <td className={td}>{d.lastAt ? formatDate(d.lastAt, timeZone) : '—'}</td>
          <td className={td}>{d.consentToPublicThanks ? 'yes' : 'no'}</td>
          <td className={td}>
            <EditDonorForm donor={d} lastResult={updateResult(d.id)} />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

function EditDonorForm({ donor, lastResult }: { donor: Donor; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: `donor-${donor.id}`,
    lastResult,
    defaultValue: {
      kind: donor.kind,
      name: donor.name,
      email: donor.email ?? '',
      otherContact: donor.otherContact ?? '',
      consentToPublicThanks: donor.consentToPublicThanks ? 'on' : '',
    },
    constraint: getZodConstraint(UpdateDonorSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateDonorSchema }),
  })
  const input = 'w-full rounded-md border border-slate-300 px-2 py-1'
  const refused = Boolean(form.errors?.length || Object.values(form.allErrors).length)
  return (
    <details open={refused || undefined}>
      <summary className="cursor-pointer text-sm text-slate-600 underline">Edit</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 grid w-72 gap-2 text-sm">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="donorId" value={donor.id} />
        <FormErrors errors={form.errors} />
        <label>
          Kind{' '}
          <select {...getSelectProps(fields.kind)} className="rounded-md border border-slate-300 px-2 py-1">
            {DONOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {DONOR_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name <input {...getInputProps(fields.name, { type: 'text' })} className={input} />
          <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
        </label>
        <label>
          Email <input {...getInputProps(fields.email, { type: 'email' })} className={input} />
          <FieldErrors id={fields.email.errorId} errors={fields.email.errors} />
        </label>
        <label>
          Other contact <input {...getInputProps(fields.otherContact, { type: 'text' })} className={input} />
          <FieldErrors id={fields.otherContact.errorId} errors={fields.otherContact.errors} />
        </label>
        <label className="flex items-center gap-2">
          <input {...getInputProps(fields.consentToPublicThanks, { type: 'checkbox' })} className="h-4 w-4" /> Agrees to be thanked publicly
        </label>
        <Button variant="secondary" className="px-2 py-1">
          Save
        </Button>
      </Form>
    </details>
  )
}
