import { data, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import { LEAD_ROLES } from '#app/domain/accounts/vocabulary.ts'
import { detailTables } from '#app/domain/reports/detail-tables.ts'
import { getReportPage } from '#app/domain/reports/pages.server.ts'
import { renderNarrativeHtml } from '#app/domain/reports/render-narrative.server.ts'
import { correctReport, generateReport, publishReport, saveNarrative, setSectionReady } from '#app/domain/reports/reports.server.ts'
import {
  CorrectionSchema,
  NarrativePreviewSchema,
  NarrativeSchema,
  PublishReportSchema,
  SectionReadySchema,
} from '#app/domain/reports/schemas.ts'
import { AREA_SECTIONS, REPORT_SECTION_LABELS } from '#app/domain/reports/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { NarrativeEditor } from '#app/components/reports/narrative-editor.tsx'
import { DetailTableView, Headlines, ProvenanceCard, ReportChart } from '#app/components/reports/report-numbers.tsx'
import { ReportNotices, ReportStandingCard } from '#app/components/reports/report-workflow.tsx'
import { StatusBadge } from '#app/components/reports/status-badge.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { FormErrors } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { NoFieldsSchema, submitForm } from '#app/utils/form-actions.server.ts'
import { type CurrentUser, requireRole, requireUser } from '#app/utils/session.server.ts'
import { optionalCountParam, parseQuarterParam } from '#app/utils/params.ts'
import type { Route } from './+types/reports.$quarter'

/** ?version=N picks another version than the latest. */
function versionParam(request: Request) {
  return optionalCountParam(new URL(request.url).searchParams.get('version'))
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const page = await getReportPage({ user, quarter: parseQuarterParam(params.quarter), version: versionParam(request) })
  if (!page)
    throw data(
      { message: `There is no report for ${params.quarter} yet. A lead or an admin can generate it from Reports.` },
      { status: 404 },
    )
  return page
}

/** The narrative editor's preview: the Markdown as the council will see it. */
async function previewNarrative(formData: FormData) {
  const outcome = await submitForm(formData, NarrativePreviewSchema, async (value) => renderNarrativeHtml(value.markdown), {
    answer: { intent: 'preview' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'preview' as const, result: outcome.submission.reply(), preview: outcome.result }
}

/** A lead saves their section's narrative. */
async function writeNarrative(formData: FormData, actor: CurrentUser) {
  const outcome = await submitForm(formData, NarrativeSchema, (value) => saveNarrative({ ...value, actor }), {
    answer: { intent: 'save-narrative' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent: 'save-narrative' as const, result: outcome.submission.reply(), saved: outcome.submission.value.section }
}

/** A lead marks their section ready for the council, or takes the mark back. */
async function markSection(formData: FormData, actor: CurrentUser, ready: boolean) {
  const intent = ready ? ('ready' as const) : ('not-ready' as const)
  const outcome = await submitForm(formData, SectionReadySchema, (value) => setSectionReady({ ...value, ready, actor }), {
    answer: { intent },
  })
  if (!outcome.ok) return outcome.refusal
  return { intent, result: outcome.submission.reply(), saved: outcome.submission.value.section }
}

/** The leads refresh the draft's numbers; the page says what happened. */
async function refreshNumbers(formData: FormData, quarter: string, actor: CurrentUser) {
  const outcome = await submitForm(formData, NoFieldsSchema, () => generateReport({ quarter, actor }), {
    answer: { intent: 'refresh' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(`/reports/${quarter}?generated=${outcome.result.outcome}`)
}

/** The council publishes: the numbers and the words freeze. */
async function publish(formData: FormData, quarter: string, actor: CurrentUser) {
  const outcome = await submitForm(formData, PublishReportSchema, (value) => publishReport({ ...value, actor }), {
    answer: { intent: 'publish' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(`/reports/${quarter}`)
}

/** A published report gets a new draft version, saying why. */
async function startCorrection(formData: FormData, quarter: string, actor: CurrentUser) {
  const outcome = await submitForm(formData, CorrectionSchema, (value) => correctReport({ quarter, reason: value.reason, actor }), {
    answer: { intent: 'correct' as const },
  })
  if (!outcome.ok) return outcome.refusal
  return redirect(`/reports/${quarter}`)
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request)
  const quarter = parseQuarterParam(params.quarter)
  const formData = await request.formData()
  const intent = formData.get('intent')
  switch (intent) {
    case 'preview':
      return previewNarrative(formData)
    case 'save-narrative':
      return writeNarrative(formData, user)
    case 'ready':
    case 'not-ready':
      return markSection(formData, user, intent === 'ready')
    case 'refresh':
      return refreshNumbers(formData, quarter, await requireRole(request, ...LEAD_ROLES))
    case 'publish':
      return publish(formData, quarter, await requireRole(request, 'council'))
    case 'correct':
      return startCorrection(formData, quarter, user)
    default:
      throw data({ message: 'Unknown action' }, { status: 400 })
  }
}

export default function ReportRoute() {
  const page = useLoaderData<typeof loader>()
  const { document: doc, isLatest } = page
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  const details = detailTables(doc)
  const pageErrors =
    actionData?.intent === 'publish' || actionData?.intent === 'refresh'
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : []
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
        <ReportNotices doc={doc} isLatest={isLatest} generated={searchParams.get('generated')} />
        {pageErrors.length ? <FormErrors errors={pageErrors} /> : null}

        <ReportStandingCard page={page} busy={busy} correctionResult={actionData?.intent === 'correct' ? actionData.result : undefined} />

        <Card title={REPORT_SECTION_LABELS.highlights}>
          <NarrativeEditor section="highlights" page={page} />
        </Card>

        {AREA_SECTIONS.map((section) => (
          <Card key={section} title={REPORT_SECTION_LABELS[section]}>
            <Headlines doc={doc} section={section} />
            <div className="mt-4 grid gap-6 lg:grid-cols-2">
              {doc.charts
                .filter((c) => c.section === section)
                .map((c) => (
                  <ReportChart key={c.name} chart={c} />
                ))}
            </div>
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              {details
                .filter((d) => d.section === section)
                .map((d) => (
                  <DetailTableView key={d.title} table={d} />
                ))}
            </div>
            <NarrativeEditor section={section} page={page} />
          </Card>
        ))}

        <ProvenanceCard doc={doc} />
      </div>
    </>
  )
}

export const meta: Route.MetaFunction = ({ params }) => [{ title: `${params.quarter} report · Steward` }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
