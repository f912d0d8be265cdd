// Timestamp identifiers (atproto spec "tid"): a 64-bit integer — top bit 0, 53 bits of microseconds
// since the Unix epoch, 10 bits of clock id — written as 13 base32-sortable characters.
// A post's record key is derived from the post, so publishing it again after a crash writes the
// same key, and the PDS cannot make a second copy.
import { createHash } from 'node:crypto'

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz'
// The syntax the atproto libraries check (packages/syntax/src/tid.ts).
const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/

export function isValidTid(value: unknown): value is string {
  return typeof value === 'string' && TID_PATTERN.test(value)
}

/** The TID for a microsecond timestamp and a clock id (0–1023). */
export function encodeTid(microseconds: bigint, clockId: number): string {
  if (microseconds < 0n || microseconds >= 1n << 53n) throw new RangeError('a TID holds 53 bits of microseconds')
  if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) throw new RangeError('a TID clock id is 0–1023')
  let value = (microseconds << 10n) | BigInt(clockId)
  let out = ''
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(value & 31n)] + out
    value >>= 5n
  }
  return out
}

export function decodeTid(tid: string): { microseconds: bigint; clockId: number } {
  if (!isValidTid(tid)) throw new RangeError(`not a TID: ${tid}`)
  let value = 0n
  for (const ch of tid) value = (value << 5n) | BigInt(ALPHABET.indexOf(ch))
  return { microseconds: value >> 10n, clockId: Number(value & 1023n) }
}

/**
 * The record key of a post on a channel: always the same for the same three inputs. Its time is
 * the scheduled second (so keys sort like the schedule); the microseconds within that second and
 * the clock id come from a SHA-256 of the post and channel — 30 bits, so two posts scheduled in
 * the same second share a key with odds of about one in a billion.
 */
export function deriveTid(postId: string, channelId: string, scheduledFor: Date): string {
  const ms = scheduledFor.getTime()
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a scheduled time after 1970 is needed')
  const digest = createHash('sha256').update(`steward-post\u0000${postId}\u0000${channelId}`).digest()
  const withinSecond = digest.readUInt32BE(0) % 1_000_000
  const clockId = digest.readUInt16BE(4) % 1024
  const microseconds = BigInt(Math.floor(ms / 1000)) * 1_000_000n + BigInt(withinSecond)
  return encodeTid(microseconds, clockId)
}
