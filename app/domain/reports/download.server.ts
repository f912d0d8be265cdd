import { data } from 'react-router'
import { CONTENT_TYPES, parsePaper, renderReport, reportFileName, type ReportFormat } from './outputs.server.ts'
import { getReportDocument } from './reports.server.ts'

/**
 * The file behind /reports/2025-Q3.{json,md,pdf}: ?version=N picks another version,
 * ?paper=letter US Letter for the PDF. A missing quarter or version is a 404.
 */
export async function reportDownload(input: { quarter: string; format: ReportFormat; searchParams: URLSearchParams; origin: string }) {
  const version = Number(input.searchParams.get('version')) || undefined
  const doc = await getReportDocument(input.quarter, version)
  if (!doc) throw data({ message: `There is no report for ${input.quarter}${version ? ` version ${version}` : ''}.` }, { status: 404 })
  const body = await renderReport(doc, input.format, { paper: parsePaper(input.searchParams.get('paper')), chartBaseUrl: input.origin })
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES[input.format],
      'Content-Disposition': `inline; filename="${reportFileName(doc, input.format)}"`,
      'Cache-Control': 'private, no-cache',
    },
  })
}
