// The conference budget: a target with its lines, the pledges towards it and what has arrived.
import { asc, desc, eq, inArray } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { fundraisingTargets, pledges } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { parseMoney } from '#app/utils/money.ts'
import { parseBudgetLines, type PledgeInput, type TargetInput } from './schemas.ts'

export async function createTarget(input: TargetInput & { actorId: string | null }, tx?: DbOrTx) {
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

export async function addPledge(input: PledgeInput & { actorId: string | null }, tx?: DbOrTx) {
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

/** Everything /fundraising/conference shows. */
export async function getConferencePage() {
  return { targets: await listTargets() }
}

export type ConferencePage = Awaited<ReturnType<typeof getConferencePage>>
