// The words of This week: the kinds of task its estimate counts, with the labels the settings
// pages show beside their minutes. Browser-safe.

export const TASK_KINDS = [
  'openSlot',
  'postReview',
  'overdueThread',
  'internshipMilestone',
  'deadlineThisWeek',
  'deadlineLater',
  'sponsorRenewal',
  'reportSection',
  'reportPublish',
  'setupStep',
] as const
export type TaskKind = (typeof TASK_KINDS)[number]

export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  openSlot: 'Write and schedule a post for an open slot',
  postReview: 'Review a post',
  overdueThread: 'Answer a thread past the response target',
  internshipMilestone: 'An internship milestone',
  deadlineThisWeek: 'A grant deadline due within 7 days',
  deadlineLater: 'A grant deadline later in the next 30 days',
  sponsorRenewal: 'A sponsor renewal',
  reportSection: 'Write your quarterly report section',
  reportPublish: 'Read and publish a quarterly report',
  setupStep: 'A setup step left (admin)',
}
