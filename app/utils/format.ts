/** The zone a person reads instants in: their own setting, else the organisation's. */
export function viewerTimeZone(user: { timeZone: string | null } | null | undefined, organisationTimeZone: string) {
  return user?.timeZone || organisationTimeZone
}

/** Formats an instant for people, in the given time zone (the viewer's: see useDates in dates.tsx). */
export function formatDateTime(iso: string | Date, timeZone = 'UTC') {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

export function formatDate(iso: string | Date, timeZone = 'UTC') {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }).format(date)
}
