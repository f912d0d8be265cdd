// What each reports page shows, one function per page (get<Name>Page): the route checks access,
// reads its parameters and returns what the function gives.
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { canCorrectReports, canEditSection, canGenerateReports, canPublishReports } from './permissions.ts'
import { renderNarrativeHtml } from './render-narrative.server.ts'
import { findReportWithVersions, listReportArchive } from './reports.server.ts'
import { lastEndedQuarter } from './schemas.ts'
import { REPORT_SECTIONS, type ReportSection } from './vocabulary.ts'

type Viewer = { roles: readonly Role[] }

/** /reports: the archive, and the quarter a new draft is usually for. */
export async function getReportsPage(input: { user: Viewer; now?: Date }) {
  const [archive, settings] = await Promise.all([listReportArchive(), getOrganisationSettings()])
  return {
    archive,
    timeZone: settings.timeZone,
    canGenerate: canGenerateReports(input.user.roles),
    suggestedQuarter: lastEndedQuarter(input.now ?? new Date(), settings.timeZone),
  }
}

/**
 * /reports/2025-Q3: one version of the quarter's report (the latest unless `version`), its
 * narratives as safe HTML, the other versions, and what this person may do with it. Undefined
 * when the quarter or the version has no report.
 */
export async function getReportPage(input: { user: Viewer; quarter: string; version?: number }) {
  const found = await findReportWithVersions(input.quarter, input.version)
  if (!found) return undefined
  const { report, document, versions } = found
  const { roles } = input.user
  const open = report.status !== 'published'
  const latestVersion = versions.at(-1)!.version
  return {
    reportId: report.id,
    document,
    html: Object.fromEntries(REPORT_SECTIONS.map((s) => [s, renderNarrativeHtml(document.narratives[s].markdown)])) as Record<
      ReportSection,
      string
    >,
    versions,
    isLatest: report.version === latestVersion,
    can: {
      edit: Object.fromEntries(REPORT_SECTIONS.map((s) => [s, open && canEditSection(roles, s)])) as Record<ReportSection, boolean>,
      refresh: open && canGenerateReports(roles),
      publish: open && canPublishReports(roles),
      correct: !open && report.version === latestVersion && canCorrectReports(roles),
    },
  }
}

export type ReportPage = NonNullable<Awaited<ReturnType<typeof getReportPage>>>
