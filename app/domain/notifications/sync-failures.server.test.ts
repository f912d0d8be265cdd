// A failed forum or mailbox sync, and a failed donation sync, become notifications for the people
// who fix them; the next successful sync (which clears the error) takes them away.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources, fundingConnections } from '#db/schema/index.ts'
import { sourceSyncFailedProducer } from '#app/domain/community/notifications.server.ts'
import { fundingSyncFailedProducer } from '#app/domain/fundraising/notifications.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'

setupTestDatabase()

const context = { now: new Date('2026-11-30T09:00:00Z'), today: '2026-11-30', settings: DEFAULT_ORGANISATION_SETTINGS }
const failedAt = new Date('2026-11-30T08:00:00Z')

test('a forum whose last sync failed notifies community and admin until a sync succeeds; a removed source does not', async () => {
  const [forum] = await db
    .insert(communitySources)
    .values({
      kind: 'discourse',
      name: 'PyBaMM Discourse',
      url: 'https://discourse.example.org',
      lastError: 'the forum did not answer',
      lastErrorAt: failedAt,
    })
    .returning()
  await db.insert(communitySources).values({
    kind: 'discourse',
    name: 'Old forum',
    url: 'https://old.example.org',
    lastError: 'gone',
    lastErrorAt: failedAt,
    active: false,
  })
  expect(await sourceSyncFailedProducer.produce(context)).toEqual([
    {
      subject: `source:${forum.id}`,
      occurrence: failedAt.toISOString(),
      text: 'The sync of PyBaMM Discourse failed: the forum did not answer',
      link: '/community/sources',
      to: { roles: ['admin', 'community'] },
    },
  ])
  await db.update(communitySources).set({ lastError: null, lastErrorAt: null }).where(eq(communitySources.id, forum.id))
  expect(await sourceSyncFailedProducer.produce(context)).toEqual([])
})

test('a failed Open Collective sync notifies fundraising and admin; a paused connection does not', async () => {
  const [oc] = await db
    .insert(fundingConnections)
    .values({
      kind: 'opencollective',
      account: 'pybamm',
      status: 'active',
      lastResult: 'failed',
      lastError: 'Open Collective has no collective "pybamm"',
      lastSyncAt: failedAt,
    })
    .returning()
  await db.insert(fundingConnections).values({
    kind: 'github_sponsors',
    account: 'pybamm-team',
    status: 'paused',
    lastResult: 'failed',
    lastError: 'token refused',
    lastSyncAt: failedAt,
  })
  expect(await fundingSyncFailedProducer.produce(context)).toEqual([
    {
      subject: `funding:${oc.id}`,
      occurrence: failedAt.toISOString(),
      text: 'The Open Collective sync of pybamm failed: Open Collective has no collective "pybamm"',
      link: '/fundraising/connections',
      to: { roles: ['admin', 'fundraising'] },
    },
  ])
  await db.update(fundingConnections).set({ lastResult: 'ok', lastError: null }).where(eq(fundingConnections.id, oc.id))
  expect(await fundingSyncFailedProducer.produce(context)).toEqual([])
})
