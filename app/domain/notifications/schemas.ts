import { z } from 'zod'
import { DELIVERIES, DIGEST_PREFERENCE, NOTIFICATION_KINDS } from './vocabulary.ts'

export const MarkNotificationReadSchema = z.object({ id: z.uuid({ message: 'No such notification' }) })

const delivery = z.enum(DELIVERIES, { message: 'Choose how this reaches you' })

/** /settings/account, Notifications: one choice per kind (kinds the person cannot receive are ignored). */
export const NotificationPreferencesSchema = z.object({
  ...(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, delivery.optional()])) as Record<
    (typeof NOTIFICATION_KINDS)[number],
    z.ZodOptional<typeof delivery>
  >),
  [DIGEST_PREFERENCE]: z.enum(['email', 'off'], { message: 'Choose whether you get the digest' }).optional(),
})
