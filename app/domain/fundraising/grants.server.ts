// Grants, from idea to closed, and their deadlines (one-off or recurring).
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { grantDeadlines, grants, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { parseMoney } from '#app/utils/money.ts'
import { deadlineDates, normaliseRrule } from './deadlines.ts'
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

async function listGrants() {
  return db
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
      nextDeadline: sql<
        string | null
      >`(select min(${grantDeadlines.dueOn})::text from ${grantDeadlines} where ${grantDeadlines.grantId} = ${grants.id} and ${grantDeadlines.doneAt} is null)`,
    })
    .from(grants)
    .leftJoin(users, eq(users.id, grants.ownerId))
    .orderBy(asc(grants.funder), asc(grants.title))
}

async function getGrant(id: string) {
  const [grant] = await db.select().from(grants).where(eq(grants.id, id))
  if (!grant) return null
  const deadlines = await db.select().from(grantDeadlines).where(eq(grantDeadlines.grantId, id)).orderBy(asc(grantDeadlines.dueOn))
  return { ...grant, deadlines }
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

export async function completeDeadline(input: { deadlineId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(grantDeadlines).set({ doneAt: new Date() }).where(eq(grantDeadlines.id, input.deadlineId)).returning()
    if (!row) throw new DomainError('No such deadline')
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'grant_deadline',
      entityId: row.id,
      action: 'complete',
      after: { doneAt: row.doneAt },
    })
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
  const out: DeadlineOccurrence[] = []
  for (const row of rows) {
    for (const date of deadlineDates({ dueOn: row.dueOn, rrule: row.rrule }, range.from, range.to)) {
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

/** Everything /fundraising/grants shows: the pipeline and its figures, and the deadlines of the next 90 days. */
export async function getGrantsPage(input: { now: Date }) {
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now, { zone: settings.timeZone }).toISODate()!
  const [grantList, people, deadlines] = await Promise.all([
    listGrants(),
    listFundraisingPeople(),
    listDeadlineOccurrences({ from: today, to: DateTime.fromISO(today).plus({ days: 90 }).toISODate()! }),
  ])
  return {
    grants: grantList,
    people,
    deadlines,
    stats: grantStats(grantList),
    pipelineWeights: PIPELINE_WEIGHTS,
    today,
    reportingCurrency: settings.reportingCurrency,
  }
}

/** Everything /fundraising/grants/:grantId shows, or null when there is no such grant. */
export async function getGrantPage(input: { grantId: string }) {
  const grant = await getGrant(input.grantId)
  if (!grant) return null
  return { grant, people: await listFundraisingPeople() }
}

export type GrantsPage = Awaited<ReturnType<typeof getGrantsPage>>
export type GrantPage = NonNullable<Awaited<ReturnType<typeof getGrantPage>>>
