import { DateTime } from 'luxon'
import type { Role } from '#app/domain/accounts/vocabulary.ts'

export interface WeekCardItem {
  label: string
  detail?: string
  href?: string
  /** urgent items are shown first and highlighted */
  tone?: 'urgent' | 'normal' | 'done'
}

export interface WeekCard {
  key: string
  role: Role
  title: string
  /** one sentence: what needs this person this week */
  summary: string
  items: WeekCardItem[]
  /** estimated minutes of work this card asks for this week */
  minutes: number
  /** how the minutes were estimated, shown on hover */
  minutesExplained: string
  href: string
  /** what to do when there is nothing to show */
  emptyText?: string
}

export interface Week {
  start: DateTime
  end: DateTime
  timeZone: string
}

/** The ISO week (Monday to Monday) containing `now`, in the project's time zone. */
export function weekContaining(now: Date, timeZone: string): Week {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week')
  return { start, end: start.plus({ weeks: 1 }), timeZone }
}

export interface Workload {
  budgetMinutes: number
  totalMinutes: number
  /** share of the budget used, may exceed 1 */
  ratio: number
  overBudget: boolean
  parts: { key: string; title: string; minutes: number }[]
}

export function summariseWorkload(cards: readonly WeekCard[], budgetMinutes: number): Workload {
  const parts = cards.filter((c) => c.minutes > 0).map((c) => ({ key: c.key, title: c.title, minutes: Math.round(c.minutes) }))
  const totalMinutes = parts.reduce((sum, p) => sum + p.minutes, 0)
  const ratio = budgetMinutes > 0 ? totalMinutes / budgetMinutes : 0
  return { budgetMinutes, totalMinutes, ratio, overBudget: totalMinutes > budgetMinutes, parts }
}

export function formatMinutes(minutes: number) {
  const h = Math.floor(minutes / 60)
  const m = Math.round(minutes % 60)
  if (h === 0) return `${m} min`
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

/** One of last week's numbers, with the week before. */
export interface WeekNumber {
  key: string
  label: string
  lastWeek: number
  weekBefore: number
  /** minor units of this currency, or a count */
  currency?: string
}
