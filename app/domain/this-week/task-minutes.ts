// How long each kind of task usually takes: the organisation's defaults (Settings → Organisation),
// which a person may change for themselves (Settings → Your account). This week's estimate uses
// the person's own numbers. Browser-safe.
import { z } from 'zod'
import { TASK_KINDS, type TaskKind } from './vocabulary.ts'

export type TaskMinutes = Record<TaskKind, number>

export const DEFAULT_TASK_MINUTES: TaskMinutes = {
  openSlot: 45,
  postReview: 10,
  overdueThread: 10,
  internshipMilestone: 30,
  deadlineThisWeek: 60,
  deadlineLater: 20,
  sponsorRenewal: 15,
  reportSection: 30,
  reportPublish: 45,
  setupStep: 10,
}

const minutes = z.coerce
  .number({ message: 'Enter a number of minutes' })
  .int('Use whole minutes')
  .min(0, 'At least 0 minutes')
  .max(8 * 60, 'At most 8 hours')

/** A full set of minutes (the organisation's defaults). */
export const TaskMinutesSchema = z.object(Object.fromEntries(TASK_KINDS.map((k) => [k, minutes])) as Record<TaskKind, typeof minutes>)

/** A person's own minutes: any kind left empty follows the organisation. */
export const PersonalTaskMinutesSchema = z.object(
  Object.fromEntries(TASK_KINDS.map((k) => [k, minutes.optional()])) as Record<TaskKind, z.ZodOptional<typeof minutes>>,
)

/** The organisation's minutes with the person's own on top. */
export function mergeTaskMinutes(organisation: TaskMinutes, personal: Partial<TaskMinutes> | null | undefined): TaskMinutes {
  const out = { ...organisation }
  for (const k of TASK_KINDS) if (typeof personal?.[k] === 'number') out[k] = personal[k]
  return out
}

/**
 * /settings/account, Your week: the person's time zone, weekly budget and minutes per kind of
 * task; anything left empty follows the organisation.
 */
export const PersonalWeekSchema = PersonalTaskMinutesSchema.extend({
  timeZone: z
    .string()
    .trim()
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone })
          return true
        } catch {
          return false
        }
      },
      { message: 'Choose a time zone from the list, like Europe/London or UTC' },
    )
    .optional(),
  weeklyBudgetMinutes: z.coerce
    .number({ message: 'Enter a number of minutes' })
    .int('Use whole minutes')
    .min(30, 'At least 30 minutes')
    .max(40 * 60, 'At most 40 hours')
    .optional(),
})
export type PersonalWeekInput = z.infer<typeof PersonalWeekSchema>
