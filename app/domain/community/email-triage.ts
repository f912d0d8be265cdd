// How an e-mail thread is named in the triage queue's forms. GitHub items and forum topics are
// named by their row's UUID; an e-mail thread has no row of its own that lasts (the sync replaces
// a thread's row whenever a message joins it, ADR 014), so it is named by its mailbox and the
// Message-ID of the message that opened it: `email:<source id>:<opener key>`. Browser-safe.
import { isId } from '#app/utils/params.ts'

const PREFIX = 'email:'
/** A Message-ID is at most a header line (998 characters); the key never holds more. */
const MAX_KEY_LENGTH = 998

/** The queue's id of the thread whose opener is `openerKey` (its Message-ID, or its thread id without one) in mailbox `sourceId`. */
export function emailTriageItemId(sourceId: string, openerKey: string) {
  return `${PREFIX}${sourceId}:${openerKey}`
}

/** The mailbox and opener key an e-mail thread's queue id names; null when `id` is not one. */
export function parseEmailTriageItemId(id: string): { sourceId: string; openerKey: string } | null {
  if (!id.startsWith(PREFIX)) return null
  const sourceId = id.slice(PREFIX.length, PREFIX.length + 36)
  const openerKey = id.slice(PREFIX.length + 37)
  if (!isId(sourceId) || id[PREFIX.length + 36] !== ':') return null
  if (openerKey.length === 0 || openerKey.length > MAX_KEY_LENGTH) return null
  return { sourceId: sourceId.toLowerCase(), openerKey }
}

/** Whether `id` names something the queue holds: a GitHub item's or forum topic's UUID, or an e-mail thread. */
export function isTriageItemId(id: string) {
  return isId(id) || parseEmailTriageItemId(id) !== null
}
