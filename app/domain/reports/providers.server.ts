import { summariseCommunicationsQuarter } from '#app/domain/communications/quarter-summary.server.ts'
import { summariseCommunityQuarter } from '#app/domain/community/quarter-summary.server.ts'
import { summariseFundraisingQuarter } from '#app/domain/fundraising/quarter-summary.server.ts'
import type { SectionProviders } from './assemble.ts'

/** The areas' own summaries of a quarter: what the report uses unless a test injects others. */
export const DEFAULT_PROVIDERS: SectionProviders = {
  communications: summariseCommunicationsQuarter,
  community: summariseCommunityQuarter,
  fundraising: summariseFundraisingQuarter,
}
