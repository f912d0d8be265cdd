// Fundraising's producers with their own data: a failed donation file import.
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { importFailures, notifications } from '#db/schema/index.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { dismissNotification } from '#app/domain/notifications/inbox.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { donationFixture } from '#tests/factories/fundraising.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { confirmImport } from './imports.server.ts'
import { importFailedProducer } from './notifications.server.ts'

setupTestDatabase()

const context = { now: new Date('2026-11-30T09:00:00Z'), today: '2026-11-30', settings: DEFAULT_ORGANISATION_SETTINGS }
const oc = () => donationFixture('opencollective-transactions.csv')
// line 12 of the Open Collective export given a month 13: the whole file is refused
const badOc = () =>
  Buffer.from(Buffer.from(oc()).toString('utf8').replace('"2025-09-28T05:37:56","cd447e35"', '"2025-13-28T05:37:56","cd447e35"'))

const openFor = async (userId: string) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId))).filter((n) => !n.resolvedAt)

describe('import-failed', () => {
  test('a refused file notifies fundraising and admin, not community, until a later import of that format succeeds', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const admin = await insertUser({ roles: ['admin'] })
    const community = await insertUser({ roles: ['community'] })
    await expect(confirmImport({ bytes: badOc(), fileName: 'october.csv', actorId: lead.id })).rejects.toThrow(/line 12/)
    const [failure] = await db.select().from(importFailures)
    expect(failure).toMatchObject({ fileName: 'october.csv', format: 'opencollective', actorId: lead.id })

    expect(await importFailedProducer.produce(context)).toEqual([
      {
        subject: 'import:opencollective',
        occurrence: failure.id,
        text: expect.stringMatching(
          /^The import of october\.csv \(Open Collective transactions\) failed: 1 row is in error \(first: line 12/,
        ),
        link: '/fundraising/donations/import',
        to: { roles: ['admin', 'fundraising'] },
      },
    ])
    await deriveNotifications({ producers: [importFailedProducer] })
    expect((await openFor(lead.id)).map((n) => n.kind)).toEqual(['import-failed'])
    expect((await openFor(admin.id)).map((n) => n.kind)).toEqual(['import-failed'])
    expect(await openFor(community.id)).toEqual([])

    // the corrected file goes in: nothing failed is left to tell
    await confirmImport({ bytes: oc(), fileName: 'october-fixed.csv', actorId: lead.id })
    expect(await importFailedProducer.produce(context)).toEqual([])
    expect(await deriveNotifications({ producers: [importFailedProducer] })).toMatchObject({ resolved: 2 })
    expect(await openFor(lead.id)).toEqual([])
    expect(await openFor(admin.id)).toEqual([])
  })

  test('a success of another format leaves it; a file not recognised at all is cleared by any later import', async () => {
    await insertUser({ roles: ['fundraising'] })
    await expect(confirmImport({ bytes: badOc(), fileName: 'oc.csv', actorId: null })).rejects.toThrow()
    await expect(confirmImport({ bytes: new Uint8Array(), fileName: 'empty.csv', actorId: null })).rejects.toThrow()
    const subjects = async () => (await importFailedProducer.produce(context)).map((n) => n.subject).sort()
    expect(await subjects()).toEqual(['import:opencollective', 'import:unknown'])
    // a PayPal download succeeds: the unrecognised file's failure is answered, Open Collective's is not
    await confirmImport({ bytes: donationFixture('paypal-activity.csv'), fileName: 'paypal.csv', actorId: null })
    expect(await subjects()).toEqual(['import:opencollective'])
  })

  test('a person who dismisses it does not see it again while the failure stands; the others still do', async () => {
    const lead = await insertUser({ roles: ['fundraising'] })
    const admin = await insertUser({ roles: ['admin'] })
    await expect(confirmImport({ bytes: badOc(), fileName: 'oc.csv', actorId: lead.id })).rejects.toThrow()
    await deriveNotifications({ producers: [importFailedProducer] })
    const [mine] = await openFor(lead.id)
    // someone else's id dismisses nothing
    expect(await dismissNotification({ userId: admin.id, id: mine.id })).toBe(0)
    expect(await dismissNotification({ userId: lead.id, id: mine.id })).toBe(1)
    await deriveNotifications({ producers: [importFailedProducer] })
    expect(await openFor(lead.id)).toEqual([])
    expect(await openFor(admin.id)).toHaveLength(1)
  })
})
