// report-section-waiting and report-ready-to-publish: each lead hears about their sections of an
// open report until they mark them ready; the council hears once every section is ready.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { notifications } from '#db/schema/index.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { fakeProviders, fixedDataset } from '#tests/factories/reports.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { reportReadyProducer, reportSectionProducer } from './notifications.server.ts'
import { generateReport, publishReport, setSectionReady } from './reports.server.ts'

setupTestDatabase()

const producers = [reportSectionProducer, reportReadyProducer]
const open = async (userId: string) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId)))
    .filter((n) => !n.resolvedAt)
    .map((n) => n.text)
    .sort()
const waiting = (section: string) =>
  `The 2025-Q3 quarterly report draft is ready: the ${section === 'highlights' ? 'highlights and asks for the council' : section} section waits for you.`

test('each lead hears of their own section and the highlights until marked ready; then the council hears the report is ready until it is published', async () => {
  const communications = await insertUser({ roles: ['communications'] })
  const community = await insertUser({ roles: ['community'] })
  const fundraising = await insertUser({ roles: ['fundraising'] })
  const council = await insertUser({ roles: ['council'] })
  const admin = await insertUser({ roles: ['admin'] })
  const { report } = await generateReport({ quarter: '2025-Q3', actor: admin, providers: fakeProviders(fixedDataset()) })

  // Three leads × (their section + highlights) = 6 notifications; the council and the admin none.
  expect(await deriveNotifications({ producers })).toMatchObject({ created: 6, resolved: 0 })
  expect(await open(communications.id)).toEqual([waiting('communications'), waiting('highlights')])
  expect(await open(community.id)).toEqual([waiting('community'), waiting('highlights')])
  expect(await open(fundraising.id)).toEqual([waiting('fundraising'), waiting('highlights')])
  expect(await open(council.id)).toEqual([])
  expect(await open(admin.id)).toEqual([])

  // Communications marks its section ready: that one notification is done; the rest stay.
  await setSectionReady({ reportId: report.id, section: 'communications', ready: true, actor: communications })
  expect(await deriveNotifications({ producers })).toMatchObject({ created: 0, resolved: 1 })
  expect(await open(communications.id)).toEqual([waiting('highlights')])

  // The highlights, shared by the three leads, done by one: done for all three (3).
  await setSectionReady({ reportId: report.id, section: 'highlights', ready: true, actor: fundraising })
  expect(await deriveNotifications({ producers })).toMatchObject({ created: 0, resolved: 3 })
  expect(await open(communications.id)).toEqual([])

  // The last two sections: their two notices are done and the council's one is new.
  await setSectionReady({ reportId: report.id, section: 'community', ready: true, actor: community })
  await setSectionReady({ reportId: report.id, section: 'fundraising', ready: true, actor: fundraising })
  expect(await deriveNotifications({ producers })).toMatchObject({ created: 1, resolved: 2 })
  expect(await open(council.id)).toEqual(['The 2025-Q3 quarterly report is ready: every section is done. Read it and publish it.'])
  expect(await open(fundraising.id)).toEqual([])

  // Unmarking a section takes the council's notice back and tells the lead again (reopened, not new).
  await setSectionReady({ reportId: report.id, section: 'community', ready: false, actor: community })
  expect(await deriveNotifications({ producers })).toMatchObject({ created: 0, resolved: 1 })
  expect(await open(community.id)).toEqual([waiting('community')])
  expect(await open(council.id)).toEqual([])
  await setSectionReady({ reportId: report.id, section: 'community', ready: true, actor: community })

  // Published: nothing is left for anyone.
  await deriveNotifications({ producers })
  await publishReport({ reportId: report.id, actor: council })
  await deriveNotifications({ producers })
  for (const person of [communications, community, fundraising, council, admin]) expect(await open(person.id)).toEqual([])
})
