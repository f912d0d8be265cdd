// The registry: every notification producer Steward runs, each owned by its area. To add a kind,
// add it to NOTIFICATION_KINDS (vocabulary.ts) with its label and defaults, write one producer
// with defineProducer in your area's notifications.server.ts, and list it here.
import { invitationExpiringProducer } from '#app/domain/accounts/notifications.server.ts'
import { openSlotProducer, postFailedProducer } from '#app/domain/communications/notifications.server.ts'
import { githubSyncFailedProducer, sourceSyncFailedProducer, triageOverdueProducer } from '#app/domain/community/notifications.server.ts'
import {
  fundingSyncFailedProducer,
  grantDeadlineProducer,
  importFailedProducer,
  sponsorRenewalProducer,
} from '#app/domain/fundraising/notifications.server.ts'
import { reportReadyProducer, reportSectionProducer } from '#app/domain/reports/notifications.server.ts'
import type { NotificationProducer } from './producer.ts'

export const PRODUCERS: NotificationProducer[] = [
  grantDeadlineProducer,
  sponsorRenewalProducer,
  openSlotProducer,
  triageOverdueProducer,
  githubSyncFailedProducer,
  sourceSyncFailedProducer,
  fundingSyncFailedProducer,
  importFailedProducer,
  postFailedProducer,
  reportSectionProducer,
  reportReadyProducer,
  invitationExpiringProducer,
]
