// The words of notifications: which kinds exist, how each can reach a person, and the defaults per
// role. Browser-safe: the schema, the domain, routes and components read them from here.
import type { Role } from '#app/domain/accounts/vocabulary.ts'

/**
 * Every kind of notification. A new kind is one entry here (label, who gets it by default, how)
 * plus one producer in ./producers.server.ts — see docs/decisions/018-notifications-derived-by-producers.md.
 */
export const NOTIFICATION_KINDS = [
  'grant-deadline',
  'sponsor-renewal',
  'cadence-slot-open',
  'triage-overdue',
  'sync-failed',
  'funding-sync-failed',
  'import-failed',
  'post-failed',
  'report-section-waiting',
  'report-ready-to-publish',
  'invitation-expiring',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Kinds that mean something is already late: the digest lists them under "Late". */
export const LATE_KINDS: readonly NotificationKind[] = [
  'triage-overdue',
  'sync-failed',
  'funding-sync-failed',
  'import-failed',
  'post-failed',
]

/** Kinds a person can dismiss on /notifications: they then stay done for them even while still found. */
export const DISMISSIBLE_KINDS: readonly NotificationKind[] = ['import-failed']

/** The preference row (kind column) that turns a person's Monday digest on ('email', the default) or off. */
export const DIGEST_PREFERENCE = 'weekly-digest' as const
export const PREFERENCE_KINDS = [...NOTIFICATION_KINDS, DIGEST_PREFERENCE] as const
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number]

/** How a notification reaches a person: in Steward only, e-mailed at once, gathered in the weekly digest, or not at all. */
export const DELIVERIES = ['in_app', 'email', 'digest', 'off'] as const
export type Delivery = (typeof DELIVERIES)[number]

export const DELIVERY_LABELS: Record<Delivery, string> = {
  in_app: 'In Steward only',
  email: 'E-mail at once',
  digest: 'In the weekly digest',
  off: 'Off',
}

export interface NotificationKindInfo {
  label: string
  /** one line for the settings page: when it comes */
  description: string
  /** the roles it concerns (a person sees the setting when they hold one of them) */
  roles: readonly Role[]
  /** the default delivery; by role where the roles differ */
  defaultDelivery: Delivery
  defaultByRole?: Partial<Record<Role, Delivery>>
}

export const NOTIFICATION_KIND_INFO: Record<NotificationKind, NotificationKindInfo> = {
  'grant-deadline': {
    label: 'Grant and report deadlines',
    description: '30, 7 and 1 days before a grant deadline (letter of intent, proposal, report, renewal)',
    roles: ['fundraising'],
    defaultDelivery: 'email',
  },
  'sponsor-renewal': {
    label: 'Sponsor renewals',
    description: '30, 7 and 1 days before an active sponsor renews',
    roles: ['fundraising'],
    defaultDelivery: 'digest',
  },
  'cadence-slot-open': {
    label: 'Cadence slots without a post',
    description: 'a cadence slot in the next 48 hours has no post scheduled',
    roles: ['communications'],
    defaultDelivery: 'email',
  },
  'triage-overdue': {
    label: 'Threads past the response target',
    description: 'an issue or discussion waited longer than the response target for a first reply',
    roles: ['community'],
    defaultDelivery: 'digest',
  },
  'sync-failed': {
    label: 'Failed syncs',
    description: 'a sync with GitHub, a forum or the mailbox failed',
    roles: ['admin', 'community'],
    defaultDelivery: 'in_app',
    defaultByRole: { admin: 'email' },
  },
  'funding-sync-failed': {
    label: 'Failed donation syncs',
    description: 'a sync with Open Collective or GitHub Sponsors failed',
    roles: ['admin', 'fundraising'],
    defaultDelivery: 'in_app',
    defaultByRole: { fundraising: 'email' },
  },
  'import-failed': {
    label: 'Failed donation imports',
    description: 'a donation file import failed and no later import of that kind has succeeded',
    roles: ['admin', 'fundraising'],
    defaultDelivery: 'in_app',
    defaultByRole: { fundraising: 'email' },
  },
  'post-failed': {
    label: 'Posts that failed to publish',
    description: 'a scheduled post could not be published on a connected Mastodon or Bluesky channel',
    roles: ['communications'],
    defaultDelivery: 'email',
  },
  'report-section-waiting': {
    label: 'Your quarterly report section',
    description: 'a quarterly report draft waits for your section',
    roles: ['communications', 'community', 'fundraising'],
    defaultDelivery: 'email',
  },
  'report-ready-to-publish': {
    label: 'Quarterly report ready',
    description: 'every section of a quarterly report is ready for the council',
    roles: ['council'],
    defaultDelivery: 'email',
  },
  'invitation-expiring': {
    label: 'Invitations about to expire',
    description: 'someone has not accepted their invitation and it expires within two days',
    roles: ['admin'],
    defaultDelivery: 'in_app',
  },
}

/** The delivery a person gets without a choice of their own: the strongest their roles ask for. */
export function defaultDelivery(kind: NotificationKind, roles: readonly Role[]): Delivery {
  const info = NOTIFICATION_KIND_INFO[kind]
  const byRole = roles.filter((r) => info.roles.includes(r)).map((r) => info.defaultByRole?.[r] ?? info.defaultDelivery)
  if (byRole.length === 0) return info.defaultDelivery
  const strength: Delivery[] = ['email', 'in_app', 'digest', 'off']
  return strength.find((d) => byRole.includes(d)) ?? info.defaultDelivery
}

/** The kinds a person with these roles can receive (the rows of their settings). */
export function kindsFor(roles: readonly Role[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => NOTIFICATION_KIND_INFO[k].roles.some((r) => roles.includes(r)))
}
