import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { db, type DbOrTx } from '#db/client.server.ts'
import { githubItems } from '#db/schema/community.ts'
import { readSetting, writeSetting } from '#app/domain/settings/keyed-settings.server.ts'

export const MAINTAINERS_SETTING = 'community.maintainers'
/** Authors GitHub marks with these associations are maintainers when the setting lists nobody. */
export const MAINTAINER_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'] as const

const LoginsSchema = z.array(z.string().min(1))

/** The logins listed in settings (possibly none). */
export async function readMaintainerSetting(tx: DbOrTx = db): Promise<string[]> {
  return readSetting(MAINTAINERS_SETTING, LoginsSchema, [], tx)
}

export async function saveMaintainerSetting(input: { logins: string[]; actorId: string | null }, tx?: DbOrTx) {
  await writeSetting({ key: MAINTAINERS_SETTING, value: input.logins, actorId: input.actorId }, tx)
}

/**
 * Who counts as a maintainer: the logins in the setting `community.maintainers`; when it lists
 * nobody, every non-bot author of a synced item whose association is OWNER, MEMBER or COLLABORATOR.
 * Returns lower-cased logins (compare with lower(login)) and where the list came from.
 */
export async function listMaintainerLogins(tx: DbOrTx = db): Promise<{ logins: string[]; source: 'setting' | 'association' }> {
  const listed = await readMaintainerSetting(tx)
  if (listed.length > 0) return { logins: [...new Set(listed.map((l) => l.toLowerCase()))].sort(), source: 'setting' }
  const rows = await tx
    .selectDistinct({ login: githubItems.authorLogin })
    .from(githubItems)
    // Literally the predicate of the partial index github_items_maintainer_authors_idx (values
    // bound as parameters would hide from the planner that the index covers them).
    .where(
      sql`${githubItems.authorAssociation} in (${sql.raw(MAINTAINER_ASSOCIATIONS.map((a) => `'${a}'`).join(', '))}) and not ${githubItems.authorIsBot} and ${githubItems.authorLogin} is not null`,
    )
  return { logins: [...new Set(rows.map((r) => r.login!.toLowerCase()))].sort(), source: 'association' }
}
