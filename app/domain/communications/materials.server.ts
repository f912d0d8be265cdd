import { asc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsMaterials, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import type { MaterialInput } from './schemas.ts'

/** Materials, open ones by due date first, delivered and dropped last. */
export async function listMaterials(tx: DbOrTx = db) {
  return tx
    .select({ material: commsMaterials, ownerName: users.name })
    .from(commsMaterials)
    .leftJoin(users, eq(users.id, commsMaterials.ownerId))
    .orderBy(
      sql`case when ${commsMaterials.status} in ('delivered', 'dropped') then 1 else 0 end`,
      asc(commsMaterials.dueOn),
      asc(commsMaterials.title),
    )
    .then((rows) => rows.map((r) => ({ ...r.material, ownerName: r.ownerName })))
}

export async function getMaterial(id: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(commsMaterials).where(eq(commsMaterials.id, id))
  return row
}

function values(input: MaterialInput) {
  return {
    kind: input.kind,
    title: input.title,
    status: input.status,
    ownerId: input.ownerId ?? null,
    dueOn: input.dueOn ?? null,
    link: input.link ?? null,
  }
}

export async function createMaterial(input: MaterialInput & { actorId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [material] = await tx
      .insert(commsMaterials)
      .values({ ...values(input), deliveredAt: input.status === 'delivered' ? (input.now ?? new Date()) : null })
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_material', entityId: material.id, action: 'create', after: material })
    return material
  })
}

/** Updates a material; moving it to delivered records when. */
export async function updateMaterial(input: MaterialInput & { id: string; actorId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const before = await getMaterial(input.id, tx)
    if (!before) throw new DomainError('No such material')
    const deliveredAt = input.status === 'delivered' ? (before.deliveredAt ?? input.now ?? new Date()) : null
    const [after] = await tx
      .update(commsMaterials)
      .set({ ...values(input), deliveredAt, updatedAt: new Date() })
      .where(eq(commsMaterials.id, input.id))
      .returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_material', entityId: input.id, action: 'update', before, after })
    return after
  })
}
