import { cleanupExpiredJob } from './cleanup-expired.ts'
import type { JobDefinition } from './define.ts'
import { embeddedBackupJob } from './embedded-backup.ts'
import { emailSweepJob } from './email-sweep.ts'
import { exchangeRatesJob } from './exchange-rates.ts'
import { fundingSyncJob } from './funding-sync.ts'
import { githubSyncJob } from './github-sync.ts'
import { deriveNotificationsJob } from './notifications-derive.ts'
import { publishPostJob } from './publish-post.ts'
import { publishSweepJob } from './publish-sweep.ts'
import { reachSnapshotJob } from './reach-snapshot.ts'
import { quarterlyReportDraftJob } from './quarterly-report-draft.ts'
import { sendEmailJob } from './send-email.ts'
import { sourcesSyncJob } from './sources-sync.ts'
import { weeklyDigestJob } from './weekly-digest.ts'

/** Every background job Steward runs. */
export const JOBS: JobDefinition[] = [
  cleanupExpiredJob,
  githubSyncJob as JobDefinition,
  sourcesSyncJob as JobDefinition,
  deriveNotificationsJob,
  quarterlyReportDraftJob,
  embeddedBackupJob,
  sendEmailJob as JobDefinition,
  emailSweepJob,
  publishPostJob as JobDefinition,
  publishSweepJob,
  reachSnapshotJob,
  weeklyDigestJob,
  fundingSyncJob as JobDefinition,
  exchangeRatesJob,
]
