import { reportDownloadResponse } from '#app/domain/reports/download-response.server.ts'
import { publicOrigin } from '#app/utils/url.server.ts'
import { requireUser } from '#app/utils/session.server.ts'
import { parseQuarterParam } from '#app/utils/params.ts'
import type { Route } from './+types/reports.$quarter.pdf'

/** /reports/2025-Q3.pdf (?version=N for another version, ?paper=letter for US Letter). */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request)
  return reportDownloadResponse({
    quarter: parseQuarterParam(params.quarter),
    format: 'pdf',
    searchParams: new URL(request.url).searchParams,
    origin: publicOrigin(request),
  })
}
