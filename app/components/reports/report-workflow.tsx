// Where a quarterly report stands: the notices at the top of its page, and the card with each
// section's ready mark, the publish and refresh buttons, the correction form and the versions.
import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from 'react-router'
import type { ReportDocument } from '#app/domain/reports/document.ts'
import type { ReportPage } from '#app/domain/reports/pages.server.ts'
import { CorrectionSchema } from '#app/domain/reports/schemas.ts'
import { REPORT_SECTION_LABELS, REPORT_SECTIONS } from '#app/domain/reports/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'

/** What the last generation did (`?generated=`), whether this is a draft, and how versions relate. */
export function ReportNotices({ doc, isLatest, generated }: { doc: ReportDocument; isLatest: boolean; generated: string | null }) {
  return (
    <>
      {generated === 'created' ? <Notice tone="success">The draft was generated. The leads can now write their sections.</Notice> : null}
      {generated === 'refreshed' ? (
        <Notice tone="success">The numbers were refreshed. Sections whose numbers changed are no longer marked ready.</Notice>
      ) : null}
      {generated === 'published' ? (
        <Notice tone="warning">This quarter is published and was not changed. To change it, start a correction below.</Notice>
      ) : null}
      {doc.status !== 'published' ? (
        <Notice tone="info">This is a draft: its numbers and words may change until the council publishes it.</Notice>
      ) : null}
      {doc.correctionOf ? (
        <Notice tone="warning">
          Version {doc.version} corrects{' '}
          <Link to={`/reports/${doc.quarter}?version=${doc.correctionOf}`} className="underline">
            version {doc.correctionOf}
          </Link>
          : {doc.correctionReason}
        </Notice>
      ) : null}
      {doc.supersededBy ? (
        <Notice tone="warning">
          <Link to={`/reports/${doc.quarter}?version=${doc.supersededBy}`} className="underline">
            Version {doc.supersededBy}
          </Link>{' '}
          corrects this version.
        </Notice>
      ) : null}
      {!isLatest && !doc.supersededBy ? <Notice tone="info">A later version of this quarter exists.</Notice> : null}
    </>
  )
}

/** Each section's ready mark, and what this person may do next: publish, refresh, or correct. */
export function ReportStandingCard({
  page,
  busy,
  correctionResult,
}: {
  page: ReportPage
  busy: boolean
  /** the answer to the last correction, with its errors */
  correctionResult?: SubmissionResult<string[]>
}) {
  const { document: doc, versions, can, reportId } = page
  const notReady = REPORT_SECTIONS.filter((k) => !doc.narratives[k].ready)
  return (
    <Card title="Where this report stands">
      <ul className="grid gap-2 text-sm sm:grid-cols-2">
        {REPORT_SECTIONS.map((k) => (
          <li key={k} className="flex items-center gap-2">
            <span aria-hidden="true" className={doc.narratives[k].ready ? 'text-green-600' : 'text-slate-400'}>
              {doc.narratives[k].ready ? '✓' : '○'}
            </span>
            <span>
              {REPORT_SECTION_LABELS[k]}: {doc.narratives[k].ready ? 'ready' : 'not ready'}
            </span>
          </li>
        ))}
      </ul>
      {doc.status !== 'published' ? (
        <p className="mt-3 text-sm text-slate-600">
          {notReady.length
            ? `Waiting for: ${notReady.map((k) => REPORT_SECTION_LABELS[k].toLowerCase()).join(', ')}. `
            : 'Every section is ready: a council member or an admin can publish. '}
          Publishing freezes the numbers and the words.
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        {can.publish ? (
          <Form method="post">
            <input type="hidden" name="reportId" value={reportId} />
            <Button name="intent" value="publish" disabled={busy || notReady.length > 0 || doc.status !== 'in_review'}>
              Publish version {doc.version}
            </Button>
          </Form>
        ) : null}
        {can.refresh ? (
          <Form method="post">
            <Button name="intent" value="refresh" variant="secondary" disabled={busy}>
              Refresh the numbers
            </Button>
          </Form>
        ) : null}
      </div>
      {can.correct ? <CorrectionForm version={doc.version} busy={busy} lastResult={correctionResult} /> : null}
      {versions.length > 1 ? (
        <nav aria-label="Versions" className="mt-4 text-sm">
          Versions:{' '}
          {versions.map((v) => (
            <Link
              key={v.version}
              to={`/reports/${doc.quarter}?version=${v.version}`}
              aria-current={v.version === doc.version ? 'page' : undefined}
              className={`mr-3 underline ${v.version === doc.version ? 'font-semibold' : 'text-brand-700'}`}
            >
              {v.version} ({v.status.replace('_', ' ')})
            </Link>
          ))}
        </nav>
      ) : null}
    </Card>
  )
}

/** Starts the next version of a published report, saying why. */
function CorrectionForm({ version, busy, lastResult }: { version: number; busy: boolean; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: 'correct',
    lastResult,
    constraint: getZodConstraint(CorrectionSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CorrectionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 max-w-lg space-y-2 border-t border-slate-100 pt-4">
      <FormErrors errors={form.errors} />
      <Field
        label="Correct this report"
        help="Starts a new draft version with today's numbers and the same words; this version stays readable."
        errors={fields.reason.errors}
        inputProps={{ ...getInputProps(fields.reason, { type: 'text' }), placeholder: 'What is wrong, e.g. a donation imported late' }}
      />
      <Button name="intent" value="correct" variant="secondary" disabled={busy}>
        Start version {version + 1}
      </Button>
    </Form>
  )
}
