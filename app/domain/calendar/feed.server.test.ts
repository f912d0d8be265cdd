import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { createCampaign } from '#app/domain/communications/campaigns.server.ts'
import { listCadences } from '#app/domain/communications/cadences.server.ts'
import { slotsInRange } from '#app/domain/communications/cadence.ts'
import { createPost } from '#app/domain/communications/posts.server.ts'
import { addDeadline, createGrant } from '#app/domain/fundraising/grants.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCadence, insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { buildCalendarFeed } from './feed.server.ts'
import { findUserByFeedToken, getFeedTokenStatus, regenerateFeedToken, revokeFeedToken } from './feed-tokens.server.ts'

setupTestDatabase()

const ZONE = 'Europe/London'

async function parseFeed(text: string) {
  const root = new ICAL.Component(ICAL.parse(text))
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  return root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
}

describe('calendar feed', () => {
  test('carries posts, each cadence as one recurring event expanding to the slots Steward shows, and campaign dates', async () => {
    const admin = await insertUser({ roles: ['admin', 'communications'] })
    await updateOrganisationSettings({ values: { ...DEFAULT_ORGANISATION_SETTINGS, timeZone: ZONE }, actorId: admin.id })
    const x = await insertChannel(admin.id, 'x')
    await insertCadence(admin.id, {
      label: 'Every other Tuesday',
      intervalWeeks: 2,
      validFrom: '2026-01-06',
      validUntil: '2026-03-31',
      timeOfDay: '10:00',
    })
    await insertCadence(admin.id, { label: 'Every Tuesday', intervalWeeks: 1, validFrom: '2026-04-01', timeOfDay: '10:00' })
    const post = await createPost({
      title: 'Release 25.4',
      scheduledFor: '2026-04-07T11:00',
      texts: [{ channelId: x.id, text: 'New release' }],
      status: 'scheduled',
      actorId: admin.id,
    })
    const conference = await createCampaign({
      name: 'Annual conference 2026',
      startsOn: '2026-06-10',
      endsOn: '2026-06-12',
      isConference: true,
      actorId: admin.id,
    })

    const text = await buildCalendarFeed({ user: admin, origin: 'https://steward.example.org', now: new Date('2026-03-01T12:00:00Z') })
    const events = await parseFeed(text)
    expect(events.map((e) => e.uid).sort()).toEqual(
      [
        `comms-post-${post.id}@steward`,
        `comms-campaign-${conference.id}@steward`,
        ...(await listCadences()).map((c) => `comms-cadence-${c.id}@steward`),
      ].sort(),
    )

    const postEvent = events.find((e) => e.uid.startsWith('comms-post-'))!
    expect(postEvent.summary).toBe('Post: Release 25.4 (X)')
    expect(postEvent.startDate.toJSDate().toISOString()).toBe('2026-04-07T10:00:00.000Z')

    const conf = events.find((e) => e.uid.startsWith('comms-campaign-'))!
    expect(conf.summary).toBe('Conference: Annual conference 2026')
    expect(conf.startDate.isDate).toBe(true)
    expect(conf.startDate.toString()).toBe('2026-06-10')
    expect(conf.endDate.toString()).toBe('2026-06-13')

    // Each cadence is ONE event with an RRULE; expanding it gives exactly Steward's slots,
    // across the switch to summer time on 29 March.
    const range = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-05-01T00:00:00Z') }
    const cadences = await listCadences()
    for (const cadence of cadences) {
      const event = events.find((e) => e.uid === `comms-cadence-${cadence.id}@steward`)!
      expect(event.isRecurring()).toBe(true)
      expect(event.startDate.zone?.tzid).toBe(ZONE)
      const expanded: string[] = []
      const iterator = event.iterator()
      for (let next = iterator.next(); next && next.toJSDate() < range.end; next = iterator.next())
        expanded.push(next.toJSDate().toISOString())
      const expected = slotsInRange([cadence], [x.id], range, ZONE).map((s) => s.start.toISOString())
      expect(expanded).toEqual(expected)
      expect(expanded.length).toBeGreaterThan(3)
    }
    const biweekly = events.find((e) => e.summary.includes('Every other Tuesday'))!
    expect(biweekly.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260331T225959Z')
  })

  test('tokens: shown once, regenerating revokes the old one, revoking stops the feed', async () => {
    const user = await insertUser({ roles: ['council'] })
    expect(await getFeedTokenStatus(user.id)).toBeNull()
    const first = await regenerateFeedToken({ userId: user.id })
    expect((await findUserByFeedToken(first))?.id).toBe(user.id)
    const second = await regenerateFeedToken({ userId: user.id })
    expect(await findUserByFeedToken(first)).toBeUndefined()
    expect((await findUserByFeedToken(second))?.id).toBe(user.id)
    expect(await getFeedTokenStatus(user.id)).toMatchObject({ createdAt: expect.any(Date) })
    await revokeFeedToken({ userId: user.id })
    expect(await findUserByFeedToken(second)).toBeUndefined()
    expect(await findUserByFeedToken('')).toBeUndefined()
  })

  test('grant deadlines appear only in the feeds of people who may read grants (fundraising, council, admin)', async () => {
    const fundraiser = await insertUser({ roles: ['fundraising'] })
    const admin = await insertUser({ roles: ['admin'] })
    const council = await insertUser({ roles: ['council'] })
    const comms = await insertUser({ roles: ['communications', 'community'] })
    const grant = await createGrant({
      funder: 'NumFOCUS',
      title: 'Small development grant',
      currency: 'USD',
      status: 'drafting',
      actorId: fundraiser.id,
    })
    await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: '2026-04-15', actorId: fundraiser.id })
    const now = new Date('2026-03-01T12:00:00Z')
    const grantEvents = async (user: { id: string; name: string; roles: readonly string[] }) =>
      (await parseFeed(await buildCalendarFeed({ user, origin: 'https://steward.example.org', now }))).filter((e) =>
        e.uid.startsWith('grant-deadline-'),
      )
    // one deadline, one event, for each person who may open /fundraising/grants
    expect((await grantEvents(fundraiser)).map((e) => e.summary)).toEqual([expect.stringContaining('Small development grant')])
    expect(await grantEvents(admin)).toHaveLength(1)
    // the council reads the pipeline but not a grant's own page: its event links to the pipeline
    expect((await grantEvents(council)).map((e) => e.component.getFirstPropertyValue('url'))).toEqual([
      'https://steward.example.org/fundraising/grants',
    ])
    expect((await grantEvents(fundraiser)).map((e) => e.component.getFirstPropertyValue('url'))).toEqual([
      `https://steward.example.org/fundraising/grants/${grant.id}`,
    ])
    expect(await grantEvents(comms)).toEqual([])
  })
})
