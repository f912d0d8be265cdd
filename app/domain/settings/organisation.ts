import { z } from 'zod'

// Zones already found valid: building a DateTimeFormat to find out costs about a millisecond, and
// every page's settings are checked (twice on /community). A zone name's validity does not change
// while the process runs; names found invalid are not kept (nothing unbounded from user input).
const validZones = new Set<string>()

export function isValidTimeZone(zone: string) {
  if (validZones.has(zone)) return true
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
  } catch {
    return false
  }
  validZones.add(zone)
  return true
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
