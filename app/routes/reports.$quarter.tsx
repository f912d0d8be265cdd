import { parseWithZod } from '@conform-to/zod/v4'
import { useEffect, useState } from 'react'
import { data, Form, Link, redirect, useActionData, useFetcher, useLoaderData, useNavigation } from 'react-router'
import { LEAD_ROLES } from '#app/domain/accounts/vocabulary.ts'
import { DomainError } from '#app/domain/errors.ts'
import type { ChartSpec, ReportDocument } from '#app/domain/reports/document.ts'
import { detailTables } from '#app/domain/reports/detail-tables.ts'
import { canCorrectReports, canEditSection, canGenerateReports, canPublishReports } from '#app/domain/reports/permissions.ts'
import { formatAxis, formatChange, formatValue } from '#app/domain/reports/number-format.ts'
import {
  AREA_SECTIONS,
  type AreaSection,
  REPORT_SECTION_LABELS,
  REPORT_SECTIONS,
  type ReportSection,
} from '#app/domain/reports/vocabulary.ts'
import { renderNarrativeHtml } from '#app/domain/reports/render-narrative.server.ts'
import {
  correctReport,
  generateReport,
  getReportPage,
  publishReport,
  ReportForbiddenError,
  saveNarrative,
  setSectionReady,
} from '#app/domain/reports/reports.server.ts'
import { CorrectionSchema, NarrativeSchema } from '#app/domain/reports/schemas.ts'
import { BarSeriesChart, LineSeriesChart } from '#app/components/charts/series-chart.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { StatusBadge } from '#app/components/reports/status-badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, Notice, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/reports.$quarter'

function versionParam(request: Request) {
  const raw = new URL(request.url).searchParams.get('version')
  const version = raw ? Number(raw) : undefined
  return version && Number.isInteger(version) && version > 0 ? version : undefined
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const page = await getReportPage(params.quarter, versionParam(request))
  if (!page)
    throw data(
      { message: `There is no report for ${params.quarter} yet. A lead or an admin can generate it from Reports.` },
      { status: 404 },
    )
  const { report, document, versions } = page
  const open = report.status !== 'published'
  const latestVersion = versions.at(-1)!.version
  const html = Object.fromEntries(Object.entries(document.narratives).map(([k, v]) => [k, renderNarrativeHtml(v.markdown)])) as Record<
    ReportSection,
    string
  >
  return {
    reportId: report.id,
    document,
    html,
    versions,
    isLatest: report.version === latestVersion,
    generated: new URL(request.url).searchParams.get('generated'),
    can: {
      edit: Object.fromEntries(REPORT_SECTIONS.map((s) => [s, open && canEditSection(user.roles, s)])) as Record<ReportSection, boolean>,
      refresh: open && canGenerateReports(user.roles),
      publish: open && canPublishReports(user.roles),
      correct: !open && report.version === latestVersion && canCorrectReports(user.roles),
    },
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const reportId = String(formData.get('reportId') ?? '')
  try {
    switch (intent) {
      case 'preview': {
        return { preview: renderNarrativeHtml(String(formData.get('markdown') ?? '')) }
      }
      case 'save-narrative': {
        const submission = parseWithZod(formData, { schema: NarrativeSchema })
        if (submission.status !== 'success')
          return data({ error: 'Check the text', section: String(formData.get('section')) }, { status: 400 })
        await saveNarrative({
          reportId,
          section: submission.value.section as ReportSection,
          markdown: submission.value.markdown,
          actor: user,
        })
        return { saved: submission.value.section }
      }
      case 'ready':
      case 'not-ready': {
        const section = NarrativeSchema.shape.section.parse(formData.get('section')) as ReportSection
        await setSectionReady({ reportId, section, ready: intent === 'ready', actor: user })
        return { saved: section }
      }
      case 'refresh': {
        await requireRole(request, ...LEAD_ROLES)
        const { outcome } = await generateReport({ quarter: params.quarter, actor: user })
        return redirect(`/reports/${params.quarter}?generated=${outcome}`)
      }
      case 'publish': {
        await requireRole(request, 'council')
        await publishReport({ reportId, actor: user })
        return redirect(`/reports/${params.quarter}`)
      }
      case 'correct': {
        const submission = parseWithZod(formData, { schema: CorrectionSchema })
        if (submission.status !== 'success')
          return data({ error: submission.error?.reason?.[0] ?? 'Say what the correction is for', section: 'correct' }, { status: 400 })
        await correctReport({ quarter: params.quarter, reason: submission.value.reason, actor: user })
        return redirect(`/reports/${params.quarter}`)
      }
      default:
        throw data({ message: 'Unknown action' }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof ReportForbiddenError)
      return data({ error: error.message, section: String(formData.get('section') ?? intent) }, { status: 403 })
    if (error instanceof DomainError)
      return data({ error: error.message, section: String(formData.get('section') ?? intent) }, { status: 400 })
    throw error
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>

const NARRATIVE_CLASS =
  'space-y-2 [&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:font-mono [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5'

function Headlines({ doc, section }: { doc: ReportDocument; section: AreaSection }) {
  const rows = doc.headlines.filter((h) => h.section === section)
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">
          {REPORT_SECTION_LABELS[section]}: headline numbers for {doc.quarter}, with the change against {doc.previousQuarter} and{' '}
          {doc.sameQuarterLastYear}
        </caption>
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1.5">
              Metric and definition
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              {doc.quarter}
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              vs {doc.previousQuarter}
            </th>
            <th scope="col" className="whitespace-nowrap pl-3 text-right">
              vs {doc.sameQuarterLastYear}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((h) => (
            <tr key={h.key}>
              <th scope="row" className="py-1.5 pr-3 text-left align-top font-normal">
                <span className="font-medium text-slate-900">{h.label}</span>
                <span className="block text-xs text-slate-500">{h.definition}</span>
              </th>
              <td className="whitespace-nowrap pl-3 text-right align-top font-semibold tabular-nums">
                {formatValue(h.unit, h.value, h.currency)}
              </td>
              <td className="whitespace-nowrap pl-3 text-right align-top tabular-nums">{formatChange(h, h.changeVsPrevious)}</td>
              <td className="whitespace-nowrap pl-3 text-right align-top tabular-nums">{formatChange(h, h.changeVsYearBefore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Chart({ chart }: { chart: ChartSpec }) {
  if (chart.rows.length === 0) return <p className="text-sm text-slate-500">{chart.title}: no data for this quarter.</p>
  const format = (v: number) => formatAxis(chart.unit, v, chart.currency)
  const series = chart.series.map((s) => ({ key: s.key, label: s.label, asLine: s.as === 'line' }))
  const onlyLines = chart.series.every((s) => s.as === 'line')
  return (
    <div>
      <h4 className="mb-1 text-sm font-medium text-slate-800">{chart.title}</h4>
      {onlyLines ? (
        <LineSeriesChart title={chart.title} data={chart.rows} xKey={chart.xKey} series={series} formatValue={format} height={220} />
      ) : (
        <BarSeriesChart title={chart.title} data={chart.rows} xKey={chart.xKey} series={series} formatValue={format} height={220} />
      )}
    </div>
  )
}

function Narrative({ section, loaderData }: { section: ReportSection; loaderData: LoaderData }) {
  const { document: doc, html, can, reportId } = loaderData
  const entry = doc.narratives[section]
  const save = useFetcher<typeof action>()
  const preview = useFetcher<typeof action>()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(entry.markdown)
  const [showPreview, setShowPreview] = useState(false)
  useEffect(() => {
    if (save.state === 'idle' && save.data && 'saved' in save.data) setEditing(false)
  }, [save.state, save.data])
  const error = save.data && 'error' in save.data ? save.data.error : null
  const owner = section === 'highlights' ? 'any lead' : `the ${section} lead`
  const editable = can.edit[section]
  return (
    <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-4" aria-labelledby={`narrative-${section}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`narrative-${section}`} className="text-sm font-semibold text-slate-900">
          {section === 'highlights' ? REPORT_SECTION_LABELS.highlights : `${REPORT_SECTION_LABELS[section]}: the lead's narrative`}
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
        <save.Form method="post" className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="save-narrative" />
          <input type="hidden" name="reportId" value={reportId} />
          <input type="hidden" name="section" value={section} />
          <TextareaField
            label={`Narrative for ${REPORT_SECTION_LABELS[section].toLowerCase()} (Markdown)`}
            help="**bold**, _italic_, lists with -, links as [text](https://…). Shown to the council as written."
            errors={error ? [error] : undefined}
            textareaProps={{
              name: 'markdown',
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
                <div
                  className={`${NARRATIVE_CLASS} text-sm`}
                  dangerouslySetInnerHTML={{ __html: (preview.data && 'preview' in preview.data ? preview.data.preview : '') ?? '' }}
                />
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
              <save.Form method="post">
                <input type="hidden" name="reportId" value={reportId} />
                <input type="hidden" name="section" value={section} />
                <Button name="intent" value={entry.ready ? 'not-ready' : 'ready'} variant={entry.ready ? 'ghost' : 'primary'}>
                  {entry.ready
                    ? `Mark ${REPORT_SECTION_LABELS[section].toLowerCase()} not ready`
                    : `Mark ${REPORT_SECTION_LABELS[section].toLowerCase()} ready`}
                </Button>
              </save.Form>
            </div>
          ) : null}
          {error ? <FormErrors errors={[error]} /> : null}
        </>
      )}
    </div>
  )
}

export default function ReportRoute() {
  const loaderData = useLoaderData<typeof loader>()
  const { document: doc, versions, can, reportId, isLatest, generated } = loaderData
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const details = detailTables(doc)
  const notReady = REPORT_SECTIONS.filter((k) => !doc.narratives[k].ready)
  const formError =
    actionData && 'error' in actionData && ['publish', 'refresh', 'correct'].includes(actionData.section) ? actionData.error : null
  const paperQuery = `?version=${doc.version}`
  return (
    <>
      <PageHeader
        title={`${doc.quarter} report`}
        description={
          <>
            <StatusBadge status={doc.status} /> Version {doc.version} · {doc.period.start} to {doc.period.end} ({doc.period.timeZone}) ·
            numbers from {formatDateTime(doc.generatedAt, doc.period.timeZone)}
            {doc.publishedAt
              ? ` · published ${formatDateTime(doc.publishedAt, doc.period.timeZone)}${doc.publishedBy ? ` by ${doc.publishedBy}` : ''}`
              : ''}
          </>
        }
        actions={
          <nav aria-label="Downloads" className="flex flex-wrap gap-3 text-sm">
            <a className="text-brand-700 underline" href={`/reports/${doc.quarter}.md${paperQuery}`}>
              Markdown
            </a>
            <a className="text-brand-700 underline" href={`/reports/${doc.quarter}.json${paperQuery}`}>
              JSON
            </a>
            <a className="text-brand-700 underline" href={`/reports/${doc.quarter}.pdf${paperQuery}`}>
              PDF (A4)
            </a>
            <a className="text-brand-700 underline" href={`/reports/${doc.quarter}.pdf${paperQuery}&paper=letter`}>
              PDF (Letter)
            </a>
          </nav>
        }
      />
      <div className="space-y-6">
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
        {formError ? <FormErrors errors={[formError]} /> : null}

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
          {can.correct ? (
            <Form method="post" className="mt-4 max-w-lg space-y-2 border-t border-slate-100 pt-4">
              <Field
                label="Correct this report"
                help="Starts a new draft version with today's numbers and the same words; this version stays readable."
                inputProps={{ name: 'reason', type: 'text', placeholder: 'What is wrong, e.g. a donation imported late', required: true }}
              />
              <Button name="intent" value="correct" variant="secondary" disabled={busy}>
                Start version {doc.version + 1}
              </Button>
            </Form>
          ) : null}
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

        <Card title={REPORT_SECTION_LABELS.highlights}>
          <Narrative section="highlights" loaderData={loaderData} />
        </Card>

        {AREA_SECTIONS.map((section) => (
          <Card key={section} title={REPORT_SECTION_LABELS[section]}>
            <Headlines doc={doc} section={section} />
            <div className="mt-4 grid gap-6 lg:grid-cols-2">
              {doc.charts
                .filter((c) => c.section === section)
                .map((c) => (
                  <Chart key={c.name} chart={c} />
                ))}
            </div>
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              {details
                .filter((d) => d.section === section)
                .map((d) => (
                  <div key={d.title} className={d.columns.length > 4 ? 'overflow-x-auto lg:col-span-2' : ''}>
                    <h4 className="text-sm font-medium text-slate-800">{d.title}</h4>
                    {d.rows.length ? (
                      <table className="mt-1 w-full text-sm">
                        <thead className="text-left text-xs text-slate-600">
                          <tr>
                            {d.columns.map((c, i) => (
                              <th key={i} scope="col" className={i ? 'pl-3 text-right' : ''}>
                                {c}
                              </th>
                            ))}
                          </tr>
                        </thead>
                        <tbody className="divide-y divide-slate-100">
                          {d.rows.map((r, i) => (
                            <tr key={i}>
                              {r.map((c, j) => (
                                <td key={j} className={`py-1 ${j ? 'whitespace-nowrap pl-3 text-right tabular-nums' : ''}`}>
                                  {c}
                                </td>
                              ))}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : (
                      <p className="text-sm text-slate-500">{d.empty}</p>
                    )}
                  </div>
                ))}
            </div>
            <Narrative section={section} loaderData={loaderData} />
          </Card>
        ))}

        <Card title="Provenance">
          <p className="text-sm text-slate-700">
            Quarters and dates are computed in {doc.provenance.timeZone}. Money is in {doc.provenance.reportingCurrency} unless a currency
            is named, converted at the rate in force on each donation's date. — means a number cannot be computed from the data Steward
            holds.
          </p>
          {doc.provenance.exchangeRatesUsed.length ? (
            <p className="mt-2 text-sm text-slate-700">
              Exchange rates used: {doc.provenance.exchangeRatesUsed.map((r) => `${r.currency} ${r.rate} from ${r.validFrom}`).join('; ')}.
            </p>
          ) : null}
          <dl className="mt-3 grid gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-2">
            {AREA_SECTIONS.flatMap((section) =>
              Object.entries(doc.provenance.definitions[section]).map(([key, text]) => (
                <div key={`${section}-${key}`}>
                  <dt className="inline font-medium">
                    {REPORT_SECTION_LABELS[section]} · {key}:
                  </dt>{' '}
                  <dd className="inline">{text}</dd>
                </div>
              )),
            )}
          </dl>
        </Card>
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = ({ params }) => [{ title: `${params.quarter} report · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
