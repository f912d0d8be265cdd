import { cleanupExpiredJob } from './cleanup-expired.ts'
import type { JobDefinition } from './define.ts'
import { quarterlyReportDraftJob } from './quarterly-report-draft.ts'

/** Every background job Steward runs. */
export const JOBS: JobDefinition[] = [cleanupExpiredJob, quarterlyReportDraftJob]
