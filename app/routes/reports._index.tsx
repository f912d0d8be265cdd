import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import { LEAD_ROLES } from '#app/domain/accounts/vocabulary.ts'
import { getReportsPage } from '#app/domain/reports/pages.server.ts'
import { generateReport } from '#app/domain/reports/reports.server.ts'
import { GenerateReportSchema } from '#app/domain/reports/schemas.ts'
import { REPORT_STATUS_LABELS } from '#app/domain/reports/vocabulary.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { StatusBadge } from '#app/components/reports/status-badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useDates } from '#app/utils/dates.tsx'
import { submitForm } from '#app/utils/form-actions.server.ts'
import { requireRole, requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/reports._index'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return getReportsPage({ user })
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ...LEAD_ROLES)
  const outcome = await submitForm(await request.formData(), GenerateReportSchema, (value) =>
    generateReport({ quarter: value.quarter, actor: user }),
  )
  if (!outcome.ok) return outcome.refusal
  const { report, outcome: generated } = outcome.result
  return redirect(`/reports/${report.quarter}?${new URLSearchParams({ generated })}`)
}

export default function ReportsRoute() {
  const { archive, timeZone, canGenerate, suggestedQuarter } = useLoaderData<typeof loader>()
  const dates = useDates(timeZone)
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { quarter: suggestedQuarter },
    constraint: getZodConstraint(GenerateReportSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GenerateReportSchema }),
  })
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  return (
    <>
      <PageHeader
        title="Reports"
        description="Quarterly reports to the Steering Council: the numbers of communications, community and fundraising, with each lead's own words. Published reports never change; a correction is a new version."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card title="Archive">
          {archive.length === 0 ? (
            <EmptyState title="No report yet">
              A draft appears here on the first day of each quarter.
              {canGenerate ? ' You can also generate one now with the form.' : ' The leads can also generate one at any time.'}
            </EmptyState>
          ) : (
            <table className="w-full text-sm [&_td]:pr-4 [&_th]:pr-4">
              <caption className="sr-only">Every quarter's report, newest first</caption>
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-2">
                    Quarter
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                  <th scope="col">Numbers from</th>
                  <th scope="col">Published</th>
                  <th scope="col">
                    <span className="sr-only">Downloads</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {archive.map(({ quarter, latest, versions }) => (
                  <tr key={quarter}>
                    <th scope="row" className="py-2 text-left">
                      <Link to={`/reports/${quarter}`} className="font-medium text-brand-700 underline">
                        {quarter}
                      </Link>
                    </th>
                    <td>
                      <StatusBadge status={latest.status} />
                    </td>
                    <td>
                      {latest.version}
                      {versions.length > 1 ? <span className="text-slate-500"> (of {versions.length})</span> : null}
                    </td>
                    <td>{dates.date(latest.generatedAt)}</td>
                    <td>
                      {latest.publishedAt
                        ? `${dates.date(latest.publishedAt)}${latest.publishedBy ? ` by ${latest.publishedBy}` : ''}`
                        : '—'}
                    </td>
                    <td className="space-x-2 text-right">
                      <a className="text-brand-700 underline" href={`/reports/${quarter}.md`}>
                        Markdown
                      </a>
                      <a className="text-brand-700 underline" href={`/reports/${quarter}.pdf`}>
                        PDF
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {canGenerate ? (
          <Card title="Generate or refresh a draft">
            <Form method="post" {...getFormProps(form)} className="space-y-3">
              <FormErrors errors={form.errors} />
              <Field
                label="Quarter"
                help={`Like 2025-Q3, in ${timeZone}. An open draft is refreshed with today's numbers; a published report is never changed.`}
                errors={fields.quarter.errors}
                inputProps={getInputProps(fields.quarter, { type: 'text' })}
              />
              <Button disabled={busy}>{busy ? 'Generating…' : 'Generate'}</Button>
            </Form>
          </Card>
        ) : null}
      </div>
      <p className="mt-4 text-xs text-slate-500">Statuses: {Object.values(REPORT_STATUS_LABELS).join(' → ')}.</p>
    </>
  )
}

export const meta: Route.MetaFunction = () => [{ title: 'Reports · Steward' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
