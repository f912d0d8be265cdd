// A lead's narrative for one section of the report: read it, write it in Markdown with a preview,
// and mark the section ready (or not). Both talk to the report page's action through fetchers, so
// the rest of the page keeps its state.
import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { useEffect, useState } from 'react'
import { useFetcher } from 'react-router'
import type { ReportPage } from '#app/domain/reports/pages.server.ts'
import { NarrativeSchema, SectionReadySchema } from '#app/domain/reports/schemas.ts'
import { REPORT_SECTION_LABELS, type ReportSection } from '#app/domain/reports/vocabulary.ts'
import { Button } from '#app/components/ui/button.tsx'
import { FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'

/** What the report page's action answers to a narrative's forms (save, ready, not-ready, preview). */
interface NarrativeAnswer {
  intent: string
  result: SubmissionResult<string[]>
  /** the section that was saved or marked */
  saved?: ReportSection
  /** the preview's HTML */
  preview?: string
}

export const NARRATIVE_CLASS =
  'space-y-2 [&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:font-mono [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5'

const resultFor = (answer: NarrativeAnswer | undefined, ...intents: string[]) =>
  answer && intents.includes(answer.intent) ? answer.result : undefined

export function NarrativeEditor({ section, page }: { section: ReportSection; page: ReportPage }) {
  const { document: doc, html, can, reportId } = page
  const entry = doc.narratives[section]
  const save = useFetcher<NarrativeAnswer>()
  const preview = useFetcher<NarrativeAnswer>()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(entry.markdown)
  const [showPreview, setShowPreview] = useState(false)
  useEffect(() => {
    if (save.state === 'idle' && save.data?.saved) setEditing(false)
  }, [save.state, save.data])
  const [form, fields] = useForm({
    id: `narrative-form-${section}`,
    lastResult: resultFor(save.data, 'save-narrative'),
    constraint: getZodConstraint(NarrativeSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NarrativeSchema }),
  })
  const [readyForm] = useForm({
    id: `ready-${section}`,
    lastResult: resultFor(save.data, 'ready', 'not-ready'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SectionReadySchema }),
  })
  const readyErrors = Object.values(readyForm.allErrors).flat()
  const owner = section === 'highlights' ? 'any lead' : `the ${section} lead`
  const title = REPORT_SECTION_LABELS[section]
  const editable = can.edit[section]
  return (
    <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-4" aria-labelledby={`narrative-${section}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`narrative-${section}`} className="text-sm font-semibold text-slate-900">
          {section === 'highlights' ? title : `${title}: the lead's narrative`}
        </h3>
        <span className={`text-xs ${entry.ready ? 'text-green-700' : 'text-slate-600'}`}>
          {entry.ready
            ? `Ready${entry.readyBy ? `, marked by ${entry.readyBy}` : ''}`
            : doc.status === 'published'
              ? ''
              : `Not ready: waiting for ${owner}`}
        </span>
      </div>
      {editing ? (
        <save.Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="save-narrative" />
          <input type="hidden" name="reportId" value={reportId} />
          <input type="hidden" name="section" value={section} />
          <FormErrors errors={form.errors} />
          <TextareaField
            label={`Narrative for ${title.toLowerCase()} (Markdown)`}
            help="**bold**, _italic_, lists with -, links as [text](https://…). Shown to the council as written."
            errors={fields.markdown.errors}
            textareaProps={{
              name: fields.markdown.name,
              id: fields.markdown.id,
              rows: 8,
              value: text,
              onChange: (e) => setText(e.currentTarget.value),
              className: 'font-mono',
            }}
          />
          {showPreview ? (
            <div className="rounded-md border border-slate-200 bg-white p-3">
              <p className="mb-1 text-xs font-medium uppercase text-slate-500">Preview</p>
              {preview.state !== 'idle' ? (
                <p className="text-sm text-slate-500">Rendering…</p>
              ) : (
                <div className={`${NARRATIVE_CLASS} text-sm`} dangerouslySetInnerHTML={{ __html: preview.data?.preview ?? '' }} />
              )}
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button disabled={save.state !== 'idle'}>{save.state !== 'idle' ? 'Saving…' : 'Save narrative'}</Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setShowPreview(true)
                preview.submit({ intent: 'preview', markdown: text }, { method: 'post' })
              }}
            >
              Preview
            </Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </save.Form>
      ) : (
        <>
          {entry.markdown.trim() ? (
            <div className={`${NARRATIVE_CLASS} mt-2 text-sm text-slate-800`} dangerouslySetInnerHTML={{ __html: html[section] }} />
          ) : (
            <p className="mt-2 text-sm text-slate-500">
              {editable ? 'Nothing written yet: say what the numbers mean and what went well or not.' : `Nothing written yet by ${owner}.`}
            </p>
          )}
          {entry.updatedBy ? (
            <p className="mt-2 text-xs text-slate-500">
              Written by {entry.updatedBy}
              {entry.updatedAt ? `, ${formatDateTime(entry.updatedAt, doc.period.timeZone)}` : ''}
            </p>
          ) : null}
          {editable ? (
            <div className="mt-3 flex flex-wrap gap-2">
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                {entry.markdown ? 'Edit narrative' : 'Write narrative'}
              </Button>
              <save.Form method="post" {...getFormProps(readyForm)}>
                <input type="hidden" name="reportId" value={reportId} />
                <input type="hidden" name="section" value={section} />
                <Button name="intent" value={entry.ready ? 'not-ready' : 'ready'} variant={entry.ready ? 'ghost' : 'primary'}>
                  {entry.ready ? `Mark ${title.toLowerCase()} not ready` : `Mark ${title.toLowerCase()} ready`}
                </Button>
              </save.Form>
            </div>
          ) : null}
          {readyErrors.length ? <FormErrors errors={readyErrors} /> : null}
        </>
      )}
    </div>
  )
}
