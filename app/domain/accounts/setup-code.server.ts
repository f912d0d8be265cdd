import { createHmac, timingSafeEqual } from 'node:crypto'
import { getEnv } from '#app/utils/env.server.ts'
import { isLoopbackAddress } from '#app/utils/trust-proxy.ts'
import { DomainError } from '#app/domain/errors.ts'
import { countUsers, createFirstAdmin } from './users.server.ts'

// Crockford's base32: no I, L, O or U, so a code read from a log is hard to mistype.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * The first-run setup code: derived from SESSION_SECRET, so every process of one installation
 * prints the same code with nothing stored, and only someone who can read the server's log (or
 * its secret) knows it. 16 characters of base32: 80 bits, not worth guessing.
 */
export function setupCode(secret = getEnv().SESSION_SECRET) {
  const bytes = createHmac('sha256', secret).update('steward first-run setup code').digest()
  let bits = 0n
  for (const byte of bytes.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte)
  let code = ''
  for (let i = 0; i < 16; i++) code = ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)] + code
  return code.match(/.{4}/g)!.join('-')
}

/** What people may type: any case, spaces or dashes, O for 0 and I or L for 1. */
export function normaliseSetupCode(input: string) {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** Compares in constant time (digests of equal length, whatever was typed). */
export function setupCodeMatches(input: string, secret = getEnv().SESSION_SECRET) {
  const digest = (value: string) => createHmac('sha256', secret).update(value).digest()
  return timingSafeEqual(digest(normaliseSetupCode(input)), digest(normaliseSetupCode(setupCode(secret))))
}

/** A request from the machine Steward runs on (after the proxy rules) needs no setup code. */
export function setupNeedsCode(clientAddress: string) {
  return !isLoopbackAddress(clientAddress)
}

/** For the log at start: the code while nobody has an account yet, else null. */
export async function pendingSetupCode() {
  return (await countUsers()) === 0 ? setupCode() : null
}

/**
 * First run: creates the admin, after the setup code printed in the server's log unless the
 * request comes from this machine.
 */
export async function setUpSteward(input: { name: string; email: string; password: string; setupCode?: string; clientAddress: string }) {
  if (setupNeedsCode(input.clientAddress)) {
    if (!input.setupCode) throw new DomainError("Enter the setup code from Steward's log", 'setupCode')
    if (!setupCodeMatches(input.setupCode))
      throw new DomainError('That is not the setup code: copy it from the log Steward printed when it started', 'setupCode')
  }
  return createFirstAdmin({ name: input.name, email: input.email, password: input.password })
}
