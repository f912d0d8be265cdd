import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's minimum recommendation (19 MiB, 2 iterations, 1 lane).
// The numeric algorithm id (2 = argon2id) because the package exports a const enum.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string) {
  return hash(password, OPTIONS)
}

// Checked when the account does not exist, so a wrong email costs as long as a wrong password
// and response times do not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined
let verifications = 0

/** How many argon2 verifications this process ran (tests check that no sign-in path skips one). */
export function passwordVerifications() {
  return verifications
}

export async function verifyPassword(passwordHash: string | null, password: string) {
  verifications += 1
  if (!passwordHash) {
    dummyHash ??= hashPassword('steward-dummy-password')
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
