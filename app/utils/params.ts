// Ids and other values that arrive in URLs and forms, checked before they reach the database: a
// malformed one is the visitor's mistake (a 404 for an address, a 400 for a form, nothing for a
// filter), never a 500 from PostgreSQL refusing to read "abc" as a uuid.
import { data } from 'react-router'
import { z } from 'zod'
import { isQuarterId, type QuarterId } from './time.ts'

const UUID = z.guid()

/** Whether the value is a record id (every table's primary key is a uuid: 8-4-4-4-12 hex digits, as PostgreSQL reads them). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.safeParse(value).success
}

/** A path segment that names a record: anything but a well-formed id is a 404 (`No such grant.`). */
export function parseIdParam(value: string | undefined, what: string): string {
  if (!isId(value)) throw data({ message: `No such ${what}.` }, { status: 404 })
  return value
}

/** A filter or preview in the query string: a malformed id is as if none was given. */
export function optionalIdParam(value: string | null | undefined): string | null {
  return isId(value) ? value : null
}

/** The id of the record a form edits: a malformed one is a 400 (the form was not ours). */
export function parseIdField(value: FormDataEntryValue | null, what: string): string {
  if (!isId(value)) throw data({ message: `The form names no ${what}: reload the page and try again.` }, { status: 400 })
  return value
}

/** A quarter in a path, e.g. /reports/2026-Q3: anything else is a 404. */
export function parseQuarterParam(value: string | undefined): QuarterId {
  if (!value || !isQuarterId(value)) throw data({ message: 'No such quarter: use the form 2026-Q3.' }, { status: 404 })
  return value
}

/** A positive whole number in the query string that fits the database's integer (e.g. ?version=3); else undefined. */
export function optionalCountParam(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined
  const n = Number(value)
  return n > 0 && n <= 2_147_483_647 ? n : undefined
}

/** A short lowercase name in a path, e.g. a chart's (`fundraising-monthly`): any other shape is a 404. */
export function parseSlugParam(value: string | undefined, what: string): string {
  if (!value || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) throw data({ message: `No such ${what}.` }, { status: 404 })
  return value
}
