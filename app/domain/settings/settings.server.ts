import { inArray } from 'drizzle-orm'
import { db, type DbOrTx } from '#db/client.server.ts'
import { settings } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS, type OrganisationSettings, OrganisationSettingsSchema } from './organisation.ts'

const KEYS = Object.keys(DEFAULT_ORGANISATION_SETTINGS) as (keyof OrganisationSettings)[]

export async function getOrganisationSettings(tx: DbOrTx = db): Promise<OrganisationSettings> {
  const rows = await tx.select().from(settings).where(inArray(settings.key, KEYS))
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]))
  // Stored values are validated again: a bad row falls back to the default instead of breaking every page.
  const merged = { ...DEFAULT_ORGANISATION_SETTINGS, ...stored }
  const parsed = OrganisationSettingsSchema.safeParse(merged)
  return parsed.success ? parsed.data : DEFAULT_ORGANISATION_SETTINGS
}

export async function updateOrganisationSettings(input: { values: OrganisationSettings; actorId: string }) {
  return db.transaction(async (tx) => {
    const before = await getOrganisationSettings(tx)
    const now = new Date()
    for (const key of KEYS) {
      await tx
        .insert(settings)
        .values({ key, value: input.values[key], updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value: input.values[key], updatedAt: now } })
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'settings',
      entityId: 'organisation',
      action: 'update',
      before,
      after: input.values,
    })
    return input.values
  })
}
