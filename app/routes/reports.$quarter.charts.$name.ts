import { reportChartResponse } from '#app/domain/reports/download-response.server.ts'
import { requireUser } from '#app/utils/session.server.ts'
import { parseQuarterParam, parseSlugParam } from '#app/utils/params.ts'
import type { Route } from './+types/reports.$quarter.charts.$name'

/** /reports/2025-Q3/charts/<name>.svg: a chart drawn on the server, for the Markdown. */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request)
  return reportChartResponse({
    quarter: parseQuarterParam(params.quarter),
    name: parseSlugParam(params.name, 'chart'),
    searchParams: new URL(request.url).searchParams,
  })
}
