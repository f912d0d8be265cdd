// Reports (issue 6): generating a quarter's report with the real section providers on the
// benchmark dataset (the community, fundraising and communications suites' data) must take under
// 2 seconds. The first run creates the draft, later runs refresh it (the same assembly).
import { renderReport } from '#app/domain/reports/render-report.server.ts'
import { generateReport, getReportDocument } from '#app/domain/reports/reports.server.ts'
import { lastEndedQuarter } from '#app/domain/reports/schemas.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { measure, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const reportsSuite: BenchSuite = {
  name: 'reports',
  needs: ['community', 'fundraising', 'communications'],
  async seed() {
    // Reads what the other areas seeded; nothing of its own.
  },
  async run({ users, now }) {
    const { timeZone } = await getOrganisationSettings()
    const quarter = lastEndedQuarter(now, timeZone)
    const actor = { id: users.admin.id, roles: users.admin.roles }
    const results: BenchResult[] = []
    results.push(
      await measure(
        `generate the ${quarter} report (real providers)`,
        async () => {
          const { outcome } = await generateReport({ quarter, actor, now })
          if (outcome === 'published') throw new Error(`${quarter} is published: the benchmark must time an open quarter`)
        },
        { runs: 10, warmup: 1, targetMs: 2_000, budgetMs: 30_000 },
      ),
    )
    const document = await getReportDocument(quarter)
    if (!document) throw new Error(`no ${quarter} report after generating it`)
    results.push(
      await measure(`render the ${quarter} report as PDF`, () => renderReport(document, 'pdf'), {
        runs: 5,
        warmup: 1,
        budgetMs: 15_000,
        minRuns: 3,
      }),
    )
    return results
  },
}
