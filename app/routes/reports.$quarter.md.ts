import { data } from 'react-router'
import { CONTENT_TYPES, parsePaper, renderReport, reportFileName } from '#app/domain/reports/outputs.server.ts'
import { getReportDocument } from '#app/domain/reports/reports.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import { requireUser } from '#app/utils/session.server.ts'
import type { Route } from './+types/reports.$quarter.md'

/** /reports/2025-Q3.md (?version=N for another version). */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request)
  const url = new URL(request.url)
  const version = Number(url.searchParams.get('version')) || undefined
  const doc = await getReportDocument(params.quarter, version)
  if (!doc) throw data({ message: `There is no report for ${params.quarter}${version ? ` version ${version}` : ''}.` }, { status: 404 })
  const body = await renderReport(doc, 'md', { paper: parsePaper(url.searchParams.get('paper')), chartBaseUrl: publicOrigin(request) })
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES.md,
      'Content-Disposition': `inline; filename="${reportFileName(doc, 'md')}"`,
      'Cache-Control': 'private, no-cache',
    },
  })
}
