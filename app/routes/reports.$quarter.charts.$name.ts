import { data } from 'react-router'
import { CONTENT_TYPES, renderReportChart } from '#app/domain/reports/outputs.server.ts'
import { getReportDocument } from '#app/domain/reports/reports.server.ts'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/reports.$quarter.charts.$name'

/** /reports/2025-Q3/charts/<name>.svg: a chart drawn on the server, for the Markdown. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request)
  const version = Number(new URL(request.url).searchParams.get('version')) || undefined
  const doc = await getReportDocument(params.quarter, version)
  const svg = doc ? renderReportChart(doc, params.name) : undefined
  if (!svg) throw data({ message: 'No such chart' }, { status: 404 })
  return new Response(svg, { headers: { 'Content-Type': CONTENT_TYPES.svg, 'Cache-Control': 'private, no-cache' } })
}
