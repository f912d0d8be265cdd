import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's minimum recommendation (19 MiB, 2 iterations, 1 lane).
// The numeric algorithm id (2 = argon2id) because the package exports a const enum.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string) {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string | null, password: string) {
  if (!passwordHash) return false
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
