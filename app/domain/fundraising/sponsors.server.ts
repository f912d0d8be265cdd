// Sponsors and funders: where each relationship stands, when it renews, who keeps it, and the log
// of what was said.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { sponsorInteractions, sponsors, sponsorStageChanges, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { readSetting, writeSetting } from '#app/domain/settings/keyed-settings.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { listFundraisingPeople } from './people.server.ts'
import { type InteractionInput, type SponsorInput, SponsorStageLabelsSchema, type SponsorStageInput } from './schemas.ts'
import { SPONSOR_STAGE_LABELS, SPONSOR_STAGES, SPONSORING_STAGES, type SponsorStage, type SponsorStageLabels } from './vocabulary.ts'

const STAGE_LABELS_KEY = 'fundraising.sponsorStageLabels'

/** The words the organisation uses for each pipeline stage (the defaults where none are set). */
export async function getSponsorStageLabels(tx: DbOrTx = db): Promise<SponsorStageLabels> {
  return readSetting(STAGE_LABELS_KEY, SponsorStageLabelsSchema, SPONSOR_STAGE_LABELS, tx)
}

/** Renames the stages (fundraising or admin); the keys, the history and the report are unchanged. */
export async function saveSponsorStageLabels(input: { labels: SponsorStageLabels; actorId: string }) {
  const labels = SponsorStageLabelsSchema.parse(input.labels)
  await writeSetting({ key: STAGE_LABELS_KEY, value: labels, actorId: input.actorId })
  return labels
}

/** Appends one row to a sponsor's stage history (inside the caller's transaction). */
async function recordStageChange(
  t: DbOrTx,
  input: { sponsorId: string; from: SponsorStage | null; to: SponsorStage; at: Date; byId: string | null; note?: string | null },
) {
  await t.insert(sponsorStageChanges).values({
    sponsorId: input.sponsorId,
    fromStage: input.from,
    toStage: input.to,
    at: input.at,
    byId: input.byId,
    note: input.note ?? null,
  })
}

export async function createSponsor(input: SponsorInput & { actorId: string | null; at?: Date }, tx?: DbOrTx) {
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
    await recordStageChange(t, { sponsorId: row.id, from: null, to: row.stage, at: row.stageChangedAt, byId: input.actorId })
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

export async function updateSponsor(input: SponsorInput & { sponsorId: string; actorId: string }) {
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
    if (before.stage !== input.stage)
      await recordStageChange(tx, { sponsorId: before.id, from: before.stage, to: input.stage, at: now, byId: input.actorId })
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

/**
 * Moves a sponsor to another stage: the sponsor's stage, a row of its history (who, when,
 * from → to, the note) and the audit log, in one transaction. `at` is for the demo data and tests;
 * people move sponsors now.
 */
export async function changeSponsorStage(input: SponsorStageInput & { actorId: string | null; at?: Date }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [before] = await t.select().from(sponsors).where(eq(sponsors.id, input.sponsorId)).for('update')
    if (!before) throw new DomainError('No such sponsor')
    if (before.stage === input.stage) throw new DomainError('The sponsor is already in that stage', 'stage')
    const at = input.at ?? new Date()
    await t.update(sponsors).set({ stage: input.stage, stageChangedAt: at, updatedAt: at }).where(eq(sponsors.id, before.id))
    await recordStageChange(t, { sponsorId: before.id, from: before.stage, to: input.stage, at, byId: input.actorId, note: input.note })
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'sponsor',
      entityId: before.id,
      action: 'stage',
      before: { stage: before.stage },
      after: { stage: input.stage, note: input.note ?? null },
    })
    return { sponsorId: before.id, from: before.stage, to: input.stage }
  }
  return tx ? run(tx) : db.transaction(run)
}

/** Each sponsor's stage history, newest first, with who made each change. */
async function listStageHistory(sponsorIds: string[]) {
  if (sponsorIds.length === 0) return []
  return db
    .select({
      id: sponsorStageChanges.id,
      sponsorId: sponsorStageChanges.sponsorId,
      fromStage: sponsorStageChanges.fromStage,
      toStage: sponsorStageChanges.toStage,
      at: sponsorStageChanges.at,
      note: sponsorStageChanges.note,
      byName: users.name,
    })
    .from(sponsorStageChanges)
    .leftJoin(users, eq(users.id, sponsorStageChanges.byId))
    .where(inArray(sponsorStageChanges.sponsorId, sponsorIds))
    .orderBy(desc(sponsorStageChanges.at), desc(sponsorStageChanges.id))
}

/**
 * Sponsors gained and lapsed in [start, end), read from the stage history alone, so the answer
 * for a past quarter never changes: gained = distinct sponsors moved into a sponsoring stage
 * (active, renewal due) from any other stage or as their first stage; lapsed = distinct sponsors
 * moved to lapsed. A sponsor that did both in one quarter counts in both.
 */
export async function countSponsorsGainedAndLapsed(range: { start: Date; end: Date }, tx: DbOrTx = db) {
  const sponsoring = sql.join(
    SPONSORING_STAGES.map((s) => sql`${s}`),
    sql`, `,
  )
  const [row] = await tx
    .select({
      gained: sql<number>`count(distinct ${sponsorStageChanges.sponsorId}) filter (where ${sponsorStageChanges.toStage} in (${sponsoring}) and (${sponsorStageChanges.fromStage} is null or ${sponsorStageChanges.fromStage} not in (${sponsoring})))::int`,
      lapsed: sql<number>`count(distinct ${sponsorStageChanges.sponsorId}) filter (where ${sponsorStageChanges.toStage} = 'lapsed')::int`,
    })
    .from(sponsorStageChanges)
    .where(and(gte(sponsorStageChanges.at, range.start), lt(sponsorStageChanges.at, range.end)))
  return { gained: Number(row?.gained ?? 0), lapsed: Number(row?.lapsed ?? 0) }
}

async function listSponsors() {
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

export async function logInteraction(input: InteractionInput & { actorId: string | null }, tx?: DbOrTx) {
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

async function listInteractions(sponsorIds: string[]) {
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

/**
 * Everything /fundraising/sponsors shows: the pipeline (each stage with its sponsors and count,
 * in the organisation's words), each sponsor's interactions and stage history, the people who may
 * own one, today. `readOnly` is the council's view: each organisation's stage, tier and renewal,
 * without notes, the interaction log or the history (which name people).
 */
export async function getSponsorsPage(input: { now: Date; readOnly?: boolean }) {
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now, { zone: settings.timeZone }).toISODate()!
  const [sponsorList, labels] = await Promise.all([listSponsors(), getSponsorStageLabels()])
  const counts = SPONSOR_STAGES.map((stage) => ({
    stage,
    label: labels[stage],
    count: sponsorList.filter((s) => s.stage === stage).length,
  }))
  if (input.readOnly) {
    return {
      sponsors: sponsorList.map((s) => ({ ...s, notes: null })),
      people: [],
      interactions: [],
      history: [],
      labels,
      counts,
      today,
      readOnly: true,
    }
  }
  const ids = sponsorList.map((s) => s.id)
  const [people, interactions, history] = await Promise.all([listFundraisingPeople(), listInteractions(ids), listStageHistory(ids)])
  return { sponsors: sponsorList, people, interactions, history, labels, counts, today, readOnly: false }
}

export type SponsorsPage = Awaited<ReturnType<typeof getSponsorsPage>>
