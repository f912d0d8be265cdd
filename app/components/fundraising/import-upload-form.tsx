// The first step of an import: the file, its format, and for "other CSV" a column mapping (saved,
// or described here: its inputs are named mapping.date, mapping.amount, … and reach the action as
// one nested object).
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import type { z } from 'zod'
import { ImportUploadSchema } from '#app/domain/fundraising/schemas.ts'
import { DONATION_SOURCE_LABELS, DONATION_SOURCES, IMPORT_FORMAT_LABELS, IMPORT_FORMATS } from '#app/domain/fundraising/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'

const MAPPING_COLUMNS = [
  ['date', 'Date column', 'required'],
  ['dateFormat', 'Date format', 'iso, or e.g. dd/MM/yyyy'],
  ['amount', 'Amount column', 'required'],
  ['currency', 'Currency (fixed)', 'e.g. USD'],
  ['currencyColumn', 'or currency column', ''],
  ['fees', 'Fees column', 'optional'],
  ['externalId', 'Id column', 'optional; else from the row'],
  ['donorName', 'Donor name column', 'optional'],
  ['donorEmail', 'Donor email column', 'optional'],
  ['description', 'Note column', 'optional'],
] as const

export function ImportUploadForm({
  mappings,
  busy,
  fileError,
  lastResult,
}: {
  mappings: { id: string; name: string }[]
  busy: boolean
  /** why the file just uploaded cannot be read, in plain words */
  fileError: string | null
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useForm<z.input<typeof ImportUploadSchema>>({
    id: 'import-upload',
    lastResult,
    defaultValue: { mapping: { source: 'numfocus' } },
    constraint: getZodConstraint(ImportUploadSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportUploadSchema }),
  })
  const mapping = fields.mapping.getFieldset()
  const mappingErrors = MAPPING_COLUMNS.some(([name]) => mapping[name].errors?.length) || Boolean(mapping.source.errors?.length)
  return (
    <Card title="Upload an export">
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="upload" />
        <FormErrors errors={form.errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="File"
            help="CSV or JSON, UTF-8, up to 50 MB"
            errors={[...(fields.file.errors ?? []), ...(fileError ? [fileError] : [])]}
            inputProps={{ ...getInputProps(fields.file, { type: 'file' }), accept: '.csv,.json,.txt,text/csv,application/json' }}
          />
          <SelectField
            label="Format"
            help="Detected from the first line unless you choose"
            errors={fields.format.errors}
            selectProps={getSelectProps(fields.format)}
            options={[
              { value: '', label: 'Detect automatically' },
              ...IMPORT_FORMATS.map((f) => ({ value: f, label: IMPORT_FORMAT_LABELS[f] })),
            ]}
          />
        </div>
        <details className="rounded-md border border-slate-200 p-3" open={mappingErrors || undefined}>
          <summary className="cursor-pointer text-sm font-medium text-slate-800">
            Other CSV (e.g. a NumFOCUS statement): column mapping
          </summary>
          <p className="mt-2 text-xs text-slate-500">
            Choose “Other CSV with a column mapping” as the format, then a saved mapping or the column names as they appear in the file’s
            first line.
          </p>
          {mappings.length ? (
            <SelectField
              className="mt-3"
              label="Saved mapping"
              errors={fields.mappingId.errors}
              selectProps={getSelectProps(fields.mappingId)}
              options={[{ value: '', label: '— describe the columns below —' }, ...mappings.map((m) => ({ value: m.id, label: m.name }))]}
            />
          ) : null}
          <div className="mt-3 grid gap-3 sm:grid-cols-3">
            <SelectField
              label="Source"
              errors={mapping.source.errors}
              selectProps={getSelectProps(mapping.source)}
              options={DONATION_SOURCES.map((s) => ({ value: s, label: DONATION_SOURCE_LABELS[s] }))}
            />
            {MAPPING_COLUMNS.map(([name, label, help]) => (
              <Field
                key={name}
                label={label}
                help={help || undefined}
                errors={mapping[name].errors}
                inputProps={getInputProps(mapping[name], { type: 'text' })}
              />
            ))}
            <Field
              label="Save this mapping as"
              help="e.g. NumFOCUS statement"
              errors={fields.mappingName.errors}
              inputProps={getInputProps(fields.mappingName, { type: 'text' })}
            />
            <label className="flex items-center gap-2 text-sm">
              <input {...getInputProps(mapping.decimalComma, { type: 'checkbox' })} className="h-4 w-4" /> Amounts use a decimal comma
              (1.234,56)
            </label>
          </div>
        </details>
        <Button disabled={busy}>{busy ? 'Reading the file…' : 'Preview the import'}</Button>
      </Form>
    </Card>
  )
}
