// Grants, from idea to closed, and their deadlines (one-off or recurring).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { grantDeadlineCompletions, grantDeadlines, grants, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { parseMoney } from '#app/utils/money.ts'
import { deadlineDates, isOccurrence, lastOccurrence, normaliseRrule, openOccurrences } from './deadlines.ts'
import { grantStats, PIPELINE_WEIGHTS } from './grants.ts'
import { listFundraisingPeople } from './people.server.ts'
import { GrantSchema, type DeadlineInput, type GrantInput } from './schemas.ts'
import type { DeadlineKind, GrantStatus } from './vocabulary.ts'

const toMinor = (value: string | undefined, currencyCode: string) => (value ? parseMoney(value, currencyCode) : null)

// ---------------------------------------------------------------- grants

const DECIDED: GrantStatus[] = ['awarded', 'declined', 'withdrawn', 'reporting', 'closed']

function grantValues(input: GrantInput) {
  return {
    funder: input.funder,
    title: input.title,
    amountAsked: toMinor(input.amountAsked, input.currency),
    amountAwarded: toMinor(input.amountAwarded, input.currency),
    currency: input.currency,
    status: input.status,
    ownerId: input.ownerId ?? null,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    links: input.links ?? null,
    notes: input.notes ?? null,
  }
}

export async function createGrant(input: GrantInput & { actorId: string | null; today?: string }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const today = input.today ?? DateTime.utc().toISODate()!
    const values = grantValues(GrantSchema.parse(input))
    const [row] = await t
      .insert(grants)
      .values({
        ...values,
        submittedOn: values.status === 'idea' || values.status === 'drafting' ? null : today,
        decidedOn: DECIDED.includes(values.status) ? today : null,
      })
      .returning()
    await recordAudit(t, { actorId: input.actorId, entity: 'grant', entityId: row.id, action: 'create', after: values })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export async function updateGrant(input: GrantInput & { grantId: string; actorId: string; today?: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(grants).where(eq(grants.id, input.grantId)).for('update')
    if (!before) throw new DomainError('No such grant')
    const today = input.today ?? DateTime.utc().toISODate()!
    const values = grantValues(GrantSchema.parse(input))
    const submittedOn = before.submittedOn ?? (values.status === 'idea' || values.status === 'drafting' ? null : today)
    const decidedOn = DECIDED.includes(values.status) ? (before.decidedOn ?? today) : null
    await tx
      .update(grants)
      .set({ ...values, submittedOn, decidedOn, updatedAt: new Date() })
      .where(eq(grants.id, input.grantId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'grant',
      entityId: input.grantId,
      action: 'update',
      before: {
        funder: before.funder,
        title: before.title,
        status: before.status,
        amountAsked: before.amountAsked,
        amountAwarded: before.amountAwarded,
        currency: before.currency,
      },
      after: values,
    })
  })
}

async function listGrants(today: string) {
  const rows = await db
    .select({
      id: grants.id,
      funder: grants.funder,
      title: grants.title,
      amountAsked: grants.amountAsked,
      amountAwarded: grants.amountAwarded,
      currency: grants.currency,
      status: grants.status,
      ownerId: grants.ownerId,
      ownerName: users.name,
      periodStart: grants.periodStart,
      periodEnd: grants.periodEnd,
      links: grants.links,
      notes: grants.notes,
      submittedOn: grants.submittedOn,
      decidedOn: grants.decidedOn,
    })
    .from(grants)
    .leftJoin(users, eq(users.id, grants.ownerId))
    .orderBy(asc(grants.funder), asc(grants.title))
  const open = await openDeadlines(today)
  return rows.map((grant) => ({ ...grant, nextDeadline: nextOpenDate(open.filter((d) => d.grantId === grant.id)) }))
}

/** How far back an occurrence still counts as open (overdue) when nobody marked it done. */
const OVERDUE_DAYS = 90

/** Deadlines not done, each with its done occurrences and its next open ones (from OVERDUE_DAYS ago). */
async function openDeadlines(today: string, where = isNull(grantDeadlines.doneAt)) {
  const rows = await db.select().from(grantDeadlines).where(where).orderBy(asc(grantDeadlines.dueOn))
  const done = await completionsOf(rows.map((r) => r.id))
  const from = DateTime.fromISO(today, { zone: 'UTC' }).minus({ days: OVERDUE_DAYS }).toISODate()!
  return rows.map((row) => {
    const completed = done.get(row.id) ?? new Set<string>()
    return { ...row, completed, next: row.doneAt ? [] : openOccurrences(row, completed, from, 3) }
  })
}

const nextOpenDate = (deadlines: { next: string[] }[]) => deadlines.flatMap((d) => d.next.slice(0, 1)).sort()[0] ?? null

/** Done occurrences of recurring deadlines, by deadline id. */
async function completionsOf(deadlineIds: string[], tx: DbOrTx = db) {
  const out = new Map<string, Set<string>>()
  if (deadlineIds.length === 0) return out
  const rows = await tx
    .select({ deadlineId: grantDeadlineCompletions.deadlineId, occursOn: grantDeadlineCompletions.occursOn })
    .from(grantDeadlineCompletions)
    .where(inArray(grantDeadlineCompletions.deadlineId, deadlineIds))
  for (const row of rows) {
    if (!out.has(row.deadlineId)) out.set(row.deadlineId, new Set())
    out.get(row.deadlineId)!.add(row.occursOn)
  }
  return out
}

async function getGrant(id: string, today: string) {
  const [grant] = await db.select().from(grants).where(eq(grants.id, id))
  if (!grant) return null
  const deadlines = await openDeadlines(today, eq(grantDeadlines.grantId, id))
  return {
    ...grant,
    deadlines: deadlines.map(({ completed, ...d }) => ({
      ...d,
      completedCount: completed.size,
      lastCompleted: [...completed].sort().at(-1) ?? null,
    })),
  }
}

// ---------------------------------------------------------------- deadlines

export async function addDeadline(input: DeadlineInput & { grantId: string; actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [grant] = await t.select({ id: grants.id }).from(grants).where(eq(grants.id, input.grantId))
    if (!grant) throw new DomainError('No such grant')
    const [row] = await t
      .insert(grantDeadlines)
      .values({
        grantId: input.grantId,
        kind: input.kind,
        dueOn: input.dueOn,
        rrule: normaliseRrule(input.rrule),
        note: input.note ?? null,
      })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'grant_deadline',
      entityId: row.id,
      action: 'create',
      after: { grantId: row.grantId, kind: row.kind, dueOn: row.dueOn, rrule: row.rrule },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

/**
 * Marks a deadline done. A one-off deadline is done as a whole; for a recurring one, only the
 * occurrence `occursOn` is: the series goes on, until every date of a finite series is done.
 */
export async function completeDeadline(input: { deadlineId: string; occursOn?: string | null; actorId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(grantDeadlines).where(eq(grantDeadlines.id, input.deadlineId)).for('update')
    if (!row) throw new DomainError('No such deadline')
    if (row.doneAt) throw new DomainError('This deadline is already done')
    if (!row.rrule) return finishDeadline(tx, row.id, input.actorId, null)
    const occursOn = input.occursOn ?? null
    if (!occursOn) throw new DomainError('Choose which occurrence of this repeating deadline is done')
    if (!isOccurrence(row, occursOn)) throw new DomainError(`${occursOn} is not a date of this deadline`)
    const inserted = await tx
      .insert(grantDeadlineCompletions)
      .values({ deadlineId: row.id, occursOn, doneById: input.actorId })
      .onConflictDoNothing()
      .returning()
    if (inserted.length === 0) throw new DomainError(`The ${occursOn} occurrence is already done`)
    // A finite series whose every date is now done is done as a whole.
    if (lastOccurrence(row)) {
      const done = (await completionsOf([row.id], tx)).get(row.id) ?? new Set<string>()
      if (openOccurrences(row, done, row.dueOn, 1).length === 0) return finishDeadline(tx, row.id, input.actorId, occursOn)
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'grant_deadline',
      entityId: row.id,
      action: 'complete',
      after: { occursOn },
    })
  })
}

async function finishDeadline(tx: DbOrTx, deadlineId: string, actorId: string, occursOn: string | null) {
  const [row] = await tx.update(grantDeadlines).set({ doneAt: new Date() }).where(eq(grantDeadlines.id, deadlineId)).returning()
  await recordAudit(tx, {
    actorId,
    entity: 'grant_deadline',
    entityId: row.id,
    action: 'complete',
    after: occursOn ? { occursOn, doneAt: row.doneAt, series: 'ended' } : { doneAt: row.doneAt },
  })
}

export interface DeadlineOccurrence {
  deadlineId: string
  grantId: string
  grantTitle: string
  funder: string
  kind: DeadlineKind
  /** ISO date, a calendar day in the project's time zone */
  date: string
  recurring: boolean
  ownerId: string | null
  note: string | null
}

/**
 * Every grant-deadline occurrence with a date in [from, to] (ISO dates, inclusive), recurring ones
 * expanded, done ones left out. Holds no donor data: fine for everyone's calendar feed.
 */
export async function listDeadlineOccurrences(range: { from: string; to: string }): Promise<DeadlineOccurrence[]> {
  const rows = await db
    .select({
      id: grantDeadlines.id,
      grantId: grants.id,
      grantTitle: grants.title,
      funder: grants.funder,
      kind: grantDeadlines.kind,
      dueOn: grantDeadlines.dueOn,
      rrule: grantDeadlines.rrule,
      note: grantDeadlines.note,
      ownerId: grants.ownerId,
    })
    .from(grantDeadlines)
    .innerJoin(grants, eq(grants.id, grantDeadlines.grantId))
    .where(
      and(
        isNull(grantDeadlines.doneAt),
        sql`${grantDeadlines.dueOn} <= ${range.to}`,
        sql`(${grantDeadlines.rrule} is not null or ${grantDeadlines.dueOn} >= ${range.from})`,
      ),
    )
  const done = await completionsOf(rows.filter((r) => r.rrule).map((r) => r.id))
  const out: DeadlineOccurrence[] = []
  for (const row of rows) {
    for (const date of deadlineDates({ dueOn: row.dueOn, rrule: row.rrule }, range.from, range.to)) {
      if (done.get(row.id)?.has(date)) continue
      out.push({
        deadlineId: row.id,
        grantId: row.grantId,
        grantTitle: row.grantTitle,
        funder: row.funder,
        kind: row.kind,
        date,
        recurring: Boolean(row.rrule),
        ownerId: row.ownerId,
        note: row.note,
      })
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.grantTitle.localeCompare(b.grantTitle))
}

// ---------------------------------------------------------------- pages

/**
 * Everything /fundraising/grants shows: the pipeline and its figures, and the deadlines of the next
 * 90 days. `readOnly` is the council's view: organisations, titles, stages and dates, without the
 * notes and links (which may name people) or anything to edit with.
 */
export async function getGrantsPage(input: { now: Date; readOnly?: boolean }) {
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now, { zone: settings.timeZone }).toISODate()!
  const [grantList, people, deadlines] = await Promise.all([
    listGrants(today),
    input.readOnly ? [] : listFundraisingPeople(),
    listDeadlineOccurrences({ from: today, to: DateTime.fromISO(today).plus({ days: 90 }).toISODate()! }),
  ])
  return {
    grants: input.readOnly ? grantList.map((g) => ({ ...g, notes: null, links: null })) : grantList,
    people,
    deadlines: input.readOnly ? deadlines.map((d) => ({ ...d, note: null })) : deadlines,
    stats: grantStats(grantList),
    pipelineWeights: PIPELINE_WEIGHTS,
    today,
    reportingCurrency: settings.reportingCurrency,
    readOnly: Boolean(input.readOnly),
  }
}

export async function getGrantPage(input: { grantId: string; now?: Date }) {
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now ?? new Date(), { zone: settings.timeZone }).toISODate()!
  const grant = await getGrant(input.grantId, today)
  if (!grant) return null
  return { grant, people: await listFundraisingPeople() }
}

export type GrantsPage = Awaited<ReturnType<typeof getGrantsPage>>
export type GrantPage = NonNullable<Awaited<ReturnType<typeof getGrantPage>>>
