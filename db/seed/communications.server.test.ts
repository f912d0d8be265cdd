import { count } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { commsCadences, commsCampaigns, commsChannels, commsMaterials, commsPolicyVersions, commsPosts } from '#db/schema/index.ts'
import { getCommunicationsOverview } from '#app/domain/communications/slots.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { loadDemo } from './index.server.ts'

setupTestDatabase()

async function counts() {
  const tables = {
    channels: commsChannels,
    cadences: commsCadences,
    campaigns: commsCampaigns,
    posts: commsPosts,
    materials: commsMaterials,
    policy: commsPolicyVersions,
  }
  const out: Record<string, number> = {}
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table))[0].n
  return out
}

test('the demo seeder is idempotent and leaves some slots missed', async () => {
  const now = new Date('2026-11-25T12:00:00Z')
  await loadDemo({ now })
  const first = await counts()
  // X, LinkedIn, Mastodon (inactive) and the two demo channels of Reach (db/seed/reach.server.ts, inactive)
  expect(first).toMatchObject({ channels: 5, cadences: 2, campaigns: 1, materials: 3, policy: 2 })
  expect(first.posts).toBeGreaterThan(15)
  await loadDemo({ now })
  expect(await counts()).toEqual(first)
  const overview = await getCommunicationsOverview({ now })
  expect(overview.overall.adherence).toBeGreaterThan(0.4)
  expect(overview.overall.adherence).toBeLessThan(1)
  expect(overview.perChannel.map((c) => c.name)).toEqual(['LinkedIn', 'X'])
})
