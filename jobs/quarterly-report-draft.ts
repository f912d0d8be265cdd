import { z } from 'zod'
import { createDueDraft } from '#app/domain/reports/reports.server.ts'
import { defineJob } from './define.ts'
import { QUEUES } from './queues.ts'

/**
 * Hourly: on the first day of each quarter in the project's time zone (which is a setting, so the
 * cron cannot carry it), creates the draft of the quarter just ended. Missed runs catch up during
 * the quarter's first week; an existing report is never touched. The leads see the draft on their
 * This week cards (pendingReportSectionsFor).
 */
export const quarterlyReportDraftJob = defineJob({
  name: QUEUES.quarterlyReportDraft,
  payload: z.object({}).loose(),
  schedule: { cron: '7 * * * *', timeZone: 'UTC' },
  async handler() {
    return createDueDraft()
  },
})
