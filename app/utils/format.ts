/** Formats an instant for people, in the project's time zone. */
export function formatDateTime(iso: string | Date, timeZone = 'UTC') {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

export function formatDate(iso: string | Date, timeZone = 'UTC') {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }).format(date)
}
