// What a notification producer is: one small function per kind that looks at the data as it is
// now and says who should be told about what. The runner (notifications.server.ts) does the rest:
// it adds what is new (once, by key), e-mails it when the person asked for that, and marks done
// whatever a producer no longer finds. Producers live in their area and are listed in
// ./producers.server.ts.
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import type { OrganisationSettings } from '#app/domain/settings/organisation.ts'
import type { NotificationKind } from './vocabulary.ts'

export interface ProducerContext {
  now: Date
  /** today's date in the project's time zone */
  today: string
  settings: OrganisationSettings
}

export interface ProducedNotification {
  /** what it is about, stable across runs (a deadline's id, a slot's channel and start) */
  subject: string
  /** which occurrence (a date, a reminder stage, an error's time): a new occurrence is a new notification */
  occurrence: string
  /** one sentence, shown in Steward and as the e-mail's body */
  text: string
  /** the page where it is handled (a path, e.g. /fundraising/grants/…) */
  link: string
  /** particular people, or everyone active holding one of these roles */
  to: { userIds: string[] } | { roles: readonly Role[] }
}

export interface NotificationProducer {
  kind: NotificationKind
  produce(context: ProducerContext): Promise<ProducedNotification[]>
}

export function defineProducer(producer: NotificationProducer): NotificationProducer {
  return producer
}

/** The key that makes a notification idempotent per person: kind, subject, occurrence. */
export const notificationKey = (kind: NotificationKind, n: Pick<ProducedNotification, 'subject' | 'occurrence'>) =>
  `${kind}:${n.subject}:${n.occurrence}`
