// The conference budget: a target in the reporting currency with its lines, the pledges towards it
// in any currency (converted by the ledger's exchange-rate rules, see conference.ts) and what has
// arrived, linked to the conference campaign of communications.
import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsCampaigns, commsPosts, exchangeRates, fundraisingTargets, pledges } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { parseMoney } from '#app/utils/money.ts'
import { convertPledges } from './conference.ts'
import { parseBudgetLines, type PledgeInput, type TargetInput, type UpdateTargetInput } from './schemas.ts'

function budgetValues(input: TargetInput, currency: string) {
  const lines = parseBudgetLines(input.lines ?? '', currency).map(({ label, amount }) => ({ label, amount }))
  let target: number
  try {
    target = parseMoney(input.target, currency)
  } catch (error) {
    throw new DomainError(error instanceof Error ? error.message : 'Not an amount', 'target')
  }
  if (target <= 0) throw new DomainError('Enter a positive target', 'target')
  return { name: input.name, target, dueOn: input.dueOn ?? null, lines, campaignId: input.campaignId ?? null }
}

async function requireCampaign(t: DbOrTx, campaignId: string | null) {
  if (!campaignId) return
  const [row] = await t.select({ id: commsCampaigns.id }).from(commsCampaigns).where(eq(commsCampaigns.id, campaignId))
  if (!row) throw new DomainError('No such campaign', 'campaignId')
}

/** A new budget, in the reporting currency. */
export async function createTarget(input: TargetInput & { actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const { reportingCurrency } = await getOrganisationSettings(t)
    const values = budgetValues(input, reportingCurrency)
    await requireCampaign(t, values.campaignId)
    const [row] = await t
      .insert(fundraisingTargets)
      .values({ ...values, currency: reportingCurrency })
      .returning()
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'fundraising_target',
      entityId: row.id,
      action: 'create',
      after: { name: row.name, currency: row.currency, target: row.target, lines: row.lines, campaignId: row.campaignId },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

/** Changes a budget's name, target, lines, date or campaign; its currency stays. */
export async function updateTarget(input: UpdateTargetInput & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(fundraisingTargets).where(eq(fundraisingTargets.id, input.targetId)).for('update')
    if (!before) throw new DomainError('No such budget')
    const values = budgetValues(input, before.currency)
    await requireCampaign(tx, values.campaignId)
    const [after] = await tx
      .update(fundraisingTargets)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(fundraisingTargets.id, before.id))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'fundraising_target',
      entityId: before.id,
      action: 'update',
      before: { name: before.name, target: before.target, dueOn: before.dueOn, lines: before.lines, campaignId: before.campaignId },
      after: { name: after.name, target: after.target, dueOn: after.dueOn, lines: after.lines, campaignId: after.campaignId },
    })
    return after
  })
}

/** A pledge in its own currency (the budget's when none is given). */
export async function addPledge(input: Omit<PledgeInput, 'currency'> & { currency?: string; actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [target] = await t.select().from(fundraisingTargets).where(eq(fundraisingTargets.id, input.targetId))
    if (!target) throw new DomainError('No such budget')
    const currency = input.currency ?? target.currency
    let amount: number
    let received: number
    try {
      amount = parseMoney(input.amount, currency)
      received = input.received ? parseMoney(input.received, currency) : 0
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
        currency,
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
      after: { targetId: target.id, from: row.from, currency, amount, received },
    })
    return row
  }
  return tx ? run(tx) : db.transaction(run)
}

/** The campaigns' posts: how many, how many published, and the next one scheduled after `now`. */
async function campaignPosts(campaignIds: string[], now: Date) {
  if (campaignIds.length === 0) return []
  const [counts, upcoming] = await Promise.all([
    db
      .select({
        campaignId: commsPosts.campaignId,
        posts: count(commsPosts.id),
        published: sql<number>`count(*) filter (where ${commsPosts.status} = 'published')`.mapWith(Number),
      })
      .from(commsPosts)
      .where(inArray(commsPosts.campaignId, campaignIds))
      .groupBy(commsPosts.campaignId),
    db
      .selectDistinctOn([commsPosts.campaignId], {
        campaignId: commsPosts.campaignId,
        id: commsPosts.id,
        title: commsPosts.title,
        scheduledFor: commsPosts.scheduledFor,
      })
      .from(commsPosts)
      .where(and(inArray(commsPosts.campaignId, campaignIds), eq(commsPosts.status, 'scheduled'), gt(commsPosts.scheduledFor, now)))
      .orderBy(commsPosts.campaignId, asc(commsPosts.scheduledFor)),
  ])
  return campaignIds.map((id) => {
    const c = counts.find((x) => x.campaignId === id)
    const next = upcoming.find((x) => x.campaignId === id)
    return {
      campaignId: id,
      posts: c?.posts ?? 0,
      published: c?.published ?? 0,
      nextPost: next ? { id: next.id, title: next.title, scheduledFor: next.scheduledFor!.toISOString() } : null,
    }
  })
}

/** Budgets with their pledges converted into the budget currency and their progress against target. */
export async function listTargets(input: { campaignIds?: string[] } = {}) {
  const targets = await db
    .select()
    .from(fundraisingTargets)
    .where(input.campaignIds ? inArray(fundraisingTargets.campaignId, input.campaignIds) : undefined)
    .orderBy(desc(fundraisingTargets.createdAt))
  if (targets.length === 0) return []
  const [{ reportingCurrency }, rows] = await Promise.all([
    getOrganisationSettings(),
    db
      .select()
      .from(pledges)
      .where(
        inArray(
          pledges.targetId,
          targets.map((t) => t.id),
        ),
      )
      .orderBy(asc(pledges.pledgedOn), asc(pledges.createdAt)),
  ])
  const foreign = [...new Set(rows.map((p) => p.currency).filter((c) => c !== reportingCurrency))]
  const rates = foreign.length
    ? await db
        .select({
          currency: exchangeRates.currency,
          validFrom: exchangeRates.validFrom,
          rate: exchangeRates.rate,
          source: exchangeRates.source,
        })
        .from(exchangeRates)
        .where(inArray(exchangeRates.currency, foreign))
    : []
  return targets.map((t) => {
    const converted = convertPledges({
      pledges: rows.filter((p) => p.targetId === t.id),
      budgetCurrency: t.currency,
      reportingCurrency,
      rates,
    })
    return { ...t, ...converted, budgeted: t.lines.reduce((s, l) => s + l.amount, 0) }
  })
}

/**
 * The funding progress of the conference budgets linked to these campaigns (for the campaigns
 * page): aggregates only, no pledge or pledger.
 */
export async function getCampaignFunding(campaignIds: string[]) {
  if (campaignIds.length === 0) return []
  const targets = await listTargets({ campaignIds })
  return targets.map((t) => ({
    campaignId: t.campaignId!,
    name: t.name,
    currency: t.currency,
    target: t.target,
    pledged: t.pledged,
    received: t.received,
    unconverted: t.unconverted.length,
  }))
}

/** Everything /fundraising/conference shows: the budgets, the campaigns to link and their posts. */
export async function getConferencePage(input: { now: Date }) {
  const [targets, campaigns, { reportingCurrency }] = await Promise.all([
    listTargets(),
    db
      .select({ id: commsCampaigns.id, name: commsCampaigns.name, isConference: commsCampaigns.isConference })
      .from(commsCampaigns)
      .orderBy(desc(commsCampaigns.isConference), desc(commsCampaigns.startsOn), asc(commsCampaigns.name)),
    getOrganisationSettings(),
  ])
  const posts = await campaignPosts([...new Set(targets.flatMap((t) => (t.campaignId ? [t.campaignId] : [])))], input.now)
  return {
    targets: targets.map((t) => ({
      ...t,
      campaign: t.campaignId
        ? { name: campaigns.find((c) => c.id === t.campaignId)?.name ?? '', ...posts.find((p) => p.campaignId === t.campaignId)! }
        : null,
    })),
    campaigns,
    reportingCurrency,
  }
}

export type ConferencePage = Awaited<ReturnType<typeof getConferencePage>>
