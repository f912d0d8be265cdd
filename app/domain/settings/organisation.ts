import { z } from 'zod'

export function isValidTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export const OrganisationSettingsSchema = z.object({
  projectName: z
    .string({ message: 'Enter the project name' })
    .trim()
    .min(1, 'Enter the project name')
    .max(120, 'Use at most 120 characters'),
  timeZone: z
    .string({ message: 'Choose a time zone' })
    .trim()
    .refine(isValidTimeZone, { message: 'Choose a time zone from the list, like Europe/London or UTC' }),
  reportingCurrency: z
    .string({ message: 'Enter a currency code' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code, like USD or EUR'),
  weeklyBudgetMinutes: z.coerce
    .number({ message: 'Enter a number of minutes' })
    .int('Use whole minutes')
    .min(30, 'At least 30 minutes')
    .max(40 * 60, 'At most 40 hours'),
})

export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>

export const DEFAULT_ORGANISATION_SETTINGS: OrganisationSettings = {
  projectName: 'Our project',
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  weeklyBudgetMinutes: 240,
}
