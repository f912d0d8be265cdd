import type { BenchSuite } from '../suite.ts'
import { foundationSuite } from './foundation.ts'

/** Every area's benchmark suite, seeded then run in this order. */
export const SUITES: BenchSuite[] = [foundationSuite]
