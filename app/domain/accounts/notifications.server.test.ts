// invitation-expiring: an unaccepted invitation within 48 hours of its expiry, told to the admins.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { notifications } from '#db/schema/index.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { acceptInvitation, createInvitation } from './invitations.server.ts'
import { invitationExpiringProducer } from './notifications.server.ts'

setupTestDatabase()

const at = (iso: string) => ({ now: new Date(iso), today: iso.slice(0, 10), settings: DEFAULT_ORGANISATION_SETTINGS })
const open = async (userId: string) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId))).filter((n) => !n.resolvedAt).map((n) => n.text)

test('an invitation is announced to the admins 48 hours before it expires, and not before, nor once expired', async () => {
  const admin = await insertUser({ roles: ['admin'] })
  const invitee = await insertUser({ roles: ['fundraising'], name: 'Ines Invited' })
  // created 1 March 12:00 UTC, valid 7 days: expires 8 March 12:00 UTC
  await createInvitation({ userId: invitee.id, actorId: admin.id, now: new Date('2026-03-01T12:00:00Z') })
  const expected = [
    {
      subject: expect.any(String),
      occurrence: 'expiring',
      text: "Ines Invited's invitation expires on 2026-03-08 12:00 UTC and has not been accepted.",
      link: `/settings/users/${invitee.id}`,
      to: { roles: ['admin'] },
    },
  ]
  // 6 March 11:00: 49 hours left, more than 48
  expect(await invitationExpiringProducer.produce(at('2026-03-06T11:00:00Z'))).toEqual([])
  // 6 March 12:00: exactly 48 hours left
  expect(await invitationExpiringProducer.produce(at('2026-03-06T12:00:00Z'))).toEqual(expected)
  // 8 March 11:59: one minute left
  expect(await invitationExpiringProducer.produce(at('2026-03-08T11:59:00Z'))).toEqual(expected)
  // 8 March 12:00: expired; nothing left to accept
  expect(await invitationExpiringProducer.produce(at('2026-03-08T12:00:00Z'))).toEqual([])

  // Through the runner: the admin, not the invitee (fundraising) nor anyone else.
  await deriveNotifications({ now: new Date('2026-03-07T09:00:00Z'), producers: [invitationExpiringProducer] })
  expect(await open(admin.id)).toEqual([expected[0].text])
  expect(await open(invitee.id)).toEqual([])
})

test('accepting the invitation, or sending a new one, takes the notice away', async () => {
  const admin = await insertUser({ roles: ['admin'] })
  const a = await insertUser({ name: 'Ada' })
  const b = await insertUser({ name: 'Bo' })
  const created = new Date('2026-03-01T12:00:00Z')
  const invitationA = await createInvitation({ userId: a.id, actorId: admin.id, now: created })
  await createInvitation({ userId: b.id, actorId: admin.id, now: created })
  const day7 = new Date('2026-03-07T12:00:00Z') // 24 hours before both expire
  await deriveNotifications({ now: day7, producers: [invitationExpiringProducer] })
  expect((await open(admin.id)).sort()).toEqual([
    "Ada's invitation expires on 2026-03-08 12:00 UTC and has not been accepted.",
    "Bo's invitation expires on 2026-03-08 12:00 UTC and has not been accepted.",
  ])
  await acceptInvitation({ token: invitationA.token, password: 'a long enough password 1', now: day7 })
  // Bo's is replaced by a new one, valid until 14 March: far from expiring
  await createInvitation({ userId: b.id, actorId: admin.id, now: day7 })
  expect(await deriveNotifications({ now: day7, producers: [invitationExpiringProducer] })).toMatchObject({ created: 0, resolved: 2 })
  expect(await open(admin.id)).toEqual([])
})
