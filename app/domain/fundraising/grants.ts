// Grant pipeline arithmetic (pure).
import type { GrantStatus } from './vocabulary.ts'

/** Stage weights for the value-weighted pipeline (chance that an open application pays). */
export const PIPELINE_WEIGHTS: Partial<Record<GrantStatus, number>> = { idea: 0.1, drafting: 0.25, submitted: 0.5 }

/** Win rate (awarded / decided, withdrawn left out) and the weighted pipeline per currency. */
export function grantStats(rows: { status: GrantStatus; amountAsked: number | null; amountAwarded: number | null; currency: string }[]) {
  const won = rows.filter((g) => g.status === 'awarded' || g.status === 'reporting' || g.status === 'closed').length
  const lost = rows.filter((g) => g.status === 'declined').length
  const pipeline = new Map<string, { currency: string; asked: number; weighted: number; open: number }>()
  for (const g of rows) {
    const weight = PIPELINE_WEIGHTS[g.status]
    if (weight === undefined) continue
    const p = pipeline.get(g.currency) ?? { currency: g.currency, asked: 0, weighted: 0, open: 0 }
    p.asked += g.amountAsked ?? 0
    p.weighted += Math.round((g.amountAsked ?? 0) * weight)
    p.open += 1
    pipeline.set(g.currency, p)
  }
  return { won, lost, winRate: won + lost === 0 ? null : won / (won + lost), pipeline: [...pipeline.values()] }
}
