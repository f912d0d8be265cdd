// Grants and their deadlines, sponsors and their interaction log, the conference budget.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { db, type DbOrTx } from '#db/client.server.ts'
import {
  DEADLINE_KINDS,
  fundraisingTargets,
  GRANT_STATUSES,
  grantDeadlines,
  grants,
  INTERACTION_KINDS,
  pledges,
  SPONSOR_STAGES,
  sponsorInteractions,
  sponsors,
  users,
  type DeadlineKind,
  type GrantStatus,
} from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { deadlineDates, isValidRrule, normaliseRrule } from './deadlines.ts'
export { grantStats, PIPELINE_WEIGHTS } from './grants.ts'
import { isCurrencyCode, MoneyParseError, parseMoney } from './money.ts'

const optionalText = (max = 2000) => z.string().trim().max(max).optional()
const optionalDate = z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }).optional()
const currency = z
  .string({ message: 'Enter a currency code' })
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'Use a three-letter ISO 4217 code, like USD')

function moneyField(value: string | undefined, currencyCode: string, path: string, ctx: z.RefinementCtx) {
  if (!value) return
  try {
    if (parseMoney(value, currencyCode) < 0) ctx.addIssue({ code: 'custom', path: [path], message: 'Enter a positive amount' })
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: [path], message: error instanceof MoneyParseError ? error.message : 'Not an amount' })
  }
}

const toMinor = (value: string | undefined, currencyCode: string) => (value ? parseMoney(value, currencyCode) : null)

// ---------------------------------------------------------------- grants

export const GrantSchema = z
  .object({
    funder: z.string({ message: 'Enter the funder' }).trim().min(1, 'Enter the funder').max(200),
    title: z.string({ message: 'Enter a title' }).trim().min(1, 'Enter a title').max(300),
    amountAsked: optionalText(40),
    amountAwarded: optionalText(40),
    currency,
    status: z.enum(GRANT_STATUSES),
    ownerId: z.uuid().optional(),
    periodStart: optionalDate,
    periodEnd: optionalDate,
    links: optionalText(),
    notes: optionalText(10_000),
  })
  .superRefine((v, ctx) => {
    moneyField(v.amountAsked, v.currency, 'amountAsked', ctx)
    moneyField(v.amountAwarded, v.currency, 'amountAwarded', ctx)
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'The period ends before it starts' })
  })
export type GrantInput = z.infer<typeof GrantSchema>

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

export async function listGrants() {
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

export async function getGrant(id: string) {
  const [grant] = await db.select().from(grants).where(eq(grants.id, id))
  if (!grant) return null
  const deadlines = await db.select().from(grantDeadlines).where(eq(grantDeadlines.grantId, id)).orderBy(asc(grantDeadlines.dueOn))
  return { ...grant, deadlines }
}

// ---------------------------------------------------------------- deadlines

export const DeadlineSchema = z.object({
  kind: z.enum(DEADLINE_KINDS),
  dueOn: z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }),
  rrule: z
    .string()
    .trim()
    .optional()
    .refine((v) => isValidRrule(v), 'Not a valid RRULE; try FREQ=MONTHLY;INTERVAL=3'),
  note: optionalText(500),
})

export async function addDeadline(input: z.infer<typeof DeadlineSchema> & { grantId: string; actorId: string | null }, tx?: DbOrTx) {
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

// ---------------------------------------------------------------- sponsors

export const SponsorSchema = z.object({
  organisation: z.string({ message: 'Enter the organisation' }).trim().min(1, 'Enter the organisation').max(200),
  kind: z.string().trim().max(60).default('company'),
  stage: z.enum(SPONSOR_STAGES),
  tier: optionalText(100),
  renewalOn: optionalDate,
  ownerId: z.uuid().optional(),
  notes: optionalText(5000),
})

export async function createSponsor(input: z.infer<typeof SponsorSchema> & { actorId: string | null; at?: Date }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [row] = await t
      .insert(sponsors)
      .values({
        organisation: input.organisation,
        kind: input.kind,
        stage: input.stage,
        tier: input.tier ?? null,
        renewalOn: input.renewalOn ?? null,
        ownerId: input.ownerId ?? null,
        notes: input.notes ?? null,
        stageChangedAt: input.at ?? new Date(),
      })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'sponsor',
      entityId: row.id,
      action: 'create',
      after: { organisation: row.organisation, stage: row.stage, tier: row.tier, renewalOn: row.renewalOn },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export async function updateSponsor(input: z.infer<typeof SponsorSchema> & { sponsorId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(sponsors).where(eq(sponsors.id, input.sponsorId)).for('update')
    if (!before) throw new DomainError('No such sponsor')
    const now = new Date()
    const after = {
      organisation: input.organisation,
      kind: input.kind,
      stage: input.stage,
      tier: input.tier ?? null,
      renewalOn: input.renewalOn ?? null,
      ownerId: input.ownerId ?? null,
      notes: input.notes ?? null,
    }
    await tx
      .update(sponsors)
      .set({ ...after, stageChangedAt: before.stage === input.stage ? before.stageChangedAt : now, updatedAt: now })
      .where(eq(sponsors.id, input.sponsorId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'sponsor',
      entityId: input.sponsorId,
      action: 'update',
      before: { stage: before.stage, tier: before.tier, renewalOn: before.renewalOn },
      after,
    })
  })
}

export async function listSponsors() {
  return db
    .select({
      id: sponsors.id,
      organisation: sponsors.organisation,
      kind: sponsors.kind,
      stage: sponsors.stage,
      tier: sponsors.tier,
      renewalOn: sponsors.renewalOn,
      ownerId: sponsors.ownerId,
      ownerName: users.name,
      notes: sponsors.notes,
      lastInteraction: sql<
        string | null
      >`(select max(${sponsorInteractions.on})::text from ${sponsorInteractions} where ${sponsorInteractions.sponsorId} = ${sponsors.id})`,
    })
    .from(sponsors)
    .leftJoin(users, eq(users.id, sponsors.ownerId))
    .orderBy(asc(sponsors.organisation))
}

export const InteractionSchema = z.object({
  kind: z.enum(INTERACTION_KINDS),
  on: z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }),
  text: z.string({ message: 'Say what happened' }).trim().min(1, 'Say what happened').max(5000),
})

export async function logInteraction(
  input: z.infer<typeof InteractionSchema> & { sponsorId: string; actorId: string | null },
  tx?: DbOrTx,
) {
  const run = async (t: DbOrTx) => {
    const [sponsor] = await t.select({ id: sponsors.id }).from(sponsors).where(eq(sponsors.id, input.sponsorId))
    if (!sponsor) throw new DomainError('No such sponsor')
    const [row] = await t
      .insert(sponsorInteractions)
      .values({ sponsorId: input.sponsorId, kind: input.kind, on: input.on, text: input.text, byId: input.actorId })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'sponsor_interaction',
      entityId: row.id,
      action: 'create',
      after: { sponsorId: row.sponsorId, kind: row.kind, on: row.on },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export async function listInteractions(sponsorIds: string[]) {
  if (sponsorIds.length === 0) return []
  return db
    .select({
      id: sponsorInteractions.id,
      sponsorId: sponsorInteractions.sponsorId,
      kind: sponsorInteractions.kind,
      on: sponsorInteractions.on,
      text: sponsorInteractions.text,
      byName: users.name,
    })
    .from(sponsorInteractions)
    .leftJoin(users, eq(users.id, sponsorInteractions.byId))
    .where(inArray(sponsorInteractions.sponsorId, sponsorIds))
    .orderBy(desc(sponsorInteractions.on), desc(sponsorInteractions.createdAt))
}

// ---------------------------------------------------------------- conference budget

export const TargetSchema = z
  .object({
    name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(200),
    currency,
    target: z.string({ message: 'Enter the target' }).trim().min(1, 'Enter the target'),
    dueOn: optionalDate,
    lines: z.string().trim().max(5000).optional(),
  })
  .superRefine((v, ctx) => {
    moneyField(v.target, v.currency, 'target', ctx)
    for (const line of parseBudgetLines(v.lines ?? '')) {
      if (line.error) ctx.addIssue({ code: 'custom', path: ['lines'], message: line.error })
    }
  })

/** Budget lines as a person types them: one per line, "Venue: 4000". */
export function parseBudgetLines(text: string, currencyCode = 'USD') {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const match = /^(.+?)[:=\t]\s*([^:=\t]+)$/.exec(l)
      if (!match) return { label: l, amount: 0, error: `"${l}": write "label: amount"` }
      try {
        return { label: match[1].trim(), amount: parseMoney(match[2], currencyCode), error: null }
      } catch {
        return { label: match[1].trim(), amount: 0, error: `"${l}": the amount is not a number` }
      }
    })
}

export async function createTarget(input: z.infer<typeof TargetSchema> & { actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const lines = parseBudgetLines(input.lines ?? '', input.currency).map(({ label, amount }) => ({ label, amount }))
    const [row] = await t
      .insert(fundraisingTargets)
      .values({
        name: input.name,
        currency: input.currency,
        target: parseMoney(input.target, input.currency),
        dueOn: input.dueOn ?? null,
        lines,
      })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'fundraising_target',
      entityId: row.id,
      action: 'create',
      after: { name: row.name, currency: row.currency, target: row.target, lines },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export const PledgeSchema = z.object({
  from: z.string({ message: 'Who pledged?' }).trim().min(1, 'Who pledged?').max(200),
  amount: z.string({ message: 'Enter the amount' }).trim().min(1, 'Enter the amount'),
  pledgedOn: z.iso.date({ message: 'Enter the date as YYYY-MM-DD' }),
  received: z.string().trim().optional(),
  receivedOn: optionalDate,
  sponsorId: z.uuid().optional(),
})

export async function addPledge(input: z.infer<typeof PledgeSchema> & { targetId: string; actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [target] = await t.select().from(fundraisingTargets).where(eq(fundraisingTargets.id, input.targetId))
    if (!target) throw new DomainError('No such budget')
    let amount: number
    let received: number
    try {
      amount = parseMoney(input.amount, target.currency)
      received = input.received ? parseMoney(input.received, target.currency) : 0
    } catch (error) {
      throw new DomainError(error instanceof Error ? error.message : 'Not an amount', 'amount')
    }
    if (amount <= 0) throw new DomainError('Enter a positive amount', 'amount')
    if (received > amount) throw new DomainError('More received than pledged: raise the pledge first', 'received')
    const [row] = await t
      .insert(pledges)
      .values({
        targetId: target.id,
        from: input.from,
        amount,
        pledgedOn: input.pledgedOn,
        receivedAmount: received,
        receivedOn: received > 0 ? (input.receivedOn ?? input.pledgedOn) : null,
        sponsorId: input.sponsorId ?? null,
      })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'pledge',
      entityId: row.id,
      action: 'create',
      after: { targetId: target.id, from: row.from, amount, received },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

export async function recordPledgeReceipt(input: { pledgeId: string; received: string; receivedOn: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [pledge] = await tx
      .select()
      .from(pledges)
      .innerJoin(fundraisingTargets, eq(fundraisingTargets.id, pledges.targetId))
      .where(eq(pledges.id, input.pledgeId))
    if (!pledge) throw new DomainError('No such pledge')
    const received = parseMoney(input.received, pledge.fundraising_targets.currency)
    if (received > pledge.pledges.amount) throw new DomainError('More received than pledged', 'received')
    await tx.update(pledges).set({ receivedAmount: received, receivedOn: input.receivedOn }).where(eq(pledges.id, input.pledgeId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'pledge',
      entityId: input.pledgeId,
      action: 'receive',
      before: { received: pledge.pledges.receivedAmount },
      after: { received, receivedOn: input.receivedOn },
    })
  })
}

/** Budgets with their pledges and progress (pledged and received against target). */
export async function listTargets() {
  const targets = await db.select().from(fundraisingTargets).orderBy(desc(fundraisingTargets.createdAt))
  if (targets.length === 0) return []
  const rows = await db
    .select()
    .from(pledges)
    .where(
      inArray(
        pledges.targetId,
        targets.map((t) => t.id),
      ),
    )
    .orderBy(asc(pledges.pledgedOn))
  return targets.map((t) => {
    const own = rows.filter((p) => p.targetId === t.id)
    return {
      ...t,
      pledges: own,
      pledged: own.reduce((s, p) => s + p.amount, 0),
      received: own.reduce((s, p) => s + p.receivedAmount, 0),
      budgeted: t.lines.reduce((s, l) => s + l.amount, 0),
    }
  })
}

export async function listFundraisingPeople() {
  return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.active, true)).orderBy(asc(users.name))
}
