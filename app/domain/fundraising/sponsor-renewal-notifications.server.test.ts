// Sponsor renewal reminders: 60, 30 and 7 days before the renewal date, once each, for sponsors in
// a sponsoring stage (active, renewal due); done when the date moves or the sponsor leaves.
import { DateTime } from 'luxon'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { notifications } from '#db/schema/index.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { reminderStage, sponsorRenewalProducer } from './notifications.server.ts'
import { changeSponsorStage, createSponsor, updateSponsor } from './sponsors.server.ts'
import { SPONSOR_RENEWAL_REMINDER_DAYS } from './vocabulary.ts'

setupTestDatabase()

const today = '2026-03-02'
const day = (offset: number) => DateTime.fromISO(today).plus({ days: offset }).toISODate()!
const produce = (on = today) =>
  sponsorRenewalProducer.produce({ now: new Date(`${on}T09:00:00Z`), today: on, settings: DEFAULT_ORGANISATION_SETTINGS })

test('a renewal is in the 60-, 30- or 7-day stage: the smallest of those not below the days left', () => {
  const stage = (days: number) => reminderStage(days, SPONSOR_RENEWAL_REMINDER_DAYS)
  expect([61, 60, 31, 30, 8, 7, 1, 0, -1].map(stage)).toEqual([null, 60, 60, 30, 30, 7, 7, 7, null])
  // grant deadlines keep 30, 7 and 1
  expect([31, 30, 7, 2, 1].map((d) => reminderStage(d))).toEqual([null, 30, 7, 7, 1])
})

test('the producer finds sponsoring organisations renewing in 60 days, at the stage each is in, for its owner or the fundraising role', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const owner = await insertUser({ roles: ['fundraising'] })
  const base = { kind: 'company', actorId: lead.id }
  const far = await createSponsor({ ...base, organisation: 'Far', stage: 'active', renewalOn: day(61) })
  const sixty = await createSponsor({ ...base, organisation: 'Sixty', stage: 'active', renewalOn: day(60), ownerId: owner.id })
  const thirty = await createSponsor({ ...base, organisation: 'Thirty', stage: 'renewal_due', renewalOn: day(30) })
  const seven = await createSponsor({ ...base, organisation: 'Seven', stage: 'active', renewalOn: day(7) })
  await createSponsor({ ...base, organisation: 'Committed', stage: 'committed', renewalOn: day(20) })
  await createSponsor({ ...base, organisation: 'Lapsed', stage: 'lapsed', renewalOn: day(5) })
  await createSponsor({ ...base, organisation: 'Past', stage: 'active', renewalOn: day(-1) })
  const found = await produce()
  expect(found.map((n) => [n.subject, n.occurrence, n.to]).sort()).toEqual(
    [
      [sixty.id, `${day(60)}:60`, { userIds: [owner.id] }],
      [thirty.id, `${day(30)}:30`, { roles: ['fundraising'] }],
      [seven.id, `${day(7)}:7`, { roles: ['fundraising'] }],
    ].sort(),
  )
  expect(found.find((n) => n.subject === seven.id)?.text).toBe(`Seven's sponsorship renews on ${day(7)}: in 7 days.`)
  expect(found.some((n) => n.subject === far.id)).toBe(false)
  // The next day Far is 60 days away: its first reminder.
  expect((await produce(day(1))).find((n) => n.subject === far.id)?.occurrence).toBe(`${day(61)}:60`)
})

test('each renewal is reminded once at 60, 30 and 7 days; moving the date or lapsing ends the reminder', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const sponsor = await createSponsor({ organisation: 'Ionics', kind: 'company', stage: 'active', renewalOn: day(60), actorId: lead.id })
  const kinds = ['sponsor-renewal' as const]
  const at = (offset: number) => new Date(`${day(offset)}T09:00:00Z`)
  const stages = async () =>
    (await db.select().from(notifications))
      .map((r) => [r.key?.split(':').at(-1), r.resolvedAt ? 'done' : 'open'])
      .sort((a, b) => Number(b[0]) - Number(a[0]))

  // Days 0 … 60 before: created on day 0 (60), day 30 (30), day 53 (7); re-runs in between add nothing.
  expect(await deriveNotifications({ now: at(0), kinds })).toMatchObject({ created: 1 })
  expect(await deriveNotifications({ now: at(1), kinds })).toMatchObject({ created: 0, resolved: 0 })
  expect(await deriveNotifications({ now: at(30), kinds })).toMatchObject({ created: 1, resolved: 1 })
  expect(await deriveNotifications({ now: at(52), kinds })).toMatchObject({ created: 0, resolved: 0 })
  expect(await deriveNotifications({ now: at(53), kinds })).toMatchObject({ created: 1, resolved: 1 })
  expect(await stages()).toEqual([
    ['60', 'done'],
    ['30', 'done'],
    ['7', 'open'],
  ])

  // Renewed for a year: the date moves beyond 60 days, the open reminder is done.
  await updateSponsor({
    sponsorId: sponsor.id,
    organisation: 'Ionics',
    kind: 'company',
    stage: 'active',
    renewalOn: day(60 + 365),
    actorId: lead.id,
  })
  expect(await deriveNotifications({ now: at(54), kinds })).toMatchObject({ created: 0, resolved: 1 })

  // A sponsor that lapses while a reminder is open: done.
  const other = await createSponsor({ organisation: 'Volta', kind: 'company', stage: 'active', renewalOn: day(80), actorId: lead.id })
  expect(await deriveNotifications({ now: at(54), kinds })).toMatchObject({ created: 1 })
  await changeSponsorStage({ sponsorId: other.id, stage: 'lapsed', actorId: lead.id })
  expect(await deriveNotifications({ now: at(55), kinds })).toMatchObject({ created: 0, resolved: 1 })
})
