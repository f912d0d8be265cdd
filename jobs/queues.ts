/**
 * Every pg-boss queue by name: what the web process, the command line and the worker agree on.
 * Kept apart from the job definitions so the domain can queue work (`enqueueJob`) without
 * importing the jobs that call back into it.
 */
export const QUEUES = {
  cleanupExpired: 'accounts.cleanup-expired',
  githubSync: 'community.github-sync',
  sourcesSync: 'community.sources-sync',
  deriveNotifications: 'notifications.derive',
  weeklyDigest: 'notifications.weekly-digest',
  quarterlyReportDraft: 'reports.quarterly-draft',
  embeddedBackup: 'db.embedded-backup',
  sendEmail: 'email.send',
  emailSweep: 'email.sweep',
  publishPost: 'communications.publish-post',
  publishSweep: 'communications.publish-sweep',
  reachSnapshot: 'communications.reach-snapshot',
  fundingSync: 'fundraising.funding-sync',
  exchangeRates: 'fundraising.exchange-rates',
} as const

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]
