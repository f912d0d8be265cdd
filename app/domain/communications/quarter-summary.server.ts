// interim: replaced by the area's implementation when the branches are merged
import type { CommunicationsSection, QuarterInput } from '#app/domain/reports/contract.ts'

/** The communications section of a quarter's report (interim: nothing recorded yet). */
export async function summariseCommunicationsQuarter(_input: QuarterInput): Promise<CommunicationsSection> {
  return {
    postsPublished: 0,
    byChannel: [],
    cadence: { slots: 0, filled: 0, adherence: null },
    campaigns: [],
    materialsDelivered: 0,
    weekly: [],
    provenance: { postsPublished: 'Communications data is not available in this build yet.' },
  }
}
