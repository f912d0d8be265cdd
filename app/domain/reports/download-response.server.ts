// The HTTP answers behind the report's downloads: the resource routes check access, then call these.
import { data } from 'react-router'
import { CONTENT_TYPES, parsePaper, renderReport, renderReportChart, reportFileName, type ReportFormat } from './render-report.server.ts'
import { getReportDocument } from './reports.server.ts'
import { optionalCountParam } from '#app/utils/params.ts'

/** ?version=N picks another version than the latest. */
function versionOf(searchParams: URLSearchParams) {
  return optionalCountParam(searchParams.get('version'))
}

/**
 * The file behind /reports/2025-Q3.{json,md,pdf}: ?version=N picks another version,
 * ?paper=letter US Letter for the PDF. A missing quarter or version is a 404.
 */
export async function reportDownloadResponse(input: {
  quarter: string
  format: ReportFormat
  searchParams: URLSearchParams
  origin: string
}) {
  const version = versionOf(input.searchParams)
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

/** /reports/2025-Q3/charts/<name>.svg: a chart drawn on the server, for the Markdown. A missing one is a 404. */
export async function reportChartResponse(input: { quarter: string; name: string; searchParams: URLSearchParams }) {
  const doc = await getReportDocument(input.quarter, versionOf(input.searchParams))
  const svg = doc ? renderReportChart(doc, input.name) : undefined
  if (!svg) throw data({ message: 'No such chart' }, { status: 404 })
  return new Response(svg, { headers: { 'Content-Type': CONTENT_TYPES.svg, 'Cache-Control': 'private, no-cache' } })
}
