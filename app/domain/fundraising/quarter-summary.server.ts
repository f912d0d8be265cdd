// interim: replaced by the area's implementation when the branches are merged
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import type { FundraisingSection, QuarterInput } from '#app/domain/reports/contract.ts'

/** The fundraising section of a quarter's report (interim: nothing recorded yet). */
export async function summariseFundraisingQuarter(_input: QuarterInput): Promise<FundraisingSection> {
  const { reportingCurrency } = await getOrganisationSettings()
  return {
    reportingCurrency,
    totals: { gross: 0, fees: 0, net: 0, donations: 0, donors: 0 },
    bySource: [],
    newDonors: 0,
    recurringShare: null,
    retention: null,
    grants: { submitted: 0, awarded: 0, awardedAmount: 0, declined: 0, upcomingDeadlines: 0 },
    sponsors: { gained: 0, lapsed: 0 },
    conference: null,
    monthly: [],
    exchangeRatesUsed: [],
    provenance: { totals: 'Fundraising data is not available in this build yet.' },
  }
}
