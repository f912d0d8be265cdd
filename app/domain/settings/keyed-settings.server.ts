import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import { db, type DbOrTx } from '#db/client.server.ts'
import { settings } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { memoInRequest } from '#app/utils/request-memo.server.ts'

/**
 * Every stored setting by key: a handful of small rows (the organisation's and each area's), read
 * in one statement, once per page request outside a transaction (a page such as /community reads
 * the organisation's settings in two loaders and an area's setting besides).
 */
export function readSettingValues(tx: DbOrTx = db): Promise<ReadonlyMap<string, unknown>> {
  const read = async () =>
    new Map((await tx.select({ key: settings.key, value: settings.value }).from(settings)).map((r) => [r.key, r.value]))
  return tx === db ? memoInRequest('settings', read) : read()
}

/**
 * One setting of an area, stored under a namespaced key ("community.responseTargetHours").
 * A stored value that no longer passes the schema falls back to the default.
 */
export async function readSetting<T>(key: string, schema: z.ZodType<T>, fallback: T, tx: DbOrTx = db): Promise<T> {
  const values = await readSettingValues(tx)
  if (!values.has(key)) return fallback
  const parsed = schema.safeParse(values.get(key))
  return parsed.success ? parsed.data : fallback
}

export async function writeSetting<T>(input: { key: string; value: T; actorId: string | null }, tx?: DbOrTx) {
  const run = async (t: DbOrTx) => {
    const [before] = await t.select().from(settings).where(eq(settings.key, input.key))
    const now = new Date()
    await t
      .insert(settings)
      .values({ key: input.key, value: input.value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: input.value, updatedAt: now } })
    await recordAudit(t, {
      actorId: input.actorId,
      entity: 'settings',
      entityId: input.key,
      action: 'update',
      before: before?.value ?? null,
      after: input.value,
    })
  }
  return tx ? run(tx) : db.transaction(run)
}
