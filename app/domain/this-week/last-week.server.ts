// What was done last week, per role, with the week before for comparison: the "last week" line of
// This week and the numbers that moved in the Monday digest. Weeks are the person's (their time zone).
import { and, count, eq, gte, lt, type SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { db } from '#db/client.server.ts'
import { auditEvents, commsPosts, emailThreads, forumTopics, githubItems } from '#db/schema/index.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { groupedSums } from '#app/domain/fundraising/overview.server.ts'
import type { OrganisationSettings } from '#app/domain/settings/organisation.ts'
import type { Week, WeekNumber } from './week.ts'

interface Range {
  start: Date
  end: Date
}

/** Rows of `table` whose `column` falls in the range (and that match `extra`). */
async function countIn(table: PgTable, column: AnyPgColumn, range: Range, extra?: SQL) {
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .where(and(gte(column, range.start), lt(column, range.end), extra))
  return Number(row?.n ?? 0)
}

/** Every source's threads, counted by one of their moments: GitHub (people, not bots), forum topics, e-mail threads. */
async function countThreadsIn(range: Range, moment: 'createdAt' | 'firstResponseAt') {
  const counts = await Promise.all([
    countIn(githubItems, githubItems[moment], range, moment === 'createdAt' ? eq(githubItems.authorIsBot, false) : undefined),
    countIn(forumTopics, forumTopics[moment], range),
    // an e-mail thread's createdAt is its first message from a person (null when only machines wrote)
    countIn(emailThreads, emailThreads[moment], range),
  ])
  return counts.reduce((a, b) => a + b, 0)
}

type Measured = Omit<WeekNumber, 'lastWeek' | 'weekBefore'> & { value: number }

const NUMBERS: Partial<Record<Role, (r: Range, s: OrganisationSettings) => Promise<Measured[]>>> = {
  communications: async (r) => [
    { key: 'postsPublished', label: 'Posts published', value: await countIn(commsPosts, commsPosts.publishedAt, r) },
  ],
  community: async (r) => [
    { key: 'threadsOpened', label: 'Threads opened on GitHub, the forums and by e-mail', value: await countThreadsIn(r, 'createdAt') },
    { key: 'firstResponses', label: 'Threads that got their first response', value: await countThreadsIn(r, 'firstResponseAt') },
  ],
  fundraising: async (r, s) => {
    const sums = await groupedSums(r, s.reportingCurrency, s.timeZone)
    return [
      {
        key: 'netDonations',
        label: 'Donations received, net',
        value: sums.reduce((t, x) => t + x.gross - x.fees, 0),
        currency: s.reportingCurrency,
      },
    ]
  },
}

/** Last week's numbers for the person's roles, and the changes they made in Steward themselves. */
export async function lastWeekNumbers(input: { userId: string; roles: readonly Role[]; week: Week; settings: OrganisationSettings }) {
  const last = { start: input.week.start.minus({ weeks: 1 }).toJSDate(), end: input.week.start.toJSDate() }
  const before = { start: input.week.start.minus({ weeks: 2 }).toJSDate(), end: last.start }
  const out: WeekNumber[] = []
  const seen = new Set<string>()
  for (const role of input.roles) {
    const numbers = NUMBERS[role]
    if (!numbers) continue
    const [a, b] = await Promise.all([numbers(last, input.settings), numbers(before, input.settings)])
    for (const [i, n] of a.entries()) {
      if (seen.has(n.key)) continue
      seen.add(n.key)
      out.push({ key: n.key, label: n.label, currency: n.currency, lastWeek: n.value, weekBefore: b[i]?.value ?? 0 })
    }
  }
  const changes = async (range: Range) => {
    const [row] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, input.userId), gte(auditEvents.at, range.start), lt(auditEvents.at, range.end)))
    return Number(row?.n ?? 0)
  }
  out.push({ key: 'yourChanges', label: 'Changes you made in Steward', lastWeek: await changes(last), weekBefore: await changes(before) })
  return out
}
