// Sponsors and funders: where each relationship stands, when it renews, who keeps it, and the log
// of what was said.
import { asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db, type DbOrTx } from '#db/client.server.ts'
import { sponsorInteractions, sponsors, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { listFundraisingPeople } from './people.server.ts'
import type { InteractionInput, SponsorInput } from './schemas.ts'

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

/** Everything /fundraising/sponsors shows: each sponsor with its latest interactions, the people who may own one, today. */
/**
 * Everything /fundraising/sponsors shows. `readOnly` is the council's view: each organisation's
 * stage, tier and renewal, without notes or the interaction log (which name people).
 */
export async function getSponsorsPage(input: { now: Date; readOnly?: boolean }) {
  const settings = await getOrganisationSettings()
  const today = DateTime.fromJSDate(input.now, { zone: settings.timeZone }).toISODate()!
  const sponsorList = await listSponsors()
  if (input.readOnly) {
    return { sponsors: sponsorList.map((s) => ({ ...s, notes: null })), people: [], interactions: [], today, readOnly: true }
  }
  const [people, interactions] = await Promise.all([listFundraisingPeople(), listInteractions(sponsorList.map((s) => s.id))])
  return { sponsors: sponsorList, people, interactions, today, readOnly: false }
}

export type SponsorsPage = Awaited<ReturnType<typeof getSponsorsPage>>
