// Assembles a quarter's numbers from the areas' section providers. The providers are injected:
// the report depends only on the contract (contract.ts), and tests feed fixed datasets.
import { type QuarterId, quarterPeriod, shiftQuarter } from '#app/utils/time.ts'
import type { CommunicationsSection, CommunitySection, FundraisingSection, QuarterInput } from './contract.ts'
import { buildCharts, buildHeadlines, type QuarterSections, type ReportData } from './document.ts'

export interface SectionProviders {
  communications: (input: QuarterInput) => Promise<CommunicationsSection>
  community: (input: QuarterInput) => Promise<CommunitySection>
  fundraising: (input: QuarterInput) => Promise<FundraisingSection>
}

export function quarterInput(quarter: QuarterId, timeZone: string): QuarterInput {
  const { start, end } = quarterPeriod(quarter, timeZone)
  return { quarter, start, end, timeZone }
}

async function sectionsOf(quarter: QuarterId, timeZone: string, providers: SectionProviders): Promise<QuarterSections> {
  const input = quarterInput(quarter, timeZone)
  // A quarter's three sections one after the other (the quarters themselves run side by side).
  const communications = await providers.communications(input)
  const community = await providers.community(input)
  const fundraising = await providers.fundraising(input)
  return { quarter, communications, community, fundraising }
}

/** The quarter's sections, compared with the previous quarter and the same quarter a year before. */
export async function assembleReportData(input: {
  quarter: QuarterId
  projectName: string
  timeZone: string
  providers: SectionProviders
  now: Date
}): Promise<ReportData> {
  const { quarter, timeZone, providers } = input
  const previousQuarter = shiftQuarter(quarter, -1)
  const sameQuarterLastYear = shiftQuarter(quarter, -4)
  // The three quarters side by side: parallel on PostgreSQL, queued on the embedded database.
  const [current, previous, yearBefore] = await Promise.all([
    sectionsOf(quarter, timeZone, providers),
    sectionsOf(previousQuarter, timeZone, providers),
    sectionsOf(sameQuarterLastYear, timeZone, providers),
  ])
  const { start, end } = quarterPeriod(quarter, timeZone)
  return {
    projectName: input.projectName,
    quarter,
    period: { start: start.toISODate()!, end: end.minus({ days: 1 }).toISODate()!, timeZone },
    previousQuarter,
    sameQuarterLastYear,
    generatedAt: input.now.toISOString(),
    communications: current.communications,
    community: current.community,
    fundraising: current.fundraising,
    headlines: buildHeadlines(current, previous, yearBefore),
    charts: buildCharts(current),
  }
}
