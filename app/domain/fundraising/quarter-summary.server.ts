// The fundraising section of the quarterly report: aggregates only, never a donor's name.
import { db } from '#db/client.server.ts'
import { grants } from '#db/schema/index.ts'
import type { FundraisingSection, QuarterInput } from '#app/domain/reports/contract.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { convertMinor } from '#app/utils/money.ts'
import { monthsOf } from '#app/utils/time.ts'
import { listDeadlineOccurrences } from './grants.server.ts'
import { donorFigures, donorRetention, exchangeRatesUsed, groupedSums, totalsBySourceAndCurrency } from './overview.server.ts'
import { listTargets } from './conference.server.ts'
import { listExchangeRates } from './exchange-rates.server.ts'
import { countSponsorsGainedAndLapsed } from './sponsors.server.ts'

export async function summariseFundraisingQuarter(input: QuarterInput): Promise<FundraisingSection> {
  const { reportingCurrency: reporting } = await getOrganisationSettings()
  const range = { start: input.start.toJSDate(), end: input.end.toJSDate() }
  const startDate = input.start.toISODate()!
  const endDate = input.end.toISODate()!
  const [sums, bySource, donorsInfo, retention, ratesUsed] = await Promise.all([
    groupedSums(range, reporting, input.timeZone),
    totalsBySourceAndCurrency(range),
    donorFigures(range, reporting, input.timeZone),
    donorRetention(range.end),
    exchangeRatesUsed(range, reporting),
  ])
  const months = monthsOf({ start: input.start, end: input.end })
  const monthly = months.map((month) => ({ month, gross: 0, fees: 0, net: 0 }))
  let gross = 0
  let fees = 0
  let count = 0
  let recurringGross = 0
  let unconverted = 0
  let grossUnknown = 0
  for (const r of sums) {
    gross += r.gross
    fees += r.fees
    count += r.donations
    unconverted += r.unconverted
    grossUnknown += r.grossUnknown
    if (r.recurring) recurringGross += r.gross
    const m = monthly.find((x) => x.month === r.month)
    if (m) {
      m.gross += r.gross
      m.fees += r.fees
      m.net += r.gross - r.fees
    }
  }

  // Grants: decisions and submissions dated in the quarter; awarded amounts converted at the rate on the decision date.
  const grantRows = await db
    .select({
      status: grants.status,
      submittedOn: grants.submittedOn,
      decidedOn: grants.decidedOn,
      amountAwarded: grants.amountAwarded,
      currency: grants.currency,
    })
    .from(grants)
  const inQuarter = (d: string | null) => d !== null && d >= startDate && d < endDate
  const rates = await listExchangeRates()
  const rateOn = (currency: string, date: string) =>
    rates.filter((r) => r.currency === currency && r.validFrom <= date).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0]?.rate ??
    null
  let awardedAmount = 0
  let awarded = 0
  for (const g of grantRows) {
    if (!inQuarter(g.decidedOn) || !['awarded', 'reporting', 'closed'].includes(g.status)) continue
    awarded += 1
    const rate = g.currency === reporting ? '1' : rateOn(g.currency, g.decidedOn!)
    if (rate && g.amountAwarded) awardedAmount += convertMinor(g.amountAwarded, g.currency, reporting, rate)
  }
  const upcoming = await listDeadlineOccurrences({ from: endDate, to: input.end.plus({ days: 89 }).toISODate()! })

  const sponsorCounts = await countSponsorsGainedAndLapsed(range)

  // The latest budget, its pledges converted at their pledge dates' rates (those without a rate left out).
  const [target] = await listTargets()
  const conference: FundraisingSection['conference'] = target
    ? { name: target.name, currency: target.currency, target: target.target, pledged: target.pledged, received: target.received }
    : null
  const declined = grantRows.filter((g) => g.status === 'declined' && inQuarter(g.decidedOn)).length
  const submitted = grantRows.filter((g) => inQuarter(g.submittedOn)).length

  return {
    reportingCurrency: reporting,
    totals: { gross, fees, net: gross - fees, donations: count, donors: donorsInfo.donors },
    grossUnknown,
    bySource: bySource.map((r) => ({ ...r })),
    newDonors: donorsInfo.newDonors,
    recurringShare: gross === 0 ? null : recurringGross / gross,
    retention: retention.rate,
    grants: { submitted, awarded, awardedAmount, declined, upcomingDeadlines: upcoming.length },
    sponsors: sponsorCounts,
    conference,
    monthly,
    exchangeRatesUsed: ratesUsed,
    provenance: {
      totals: `Donations received ${startDate} to ${endDate} (exclusive) in ${input.timeZone}, not voided or refunded, converted to ${reporting} at the exchange rate in force on each donation's date${unconverted ? `; ${unconverted} donation${unconverted > 1 ? 's' : ''} without a rate are left out` : ''}. Fees include platform and host fees.${grossUnknown ? ` Gross includes ${grossUnknown} donation${grossUnknown > 1 ? 's' : ''} recorded at net (gross unknown: the source gave only the net).` : ''}`,
      bySource: 'Per source and original currency, not converted.',
      newDonors: 'Donors whose first donation ever falls in the quarter.',
      retention:
        'Of donors who gave in the 12 months before the last 12 (ending at the quarter end), the share who gave again in the last 12.',
      recurringShare: 'Share of converted gross from recurring donations (monthly or yearly sponsorships, subscriptions).',
      grants:
        'Submitted: applications first submitted in the quarter. Awarded/declined: decisions recorded in the quarter. Upcoming: deadline occurrences in the 90 days after the quarter.',
      sponsors:
        'From the sponsors’ stage history: organisations moved into active or renewal due from another stage (gained), or to lapsed (lapsed), in the quarter; each counted once.',
      conference:
        'The latest fundraising target, with all its pledges and receipts, each converted at the rate in force on its pledge date; pledges without a rate are left out.',
    },
  }
}
