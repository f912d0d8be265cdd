import { db, type DbOrTx } from '#db/client.server.ts'
import { settings } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import { memoInRequest } from '#app/utils/request-memo.server.ts'
import { readSettingValues } from './keyed-settings.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS, type OrganisationSettings, OrganisationSettingsSchema } from './organisation.ts'

const KEYS = Object.keys(DEFAULT_ORGANISATION_SETTINGS) as (keyof OrganisationSettings)[]

/** The organisation's settings; a page request's loaders share one read (request-memo.server.ts). */
export function getOrganisationSettings(tx: DbOrTx = db): Promise<OrganisationSettings> {
  const read = async () => {
    const values = await readSettingValues(tx)
    const stored = Object.fromEntries(KEYS.filter((key) => values.has(key)).map((key) => [key, values.get(key)]))
    // Stored values are validated again: a bad row falls back to the default instead of breaking every page.
    const merged = { ...DEFAULT_ORGANISATION_SETTINGS, ...stored }
    const parsed = OrganisationSettingsSchema.safeParse(merged)
    return parsed.success ? parsed.data : DEFAULT_ORGANISATION_SETTINGS
  }
  return tx === db ? memoInRequest('organisation-settings', read) : read()
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
