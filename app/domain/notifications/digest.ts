// The Monday digest's words, from the person's This week (pure: data in, text out). Short enough
// to read on a phone: a line per thing, at most a handful per section, the rest behind a link.
import { formatMinutes, type WeekNumber } from '#app/domain/this-week/week.ts'
import { formatMoney } from '#app/utils/money.ts'

export const DIGEST_SECTION_LIMIT = 6

export interface DigestLine {
  text: string
  /** absolute */
  url?: string
}

export interface DigestInput {
  name: string
  projectName: string
  /** e.g. 30 Nov – 6 Dec */
  weekLabel: string
  due: DigestLine[]
  late: DigestLine[]
  /** minutes the week should take, and the person's budget */
  minutes: number
  budgetMinutes: number
  numbers: WeekNumber[]
  /** the council's report lines: its status and headline numbers with their change */
  otherNumbers: string[]
}

export interface DigestContent {
  subject: string
  paragraphs: string[]
  /** nothing due, nothing late, no number moved: no e-mail */
  empty: boolean
}

function section(title: string, lines: DigestLine[]) {
  const shown = lines.slice(0, DIGEST_SECTION_LIMIT).map((l) => `- ${l.text}`)
  if (lines.length > DIGEST_SECTION_LIMIT) shown.push(`- and ${lines.length - DIGEST_SECTION_LIMIT} more in Steward`)
  return `${title}\n${shown.join('\n')}`
}

function numberLine(n: WeekNumber) {
  const show = (v: number) => (n.currency ? formatMoney(v, n.currency) : String(v))
  return `- ${n.label}: ${show(n.lastWeek)} (${show(n.weekBefore)} the week before)`
}

export function composeDigest(input: DigestInput): DigestContent {
  const moved = input.numbers.filter((n) => n.lastWeek !== n.weekBefore)
  // The report's standing numbers alone are no news: they change once a quarter.
  const empty = input.due.length === 0 && input.late.length === 0 && moved.length === 0
  const first = input.name.split(/\s+/)[0]
  const paragraphs: string[] = [`Your week in ${input.projectName}, ${input.weekLabel}.`]
  if (input.late.length) paragraphs.push(section(`Late (${input.late.length})`, input.late))
  if (input.due.length) paragraphs.push(section(`Due (${input.due.length})`, input.due))
  paragraphs.push(
    input.minutes > 0
      ? `Time: about ${formatMinutes(input.minutes)} of your ${formatMinutes(input.budgetMinutes)} this week${input.minutes > input.budgetMinutes ? ' — more than your budget: pick what matters most' : ''}.`
      : `Time: nothing estimated against your ${formatMinutes(input.budgetMinutes)} this week.`,
  )
  if (input.otherNumbers.length) paragraphs.push(`Quarterly reports\n${input.otherNumbers.map((l) => `- ${l}`).join('\n')}`)
  if (moved.length) paragraphs.push(`Last week\n${moved.map(numberLine).join('\n')}`)
  const counts = [input.late.length ? `${input.late.length} late` : null, input.due.length ? `${input.due.length} due` : null].filter(
    Boolean,
  )
  return {
    subject: `[${input.projectName}] Your week, ${first}: ${counts.length ? counts.join(', ') : 'last week’s numbers'}`,
    paragraphs,
    empty,
  }
}
