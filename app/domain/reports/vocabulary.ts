// The words of the quarterly report: its statuses and its sections, each written once. Every other
// list of sections (the schema's check, the document, the pages, the Markdown and the PDF) is
// derived from these. Browser-safe.
import { LEAD_ROLES } from '#app/domain/accounts/vocabulary.ts'

export const REPORT_STATUSES = ['draft', 'in_review', 'published'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' }

/** The areas whose numbers the report carries, in the order it shows them: one per lead role. */
export const AREA_SECTIONS = LEAD_ROLES
export type AreaSection = (typeof AREA_SECTIONS)[number]

/** The parts of a report that carry a lead's narrative and a "ready" mark: the areas, then the highlights. */
export const REPORT_SECTIONS = [...AREA_SECTIONS, 'highlights'] as const
export type ReportSection = (typeof REPORT_SECTIONS)[number]

export const REPORT_SECTION_LABELS: Record<ReportSection, string> = {
  communications: 'Communications',
  community: 'Community',
  fundraising: 'Fundraising',
  highlights: 'Highlights and asks for the council',
}
