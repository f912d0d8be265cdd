import { asc, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsCadences, commsChannels } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { buildWeeklyRrule, checkRrule, describeRrule } from './cadence.ts'
import type { CadenceFormInput } from './schemas.ts'

export async function listCadences(tx: DbOrTx = db) {
  const rows = await tx
    .select({ cadence: commsCadences, channelName: commsChannels.name })
    .from(commsCadences)
    .leftJoin(commsChannels, eq(commsChannels.id, commsCadences.channelId))
    .orderBy(asc(commsCadences.validFrom))
  return rows.map((r) => ({ ...r.cadence, channelName: r.channelName, description: describeRrule(r.cadence.rrule) }))
}

export async function getCadence(id: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(commsCadences).where(eq(commsCadences.id, id))
  return row
}

/** The stored rule from either the simple form or the advanced field. */
export function ruleFromForm(input: CadenceFormInput) {
  if (input.mode === 'simple') return buildWeeklyRrule({ intervalWeeks: input.intervalWeeks ?? 1, weekdays: input.weekdays })
  const check = checkRrule(input.rrule ?? '')
  if (!check.ok) throw new DomainError(check.message, 'rrule')
  return check.rrule
}

function values(input: CadenceFormInput) {
  return {
    channelId: input.channelId ?? null,
    rrule: ruleFromForm(input),
    validFrom: input.validFrom,
    validUntil: input.validUntil ?? null,
    timeOfDay: input.timeOfDay,
    label: input.label,
  }
}

export async function createCadence(input: CadenceFormInput & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [cadence] = await tx.insert(commsCadences).values(values(input)).returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_cadence', entityId: cadence.id, action: 'create', after: cadence })
    return cadence
  })
}

export async function updateCadence(input: CadenceFormInput & { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getCadence(input.id, tx)
    if (!before) throw new DomainError('No such cadence')
    const [after] = await tx
      .update(commsCadences)
      .set({ ...values(input), updatedAt: new Date() })
      .where(eq(commsCadences.id, input.id))
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_cadence', entityId: input.id, action: 'update', before, after })
    return after
  })
}

/** Removes a cadence (its slots disappear; posts stay). To change a rhythm over time, end it instead. */
export async function deleteCadence(input: { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getCadence(input.id, tx)
    if (!before) throw new DomainError('No such cadence')
    await tx.delete(commsCadences).where(eq(commsCadences.id, input.id))
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_cadence', entityId: input.id, action: 'delete', before })
  })
}
