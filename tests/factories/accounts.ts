import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { createUser } from '#app/domain/accounts/users.server.ts'

let sequence = 0

/** Plain data for a person; the demo seed uses the same shapes. */
export function buildUser(overrides: Partial<{ email: string; name: string; roles: Role[]; password: string }> = {}) {
  sequence += 1
  return {
    email: `person${sequence}@example.org`,
    name: `Person ${sequence}`,
    roles: ['communications'] as Role[],
    password: 'correct-horse-battery',
    ...overrides,
  }
}

export async function insertUser(overrides: Parameters<typeof buildUser>[0] = {}) {
  const data = buildUser(overrides)
  const user = await createUser({ ...data, actorId: null })
  return { ...user, password: data.password }
}
