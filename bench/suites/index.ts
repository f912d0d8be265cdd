import type { BenchSuite } from '../suite.ts'
import { communicationsSuite } from './communications.ts'
import { communitySuite } from './community.ts'
import { footprintSuite } from './footprint.ts'
import { foundationSuite } from './foundation.ts'
import { fundingSuite } from './funding.ts'
import { fundraisingSuite } from './fundraising.ts'
import { loadSuite } from './load.ts'
import { mailboxSuite } from './mailbox.ts'
import { reportsSuite } from './reports.ts'
import { sourceSyncsSuite } from './source-syncs.ts'

/** Every area's benchmark suite, seeded then run in this order (reports after the areas: they read their data; footprint spawns its own processes). */
export const SUITES: BenchSuite[] = [
  foundationSuite,
  communicationsSuite,
  communitySuite,
  mailboxSuite,
  sourceSyncsSuite,
  fundraisingSuite,
  fundingSuite,
  reportsSuite,
  loadSuite,
  footprintSuite,
]
