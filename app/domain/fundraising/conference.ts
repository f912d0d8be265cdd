// Converting conference pledges into the budget's currency by the ledger's rules: the rate in
// force on the pledge date (the latest rate dated on or before it; a rate typed by hand replaces
// the fetched one of its date, so it wins), and never silently: a pledge without a rate is left
// out of the totals and named. Pure: pledges and rates in, figures out.
import { convertMinor, formatMoney } from '#app/utils/money.ts'

export interface RateRow {
  currency: string
  validFrom: string
  rate: string
  source: 'manual' | 'ecb'
}

interface PledgeRow {
  id: string
  from: string
  currency: string
  amount: number
  receivedAmount: number
  pledgedOn: string
}

/** The rate of `currency` in force on `date`: the latest dated on or before it, or null. */
export function rateInForceOn(rates: readonly RateRow[], currency: string, date: string): RateRow | null {
  let best: RateRow | null = null
  for (const r of rates) {
    if (r.currency !== currency || r.validFrom > date) continue
    if (!best || r.validFrom > best.validFrom) best = r
  }
  return best
}

/**
 * Each pledge with its amounts in the budget currency, and the totals of those that could be
 * converted. Rates convert into the reporting currency, so a pledge converts when it is in the
 * budget's currency already, or when the budget is in the reporting currency and the pledge's
 * currency has a rate on the pledge date.
 */
export function convertPledges<P extends PledgeRow>(input: {
  pledges: readonly P[]
  budgetCurrency: string
  reportingCurrency: string
  rates: readonly RateRow[]
}) {
  const { budgetCurrency, reportingCurrency } = input
  const rows = input.pledges.map((p) => {
    if (p.currency === budgetCurrency)
      return { ...p, rate: null, converted: { amount: p.amount, received: p.receivedAmount }, missing: null }
    const rate = budgetCurrency === reportingCurrency ? rateInForceOn(input.rates, p.currency, p.pledgedOn) : null
    if (!rate)
      return {
        ...p,
        rate: null,
        converted: null,
        missing: `${p.from}: ${formatMoney(p.amount, p.currency)} pledged on ${p.pledgedOn} has no ${p.currency} rate on or before that date; add one on the exchange rates page`,
      }
    return {
      ...p,
      rate,
      converted: {
        amount: convertMinor(p.amount, p.currency, budgetCurrency, rate.rate),
        received: convertMinor(p.receivedAmount, p.currency, budgetCurrency, rate.rate),
      },
      missing: null,
    }
  })
  return {
    pledges: rows,
    pledged: rows.reduce((s, p) => s + (p.converted?.amount ?? 0), 0),
    received: rows.reduce((s, p) => s + (p.converted?.received ?? 0), 0),
    unconverted: rows.flatMap((p) => (p.missing ? [p.missing] : [])),
  }
}
