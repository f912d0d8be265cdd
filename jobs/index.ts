import { cleanupExpiredJob } from './cleanup-expired.ts'
import type { JobDefinition } from './define.ts'
import { embeddedBackupJob } from './embedded-backup.ts'
import { emailSweepJob } from './email-sweep.ts'
import { exchangeRatesJob } from './exchange-rates.ts'
import { fundingSyncJob } from './funding-sync.ts'
import { githubSyncJob } from './github-sync.ts'
import { grantDeadlineRemindersJob } from './grant-deadline-reminders.ts'
import { quarterlyReportDraftJob } from './quarterly-report-draft.ts'
import { sendEmailJob } from './send-email.ts'

/** Every background job Steward runs. */
export const JOBS: JobDefinition[] = [
  cleanupExpiredJob,
  githubSyncJob as JobDefinition,
  grantDeadlineRemindersJob,
  quarterlyReportDraftJob,
  embeddedBackupJob,
  sendEmailJob as JobDefinition,
  emailSweepJob,
  fundingSyncJob as JobDefinition,
  exchangeRatesJob,
]
