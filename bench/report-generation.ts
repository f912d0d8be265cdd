// Times the quarterly report on the configured database (DATABASE_URL or STEWARD_DATA_DIR) with
// the areas' real section providers: `node --import tsx bench/report-generation.ts [2025-Q3] [runs]`.
// The target: under 2 seconds per generation on the benchmark dataset.
import { withDatabase } from '#bin/context.ts'
import { generateReport, getReportDocument } from '#app/domain/reports/reports.server.ts'
import { renderReport } from '#app/domain/reports/render-report.server.ts'
import { lastEndedQuarter } from '#app/domain/reports/schemas.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'

const runs = Number(process.argv[3] ?? 5)
await withDatabase('bench report', async () => {
  const { timeZone } = await getOrganisationSettings()
  const quarter = process.argv[2] ?? lastEndedQuarter(new Date(), timeZone)
  const times: { generate: number; pdf: number }[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const { outcome } = await generateReport({ quarter, actor: null })
    const generated = performance.now()
    await renderReport((await getReportDocument(quarter))!, 'pdf')
    times.push({ generate: generated - start, pdf: performance.now() - generated })
    if (outcome === 'published')
      console.log(`${quarter} is published: generation reads the frozen report; pick an open quarter to time the assembly`)
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log(
    JSON.stringify({
      quarter,
      runs,
      generateMsMedian: Math.round(median(times.map((t) => t.generate))),
      generateMsMax: Math.round(Math.max(...times.map((t) => t.generate))),
      pdfMsMedian: Math.round(median(times.map((t) => t.pdf))),
    }),
  )
})
