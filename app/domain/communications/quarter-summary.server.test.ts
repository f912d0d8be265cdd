import { describe, expect, test } from 'vitest'
import { weekContaining } from '#app/domain/this-week/week.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertCadence, insertChannel } from '#tests/factories/communications.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { createCampaign } from './campaigns.server.ts'
import { createMaterial } from './materials.server.ts'
import { createPost, publishPost } from './posts.server.ts'
import { summariseCommunicationsQuarter } from './quarter-summary.server.ts'
import { communicationsWeekCard } from './this-week.server.ts'

setupTestDatabase()

const TZ = 'UTC'

async function published(actorId: string, at: string, channelIds: string[], extra: { campaignId?: string } = {}) {
  const post = await createPost({
    title: `Post ${at}`,
    scheduledFor: at,
    texts: channelIds.map((channelId) => ({ channelId, text: 'hello' })),
    status: 'scheduled',
    ...extra,
    actorId,
  })
  await publishPost({ id: post.id, publishedAt: at, actorId })
  return post
}

describe('quarter summary', () => {
  test('counts publications, adherence, campaigns, materials and weekly rows as computed by hand', async () => {
    const lead = await insertUser({ roles: ['communications'] })
    const x = await insertChannel(lead.id, 'x')
    const li = await insertChannel(lead.id, 'linkedin')
    await insertChannel(lead.id, 'mastodon', { active: false })
    await insertCadence(lead.id, { intervalWeeks: 1, weekdays: ['TU'], validFrom: '2026-01-06', timeOfDay: '10:00' })
    const launch = await createCampaign({
      name: 'Launch',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      isConference: false,
      actorId: lead.id,
    })
    await createCampaign({ name: 'Old', startsOn: '2025-05-01', endsOn: '2025-05-31', isConference: false, actorId: lead.id })
    await published(lead.id, '2026-01-06T11:00', [x.id, li.id], { campaignId: launch.id }) // fills X and LinkedIn, Jan 6
    await published(lead.id, '2026-01-14T09:00', [x.id]) // Wednesday: inside the Jan 13 window, X only
    await published(lead.id, '2026-04-01T09:00', [x.id]) // next quarter
    await createPost({
      title: 'Draft',
      scheduledFor: '2026-02-03T11:00',
      texts: [{ channelId: x.id, text: 'draft' }],
      status: 'draft',
      actorId: lead.id,
    })
    await createPost({
      title: 'Scheduled',
      scheduledFor: '2026-03-31T12:00',
      texts: [{ channelId: x.id, text: 'soon' }],
      status: 'scheduled',
      actorId: lead.id,
    })
    await createMaterial({
      kind: 'notebook',
      title: 'Delivered',
      status: 'delivered',
      actorId: lead.id,
      now: new Date('2026-02-01T12:00:00Z'),
    })
    await createMaterial({ kind: 'slides', title: 'Planned', status: 'planned', actorId: lead.id })

    const period = quarterPeriod('2026-Q1', TZ)
    const section = await summariseCommunicationsQuarter({
      quarter: '2026-Q1',
      ...period,
      timeZone: TZ,
      now: new Date('2026-04-15T00:00:00Z'),
    })

    // Tuesdays from 6 Jan to 31 Mar 2026: 13, on two active channels
    const tuesdays = 13
    expect(section.postsPublished).toBe(2)
    expect(section.byChannel).toEqual([
      { channel: 'linkedin', name: 'LinkedIn', published: 1 },
      { channel: 'mastodon', name: 'Mastodon', published: 0 },
      { channel: 'x', name: 'X', published: 2 },
    ])
    // filled: X on 6 Jan, 13 Jan (post on the 14th), 31 Mar (scheduled); LinkedIn on 6 Jan
    expect(section.cadence).toEqual({ slots: 2 * tuesdays, filled: 4, adherence: 4 / 26 })
    expect(section.campaigns).toEqual([{ name: 'Launch', startsOn: '2026-01-01', endsOn: '2026-01-31', postsPublished: 1 }])
    expect(section.materialsDelivered).toBe(1)
    // ISO weeks 2026-W01 (starting Mon 29 Dec 2025) to 2026-W14 (starting Mon 30 Mar)
    expect(section.weekly).toHaveLength(14)
    expect(section.weekly[0]).toEqual({ week: '2026-W01', published: 0, slots: 0 })
    expect(section.weekly[1]).toEqual({ week: '2026-W02', published: 2, slots: 2 })
    expect(section.weekly[2]).toEqual({ week: '2026-W03', published: 1, slots: 2 })
    expect(section.weekly.reduce((sum, w) => sum + w.slots, 0)).toBe(2 * tuesdays)
    expect(Object.keys(section.provenance)).toEqual(expect.arrayContaining(['cadence', 'postsPublished']))
  })

  test('a quarter still running counts only the slots that have started', async () => {
    const lead = await insertUser({ roles: ['communications'] })
    await insertChannel(lead.id, 'x')
    await insertCadence(lead.id, { intervalWeeks: 1, weekdays: ['TU'], validFrom: '2026-01-06', timeOfDay: '10:00' })
    const period = quarterPeriod('2026-Q1', TZ)
    const section = await summariseCommunicationsQuarter({
      quarter: '2026-Q1',
      ...period,
      timeZone: TZ,
      now: new Date('2026-01-21T00:00:00Z'),
    })
    expect(section.cadence).toEqual({ slots: 3, filled: 0, adherence: 0 })
    expect(section.weekly.reduce((sum, w) => sum + w.slots, 0)).toBe(13)
  })
})

describe('this week card', () => {
  test('lists slots this week and next with their state, reviews, and estimates the minutes', async () => {
    const lead = await insertUser({ roles: ['communications'] })
    const x = await insertChannel(lead.id, 'x')
    await insertChannel(lead.id, 'linkedin')
    await insertCadence(lead.id, { intervalWeeks: 1, weekdays: ['TU'], validFrom: '2026-01-06', timeOfDay: '10:00' })
    const filled = await createPost({
      title: 'On X',
      scheduledFor: '2026-01-06T12:00',
      texts: [{ channelId: x.id, text: 'hi' }],
      status: 'scheduled',
      actorId: lead.id,
    })
    await createPost({ title: 'Check me', texts: [{ channelId: x.id, text: 'hi' }], status: 'ready', actorId: lead.id })
    const now = new Date('2026-01-07T12:00:00Z')
    const card = await communicationsWeekCard({
      user: lead,
      now,
      week: weekContaining(now, TZ),
      settings: { ...DEFAULT_ORGANISATION_SETTINGS, timeZone: TZ },
    })
    expect(card.items.map((i) => [i.label, i.detail, i.tone])).toEqual([
      ['LinkedIn slot · Tue 6 Jan, 10:00', 'Open: write a post', 'urgent'],
      ['LinkedIn slot · Tue 13 Jan, 10:00', 'Open next week', 'normal'],
      ['X slot · Tue 13 Jan, 10:00', 'Open next week', 'normal'],
      ['Review: Check me', 'Ready for review', 'normal'],
      ['X slot · Tue 6 Jan, 10:00', 'Filled', 'done'],
    ])
    expect(card.items.at(-1)?.href).toBe(`/communications/posts/${filled.id}`)
    expect(card.minutes).toBe(45 + 10)
    expect(card.minutesExplained).toBe(
      "1 open slot time this week × 45 min (one post fills every channel's slot at that time) + 1 review × 10 min",
    )
    expect(card.summary).toBe('3 open slots this week and next, 1 post waits for review; cadence kept 50% in 2026-Q1 (1 of 2 slots).')
  })
})
