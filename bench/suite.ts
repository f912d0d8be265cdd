import type { Role } from '#app/domain/accounts/vocabulary.ts'
import type { BenchResult } from './measure.ts'

export interface BenchContext {
  /** one user per role, created before any suite seeds */
  users: Record<Role, { id: string; name: string; roles: Role[] }>
  now: Date
  log: (line: string) => void
  /** the benchmark database's URL on PostgreSQL (undefined on PGlite, which one process owns) */
  databaseUrl?: string
  /**
   * The environment a Steward process needs to open the benchmark database, and the time to do it:
   * on PostgreSQL `DATABASE_URL` (the harness keeps its own connection); on PGlite
   * `STEWARD_DATA_DIR`, with the harness's handle closed while `withEnv` runs (one process owns an
   * embedded database) and opened again after.
   */
  lendDatabase: <T>(withEnv: (env: Record<string, string>) => Promise<T>) => Promise<T>
}

/** One area's benchmark: seeds its part of the large dataset, then measures. */
export interface BenchSuite {
  name: string
  /** suites whose data this one reads: seeded (not run) when only this one is selected */
  needs?: string[]
  seed: (context: BenchContext) => Promise<void>
  run: (context: BenchContext) => Promise<BenchResult[]>
}
