// Donors: people and organisations who gave, across platforms (personal data: fundraising and
// admin only). Editing their details, and merging two records of the same donor.
import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm'
import type { z } from 'zod'
import { db } from '#db/client.server.ts'
import { donations, donorIdentities, donors } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { liveDonation } from './ledger-sql.server.ts'
import type { UpdateDonorSchema } from './schemas.ts'

async function listDonors(query?: string | null) {
  const totals = db
    .select({
      donorId: donations.donorId,
      gifts: sql<number>`count(*)::int`.as('gifts'),
      lastAt: sql<Date>`max(${donations.receivedAt})`.as('last_at'),
    })
    .from(donations)
    .where(liveDonation)
    .groupBy(donations.donorId)
    .as('totals')
  const identities = db
    .select({ donorId: donorIdentities.donorId, sources: sql<string>`string_agg(distinct ${donorIdentities.source}, ', ')`.as('sources') })
    .from(donorIdentities)
    .groupBy(donorIdentities.donorId)
    .as('identities')
  return db
    .select({
      id: donors.id,
      kind: donors.kind,
      name: donors.name,
      email: donors.email,
      otherContact: donors.otherContact,
      consentToPublicThanks: donors.consentToPublicThanks,
      gifts: sql<number>`coalesce(${totals.gifts}, 0)`.mapWith(Number),
      lastAt: totals.lastAt,
      sources: identities.sources,
    })
    .from(donors)
    .leftJoin(totals, eq(totals.donorId, donors.id))
    .leftJoin(identities, eq(identities.donorId, donors.id))
    .where(and(isNull(donors.mergedIntoId), query ? or(ilike(donors.name, `%${query}%`), ilike(donors.email, `%${query}%`)) : undefined))
    .orderBy(asc(donors.name))
    .limit(500)
}

/** Donors not merged away who share a name: probably the same person on two platforms. */
async function listDonorMergeSuggestions() {
  return db
    .select({ name: sql<string>`min(${donors.name})`, ids: sql<string[]>`array_agg(${donors.id}::text order by ${donors.createdAt})` })
    .from(donors)
    .where(isNull(donors.mergedIntoId))
    .groupBy(sql`lower(${donors.name})`)
    .having(sql`count(*) > 1`)
    .orderBy(sql`min(${donors.name})`)
}

export async function updateDonor(input: z.infer<typeof UpdateDonorSchema> & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(donors).where(eq(donors.id, input.donorId))
    if (!before) throw new DomainError('No such donor')
    const after = {
      kind: input.kind,
      name: input.name,
      email: input.email ?? null,
      otherContact: input.otherContact ?? null,
      consentToPublicThanks: input.consentToPublicThanks ?? false,
    }
    await tx
      .update(donors)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(donors.id, input.donorId))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donor',
      entityId: input.donorId,
      action: 'update',
      before: { kind: before.kind, name: before.name, email: before.email, consentToPublicThanks: before.consentToPublicThanks },
      after,
    })
  })
}

/** Merges `fromId` into `intoId`: donations and platform identities move; the merged donor is kept, pointing to the other. */
export async function mergeDonors(input: { fromId: string; intoId: string; actorId: string }) {
  if (input.fromId === input.intoId) throw new DomainError('Choose two different donors')
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(donors)
      .where(or(eq(donors.id, input.fromId), eq(donors.id, input.intoId)))
    const from = rows.find((r) => r.id === input.fromId)
    const into = rows.find((r) => r.id === input.intoId)
    if (!from || !into) throw new DomainError('No such donor')
    if (from.mergedIntoId || into.mergedIntoId) throw new DomainError('One of these donors was already merged')
    const moved = await tx.update(donations).set({ donorId: into.id }).where(eq(donations.donorId, from.id)).returning({ id: donations.id })
    await tx.update(donorIdentities).set({ donorId: into.id }).where(eq(donorIdentities.donorId, from.id))
    await tx
      .update(donors)
      .set({
        mergedIntoId: into.id,
        updatedAt: new Date(),
      })
      .where(eq(donors.id, from.id))
    // Contact details the surviving donor lacks are kept.
    await tx
      .update(donors)
      .set({
        email: into.email ?? from.email,
        otherContact: into.otherContact ?? from.otherContact,
        consentToPublicThanks: into.consentToPublicThanks || from.consentToPublicThanks,
        updatedAt: new Date(),
      })
      .where(eq(donors.id, into.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'donor',
      entityId: from.id,
      action: 'merge',
      before: { name: from.name },
      after: { mergedIntoId: into.id, donationsMoved: moved.length },
    })
    return { moved: moved.length }
  })
}

/** Everything /fundraising/donors shows: the donors (matching `query`), and the pairs that look like one donor twice. */
export async function getDonorsPage(input: { query: string | null }) {
  const [donors, suggestions, settings] = await Promise.all([
    listDonors(input.query),
    listDonorMergeSuggestions(),
    getOrganisationSettings(),
  ])
  const byId = new Map(donors.map((d) => [d.id, d]))
  return {
    q: input.query,
    donors,
    suggestions: suggestions
      .map((s) => ({ name: s.name, donors: s.ids.map((id) => byId.get(id)).filter((d) => d !== undefined) }))
      .filter((s) => s.donors.length > 1),
    timeZone: settings.timeZone,
  }
}

export type DonorsPage = Awaited<ReturnType<typeof getDonorsPage>>
