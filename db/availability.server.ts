// Whether the database answers, as the web process sees it. A request that fails because the
// database is unreachable (restarting, stopped, network gone) marks an outage; while it lasts the
// HTTP server answers 503 at once instead of trying, and a probe (one `select 1` every half
// second) ends it as soon as the database answers again, so the app recovers without a restart.
// The state lives on globalThis: the built server bundle and the HTTP server load this module
// separately.
import { pingDatabase } from './client.server.ts'

/** SQLSTATE classes and driver codes that mean "the database is not there", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
])

/** True for errors (or their causes: drizzle wraps the driver's error) that mean the database cannot be reached. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
    // AggregateError (a host with several addresses refusing each)
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailableError)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

export interface Outage {
  since: Date
  reason: string
}

const KEY = Symbol.for('steward.database-outage')
type State = { outage?: Outage; probe?: ReturnType<typeof setInterval> }
const state = (): State => {
  const g = globalThis as typeof globalThis & { [KEY]?: State }
  g[KEY] ??= {}
  return g[KEY]
}

/** The outage in progress, if any. */
export function currentOutage(): Outage | undefined {
  return state().outage
}

/**
 * Called with every error a request ends in: an unreachable database starts an outage (logged
 * once) and its probe. Returns whether it was such an error.
 */
export function noteDatabaseError(error: unknown, log: (line: string) => void = console.error): boolean {
  if (!isDatabaseUnavailableError(error)) return false
  const s = state()
  if (s.outage) return true
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
  s.outage = { since: new Date(), reason }
  log(`The database is unavailable (${reason}): answering 503 until it is back.`)
  let probing = false
  s.probe = setInterval(() => {
    if (probing) return
    probing = true
    pingDatabase()
      .then(() => {
        const ended = s.outage
        s.outage = undefined
        clearInterval(s.probe)
        s.probe = undefined
        if (ended) log(`The database is back after ${((Date.now() - ended.since.getTime()) / 1000).toFixed(1)} s.`)
      })
      .catch(() => {})
      .finally(() => (probing = false))
  }, 500)
  s.probe.unref()
  return true
}

export const UNAVAILABLE_MESSAGE =
  'Steward cannot reach its database right now. Nothing was changed; try again in a minute. If it lasts, tell your admin.'
