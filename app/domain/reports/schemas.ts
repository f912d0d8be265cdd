// The report's forms: generating a draft, the leads' narratives and ready marks, publishing, correcting.
import { z } from 'zod'
import { isQuarterId, quarterOf, shiftQuarter } from '#app/utils/time.ts'
import { REPORT_SECTIONS } from './vocabulary.ts'

export const QuarterSchema = z
  .string({ message: 'Enter a quarter, like 2025-Q3' })
  .trim()
  .toUpperCase()
  .refine(isQuarterId, { message: 'Use the form 2025-Q3 (year, then Q1 to Q4)' })

export const GenerateReportSchema = z.object({ quarter: QuarterSchema })

const reportId = z.string({ message: 'Choose a report' })

/** The publish button: the version to publish. */
export const PublishReportSchema = z.object({ reportId })

/** A section's "ready" mark, set or taken back. */
export const SectionReadySchema = z.object({ reportId, section: z.enum(REPORT_SECTIONS) })

/** A lead's narrative for a section, in Markdown. */
export const NarrativeSchema = SectionReadySchema.extend({
  markdown: z.string().max(20_000, 'Keep it under 20,000 characters').optional().default(''),
})

/** The editor's preview: whatever is in the box, rendered. */
export const NarrativePreviewSchema = z.object({ markdown: z.string().optional().default('') })

export const CorrectionSchema = z.object({
  reason: z
    .string({ message: 'Say what the correction is for' })
    .trim()
    .min(3, 'Say what the correction is for')
    .max(500, 'At most 500 characters'),
})

/** The quarter that ended last, in the project's time zone: what a new draft is usually for. */
export function lastEndedQuarter(now: Date, timeZone: string) {
  return shiftQuarter(quarterOf(now, timeZone), -1)
}
