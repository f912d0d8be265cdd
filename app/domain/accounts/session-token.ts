import { createHash } from 'node:crypto'

/**
 * The database keeps only the SHA-256 of a session's token: someone who reads the table (a
 * backup, an SQL injection) cannot sign in with what they find there.
 */
export function hashSessionToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
