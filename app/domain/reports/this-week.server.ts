import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { minutesFor, type WeekContext } from '#app/domain/this-week/context.ts'
import type { WeekCard, WeekCardItem } from '#app/domain/this-week/week.ts'
import { REPORT_SECTION_LABELS, REPORT_SECTIONS, type ReportSection } from './vocabulary.ts'
import { sectionsOwnedBy } from './permissions.ts'
import { getReportDocument, listOpenReports, listReportArchive } from './reports.server.ts'
import { formatChange, formatValue } from './number-format.ts'

const STATUS_PHRASES = { draft: 'a draft', in_review: 'in review', published: 'published' } as const
const CARD_HEADLINES = ['postsPublished', 'newContributors', 'timeToFirstResponseHours.issues.median', 'totals.net']

export interface PendingReportSections {
  quarter: string
  version: number
  status: 'draft' | 'in_review'
  /** the sections this role still has to write and mark ready */
  sections: ReportSection[]
}

/**
 * For the leads' This week cards (owned by their areas): the open reports in which a section of
 * theirs is not marked ready yet. `highlights` concerns every lead.
 */
export async function pendingReportSectionsFor(role: Role): Promise<PendingReportSections[]> {
  const owned = sectionsOwnedBy(role)
  if (!owned.length) return []
  const open = await listOpenReports()
  return open
    .map((r) => ({
      quarter: r.quarter,
      version: r.version,
      status: r.status as 'draft' | 'in_review',
      sections: owned.filter((s) => !r.ready[s]),
    }))
    .filter((r) => r.sections.length > 0)
}

/**
 * Ready-made items for a lead's This week card: one per open report with sections of theirs
 * not ready, and the minutes it will take (about 30 per section to write and check).
 */
export async function reportWeekItemsFor(role: Role, perSection = 30): Promise<{ items: WeekCardItem[]; minutes: number }> {
  const pending = await pendingReportSectionsFor(role)
  const items = pending.map((p) => ({
    label: `Quarterly report ${p.quarter}: ${p.sections.map((s) => REPORT_SECTION_LABELS[s].toLowerCase()).join(' and ')} not ready`,
    detail: 'Write your narrative and mark your section ready for the council.',
    href: `/reports/${p.quarter}`,
    tone: 'urgent' as const,
  }))
  return { items, minutes: pending.reduce((sum, p) => sum + perSection * p.sections.length, 0) }
}

/** The Steering Council card on This week: the latest report, its status, and what awaits them. */
export async function councilWeekCard(context: WeekContext): Promise<WeekCard> {
  const perReport = minutesFor(context).reportPublish
  const [archive, open] = await Promise.all([listReportArchive(), listOpenReports()])
  const items: WeekCardItem[] = []
  let minutes = 0
  for (const report of open) {
    const missing = REPORT_SECTIONS.filter((s) => !report.ready[s])
    const href = `/reports/${report.quarter}`
    if (missing.length === 0 && report.status === 'in_review') {
      items.push({
        label: `Publish the ${report.quarter} report`,
        detail: 'Every section is ready: read it and publish it.',
        href,
        tone: 'urgent',
      })
      minutes += perReport
    } else {
      items.push({
        label: `${report.quarter} report: ${STATUS_PHRASES[report.status]}`,
        detail: `Waiting for the leads: ${missing.map((s) => REPORT_SECTION_LABELS[s].toLowerCase()).join(', ')}.`,
        href,
        tone: 'normal',
      })
    }
  }
  const latestPublished = archive.find((q) => q.versions.some((v) => v.status === 'published'))
  const published = latestPublished?.versions.find((v) => v.status === 'published')
  if (latestPublished && published) {
    items.push({
      label: `${latestPublished.quarter} report published (version ${published.version})`,
      href: `/reports/${latestPublished.quarter}`,
      tone: 'done',
    })
  }
  const toPublish = items.filter((i) => i.tone === 'urgent').length
  const latest = archive[0]
  // The headline numbers of the latest published report, with their change on the quarter before.
  const shown = latestPublished ? await getReportDocument(latestPublished.quarter, published?.version) : undefined
  for (const key of CARD_HEADLINES) {
    const h = shown?.headlines.find((x) => x.key === key)
    if (!h || !shown) continue
    items.push({
      label: `${h.label}: ${formatValue(h.unit, h.value, h.currency)}`,
      detail: `${formatChange(h, h.changeVsPrevious)} vs ${shown.previousQuarter}`,
      href: `/reports/${shown.quarter}`,
      tone: 'normal',
    })
  }
  return {
    key: 'council',
    role: 'council',
    title: 'Steering Council',
    summary: toPublish
      ? `${toPublish === 1 ? 'A quarterly report is' : `${toPublish} quarterly reports are`} ready for you to publish.`
      : latest
        ? `The latest report, ${latest.quarter}, is ${STATUS_PHRASES[latest.latest.status]}; nothing awaits you.`
        : 'No quarterly report is waiting for you.',
    items,
    minutes,
    minutesExplained: toPublish
      ? `About ${perReport} minutes to read and publish each report ready for you`
      : 'Nothing to publish this week',
    href: '/reports',
    emptyText: 'Quarterly reports appear in Reports once drafted, on the first day of each quarter.',
  }
}
