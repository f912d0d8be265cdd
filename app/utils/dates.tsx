// Dates as the person looking at them reads them: instants in their own time zone (their setting,
// else the organisation's), from the root loader. Calendar dates a person picked (a deadline, a
// campaign's end) and the numbers of quarters and cadences stay in the project's time zone.
import { useRouteLoaderData } from 'react-router'
import { formatDate, formatDateTime } from './format.ts'

/**
 * The viewer's time zone and formatters bound to it. `fallback` (the zone a page's loader sends,
 * the organisation's) applies where there is no root loader, e.g. a page rendered alone in a test.
 */
export function useDates(fallback?: string) {
  const root = useRouteLoaderData('root') as { timeZone?: string } | undefined
  const timeZone = root?.timeZone ?? fallback ?? 'UTC'
  return {
    timeZone,
    date: (value: string | Date) => formatDate(value, timeZone),
    dateTime: (value: string | Date) => formatDateTime(value, timeZone),
  }
}
