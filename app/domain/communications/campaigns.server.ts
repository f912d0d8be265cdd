import { and, asc, count, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsCampaigns, commsPosts } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import type { CampaignInput } from './schemas.ts'

/** Campaigns with their post counts, newest first. */
export async function listCampaigns(tx: DbOrTx = db) {
  return tx
    .select({
      id: commsCampaigns.id,
      name: commsCampaigns.name,
      startsOn: commsCampaigns.startsOn,
      endsOn: commsCampaigns.endsOn,
      goal: commsCampaigns.goal,
      isConference: commsCampaigns.isConference,
      posts: count(commsPosts.id),
      published: sql<number>`count(${commsPosts.id}) filter (where ${commsPosts.status} = 'published')`.mapWith(Number),
    })
    .from(commsCampaigns)
    .leftJoin(commsPosts, eq(commsPosts.campaignId, commsCampaigns.id))
    .groupBy(commsCampaigns.id)
    .orderBy(desc(commsCampaigns.startsOn), asc(commsCampaigns.name))
}

export async function getCampaign(id: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(commsCampaigns).where(eq(commsCampaigns.id, id))
  return row
}

function values(input: CampaignInput) {
  return {
    name: input.name,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
    goal: input.goal ?? null,
    isConference: input.isConference,
  }
}

export async function createCampaign(input: CampaignInput & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.insert(commsCampaigns).values(values(input)).returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_campaign', entityId: campaign.id, action: 'create', after: campaign })
    return campaign
  })
}

export async function updateCampaign(input: CampaignInput & { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getCampaign(input.id, tx)
    if (!before) throw new DomainError('No such campaign')
    const [after] = await tx
      .update(commsCampaigns)
      .set({ ...values(input), updatedAt: new Date() })
      .where(and(eq(commsCampaigns.id, input.id)))
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_campaign', entityId: input.id, action: 'update', before, after })
    return after
  })
}
