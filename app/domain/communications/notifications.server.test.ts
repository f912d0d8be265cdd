// cadence-slot-open: a cadence slot starting within 48 hours with no post for it, told to
// communications; slots are in the project's time zone.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { notifications } from '#db/schema/index.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCadence, insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { openSlotProducer } from './notifications.server.ts'
import { createPost } from './posts.server.ts'

setupTestDatabase()

const settings = { ...DEFAULT_ORGANISATION_SETTINGS, timeZone: 'Europe/Berlin' }
const at = (iso: string) => ({ now: new Date(iso), today: iso.slice(0, 10), settings })
const open = async (userId: string) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId))).filter((n) => !n.resolvedAt).map((n) => n.text)

test('a weekly Tuesday 09:00 slot is announced 48 hours ahead to communications only, and goes once a post is scheduled for it', async () => {
  const lead = await insertUser({ roles: ['communications'] })
  await updateOrganisationSettings({ values: settings, actorId: lead.id })
  const fundraising = await insertUser({ roles: ['fundraising'] })
  const x = await insertChannel(lead.id, 'x')
  // every Tuesday 09:00 Berlin time (08:00 UTC in March, before summer time on 29 March)
  await insertCadence(lead.id, { channelId: x.id, intervalWeeks: 1, weekdays: ['TU'], validFrom: '2026-01-06', timeOfDay: '09:00' })

  // Sunday 8 March 08:00 UTC: the Tuesday 10 March slot (08:00 UTC) is exactly 48 hours away,
  // the end of the window (which is half-open): not yet
  expect(await openSlotProducer.produce(at('2026-03-08T08:00:00Z'))).toEqual([])
  // 08:01: 47 h 59 min away
  const slot = new Date('2026-03-10T08:00:00Z')
  const found = [
    {
      subject: `${x.id}:${slot.toISOString()}`,
      occurrence: 'open',
      text: expect.stringMatching(/^The X slot on Tue 10 Mar, 09:00 CET has no post yet\.$/),
      link: `/communications/posts/new?channel=${x.id}&slot=${encodeURIComponent(slot.toISOString())}`,
      to: { roles: ['communications'] },
    },
  ]
  expect(await openSlotProducer.produce(at('2026-03-08T08:01:00Z'))).toEqual(found)
  // Tuesday 10 March 08:00 UTC: the slot has started; the next (17 March) is 7 days away
  expect(await openSlotProducer.produce(at('2026-03-10T08:00:00Z'))).toEqual([])

  const monday = new Date('2026-03-09T12:00:00Z')
  await deriveNotifications({ now: monday, producers: [openSlotProducer] })
  expect(await open(lead.id)).toHaveLength(1)
  expect(await open(fundraising.id)).toEqual([])

  // a draft does not fill it; a post scheduled for Tuesday 09:00 Berlin time does
  await createPost({
    title: 'Draft',
    scheduledFor: '2026-03-10T09:00',
    texts: [{ channelId: x.id, text: 'draft' }],
    status: 'draft',
    actorId: lead.id,
  })
  expect(await deriveNotifications({ now: monday, producers: [openSlotProducer] })).toMatchObject({ created: 0, resolved: 0 })
  await createPost({
    title: 'Release',
    scheduledFor: '2026-03-10T09:00',
    texts: [{ channelId: x.id, text: 'New release!' }],
    status: 'scheduled',
    actorId: lead.id,
  })
  expect(await deriveNotifications({ now: monday, producers: [openSlotProducer] })).toMatchObject({ created: 0, resolved: 1 })
  expect(await open(lead.id)).toEqual([])
})
