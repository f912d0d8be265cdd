import { asc, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsChannels } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import type { ChannelInput } from './schemas.ts'
import { DEFAULT_CHARACTER_LIMITS } from './vocabulary.ts'

export async function listChannels(options: { activeOnly?: boolean } = {}, tx: DbOrTx = db) {
  const rows = await tx.select().from(commsChannels).orderBy(asc(commsChannels.name))
  return options.activeOnly ? rows.filter((c) => c.active) : rows
}

export async function getChannel(id: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(commsChannels).where(eq(commsChannels.id, id))
  return row
}

function values(input: ChannelInput) {
  return {
    kind: input.kind,
    name: input.name,
    handle: input.handle ?? null,
    active: input.active,
    // an empty limit takes the platform's default
    characterLimit: input.characterLimit ?? DEFAULT_CHARACTER_LIMITS[input.kind],
  }
}

export async function createChannel(input: ChannelInput & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [channel] = await tx.insert(commsChannels).values(values(input)).returning()
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_channel', entityId: channel.id, action: 'create', after: channel })
    return channel
  })
}

/** Updates a channel; deactivating keeps its posts and history (channels are never deleted). */
export async function updateChannel(input: ChannelInput & { id: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getChannel(input.id, tx)
    if (!before) throw new DomainError('No such channel')
    const [after] = await tx
      .update(commsChannels)
      .set({ ...values(input), updatedAt: new Date() })
      .where(eq(commsChannels.id, input.id))
      .returning()
    const action = before.active && !after.active ? 'deactivate' : !before.active && after.active ? 'reactivate' : 'update'
    await recordAudit(tx, { actorId: input.actorId, entity: 'comms_channel', entityId: input.id, action, before, after })
    return after
  })
}
