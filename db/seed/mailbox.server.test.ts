import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { communitySources, emailMessages } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { getCommunityPage, getTriagePage } from '#app/domain/community/pages.server.ts'
import { syncSources } from '#app/domain/community/sources-sync.server.ts'
import { DEMO_MAILBOX_HOST, mailboxDemoSeeder } from './mailbox.server.ts'
import type { DemoContext } from './seeder.ts'

setupTestDatabase()

test('the demo mailbox is a mailbox source whose threads show in triage and on /community; it loads twice without change and its sync touches nothing', async () => {
  const user = await insertUser({ roles: ['community'] })
  const now = new Date('2026-08-21T09:00:00Z')
  const context = { now, users: { community: user }, log: () => {} } as unknown as DemoContext
  await mailboxDemoSeeder.seed(context)
  const messages = await db.select().from(emailMessages)
  await mailboxDemoSeeder.seed(context)
  expect(await db.select().from(emailMessages)).toHaveLength(messages.length)
  expect(messages.length).toBeGreaterThan(300)
  const sources = await db.select().from(communitySources)
  expect(sources).toMatchObject([{ kind: 'imap', host: DEMO_MAILBOX_HOST, username: 'help@pybamm.org', status: 'succeeded' }])

  const triage = await getTriagePage(new URLSearchParams(), { roles: ['community'] }, now)
  const email = triage.queue.filter((i) => i.kind === 'email')
  expect(email.length).toBeGreaterThan(3)
  expect(triage.overTarget).toBeGreaterThan(0)
  expect(email.every((t) => t.mailbox === sources[0]!.name && t.senderAddress)).toBe(true)
  expect((await getCommunityPage(new URLSearchParams({ period: '90d' }), now)).email!.responses.count).toBeGreaterThan(10)

  // Its password is an environment variable nobody sets: the sync fails at once, before connecting.
  delete process.env.DEMO_MAILBOX_PASSWORD
  const sync = await syncSources({ id: sources[0]!.id })
  expect(sync.sources[0]).toMatchObject({ ok: false, items: 0 })
  expect(sync.sources[0]!.error).toMatch(/DEMO_MAILBOX_PASSWORD.*is not set/)
  expect(await db.select().from(emailMessages)).toHaveLength(messages.length)
})
