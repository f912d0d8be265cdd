import type { Role } from '#db/schema/accounts.ts'
import type { Measurement } from './measure.ts'

export interface BenchContext {
  /** one user per role, created before any suite seeds */
  users: Record<Role, { id: string; name: string; roles: Role[] }>
  now: Date
  log: (line: string) => void
}

/** One area's benchmark: seeds its part of the large dataset, then measures. */
export interface BenchSuite {
  name: string
  seed: (context: BenchContext) => Promise<void>
  run: (context: BenchContext) => Promise<Measurement[]>
}
