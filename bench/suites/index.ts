import type { BenchSuite } from '../suite.ts'
import { communicationsSuite } from './communications.ts'
import { communitySuite } from './community.ts'
import { foundationSuite } from './foundation.ts'
import { fundingSuite } from './funding.ts'
import { fundraisingSuite } from './fundraising.ts'
import { reportsSuite } from './reports.ts'

/** Every area's benchmark suite, seeded then run in this order (reports last: they read the others' data). */
export const SUITES: BenchSuite[] = [foundationSuite, communicationsSuite, communitySuite, fundraisingSuite, fundingSuite, reportsSuite]
