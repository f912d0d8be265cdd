// What an area's demo seeder is given and must provide. Its own module so that the seeders and
// their registry (index.server.ts) import it, and the registry imports the seeders — no cycle.
import type { Role } from '#app/domain/accounts/vocabulary.ts'

export interface DemoUser {
  id: string
  email: string
  name: string
  password: string
  roles: Role[]
  created: boolean
}

export interface DemoContext {
  now: Date
  /** one person per role, keyed by role */
  users: Record<Role, DemoUser>
  log: (line: string) => void
}

/** One area's demo data. `seed` must be idempotent: running `demo load` twice changes nothing. */
export interface DemoSeeder {
  name: string
  seed: (context: DemoContext) => Promise<void>
}
