// Communications (issue 3): the /communications overview and the calendar's month view on three
// channels with three years of cadences and about 2,000 posts.
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { commsCampaigns, commsPosts, commsPostTexts } from '#db/schema/index.ts'
import type { PostStatus } from '#app/domain/communications/vocabulary.ts'
import { getCalendarView } from '#app/domain/communications/calendar-view.server.ts'
import { getCommunicationsOverview } from '#app/domain/communications/slots.server.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { mulberry32 } from '#db/seed/random.ts'
import { insertCadence, insertChannel } from '#tests/factories/communications.ts'
import { measure, pageTargetMs, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const PUBLISHED_POSTS = 1_850
const SCHEDULED_POSTS = 50
const UNDATED_POSTS = 100

export const communicationsSuite: BenchSuite = {
  name: 'communications',
  async seed({ users, now, log }) {
    const actorId = users.communications.id
    const { timeZone } = await getOrganisationSettings()
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day')
    const start = today.minus({ years: 3 })
    const switchDay = today.minus({ months: 18 })
    const day = (d: DateTime) => d.toISODate()!
    log(
      `communications: 3 channels, 5 cadences over 3 years, ${(PUBLISHED_POSTS + SCHEDULED_POSTS + UNDATED_POSTS).toLocaleString('en')} posts, 12 campaigns`,
    )

    const x = await insertChannel(actorId, 'x', { characterLimit: 280 })
    const linkedin = await insertChannel(actorId, 'linkedin', { characterLimit: 3000 })
    const mastodon = await insertChannel(actorId, 'mastodon', { characterLimit: 500 })
    const channels = [x, linkedin, mastodon]
    await insertCadence(actorId, {
      channelId: x.id,
      intervalWeeks: 1,
      weekdays: ['TU', 'TH'],
      validFrom: day(start),
      validUntil: day(switchDay.minus({ days: 1 })),
      label: 'X twice a week',
    })
    await insertCadence(actorId, {
      channelId: x.id,
      intervalWeeks: 1,
      weekdays: ['MO', 'WE', 'FR'],
      validFrom: day(switchDay),
      label: 'X three times a week',
    })
    await insertCadence(actorId, {
      channelId: linkedin.id,
      intervalWeeks: 2,
      weekdays: ['TU'],
      validFrom: day(start),
      timeOfDay: '10:00',
      label: 'LinkedIn every other Tuesday',
    })
    await insertCadence(actorId, {
      channelId: mastodon.id,
      intervalWeeks: 1,
      weekdays: ['WE'],
      validFrom: day(start),
      label: 'Mastodon on Wednesdays',
    })
    await insertCadence(actorId, {
      mode: 'advanced',
      rrule: 'FREQ=MONTHLY;BYDAY=1MO',
      validFrom: day(start),
      timeOfDay: '08:30',
      label: 'Release roundup, first Monday, everywhere',
    })

    const campaigns = await db
      .insert(commsCampaigns)
      .values(
        Array.from({ length: 12 }, (_, i) => {
          const from = start.plus({ months: 3 * i + 1 })
          return {
            name: i % 4 === 3 ? `PyBaMM conference ${from.year}` : `Campaign ${i + 1}`,
            startsOn: day(from),
            endsOn: day(from.plus({ weeks: i % 4 === 3 ? 1 : 4 })),
            isConference: i % 4 === 3,
          }
        }),
      )
      .returning({ id: commsCampaigns.id })

    // Published posts spread over the three years at a slot-like time; scheduled ones in the next
    // six weeks; ideas and drafts undated. Each goes out on one to three channels.
    const random = mulberry32(3)
    const span = today.toMillis() - start.toMillis()
    type Row = typeof commsPosts.$inferInsert
    const rows: Row[] = []
    for (let i = 0; i < PUBLISHED_POSTS; i++) {
      const at = DateTime.fromMillis(start.toMillis() + Math.floor((i / PUBLISHED_POSTS) * span), { zone: timeZone })
        .set({ hour: 9, minute: Math.floor(random() * 60) })
        .toJSDate()
      rows.push({
        title: `Published post ${i + 1}`,
        status: 'published',
        scheduledFor: at,
        publishedAt: at,
        publishedUrl: `https://example.org/posts/${i + 1}`,
        authorId: actorId,
        campaignId: random() < 0.2 ? campaigns[Math.floor(random() * campaigns.length)].id : null,
        impressions: Math.floor(random() * 5000),
        engagements: Math.floor(random() * 200),
        createdAt: at,
        updatedAt: at,
      })
    }
    for (let i = 0; i < SCHEDULED_POSTS; i++) {
      const at = today.plus({ days: 1 + Math.floor((i / SCHEDULED_POSTS) * 42), hours: 9 }).toJSDate()
      rows.push({
        title: `Scheduled post ${i + 1}`,
        status: 'scheduled',
        scheduledFor: at,
        authorId: actorId,
        createdAt: now,
        updatedAt: now,
      })
    }
    const undated: PostStatus[] = ['idea', 'draft', 'ready']
    for (let i = 0; i < UNDATED_POSTS; i++)
      rows.push({ title: `Idea ${i + 1}`, status: undated[i % 3], authorId: actorId, createdAt: now, updatedAt: now })
    const texts: (typeof commsPostTexts.$inferInsert)[] = []
    for (let offset = 0; offset < rows.length; offset += 1000) {
      const written = await db
        .insert(commsPosts)
        .values(rows.slice(offset, offset + 1000))
        .returning({ id: commsPosts.id })
      for (const { id } of written) {
        const count = 1 + Math.floor(random() * 3)
        const first = Math.floor(random() * 3)
        for (let c = 0; c < count; c++)
          texts.push({
            postId: id,
            channelId: channels[(first + c) % 3].id,
            text: `Bench post text ${id.slice(0, 8)} on channel ${c + 1}: new PyBaMM release notes and a tutorial link.`,
          })
      }
    }
    for (let offset = 0; offset < texts.length; offset += 2000) await db.insert(commsPostTexts).values(texts.slice(offset, offset + 2000))
  },
  async run({ now }) {
    const { timeZone } = await getOrganisationSettings()
    const pastMonth = DateTime.fromJSDate(now, { zone: timeZone }).minus({ months: 14 }).toISODate()!
    const results: BenchResult[] = []
    results.push(
      await measure('/communications overview data', () => getCommunicationsOverview({ now }), {
        runs: 20,
        targetMs: pageTargetMs(200),
        budgetMs: 20_000,
      }),
    )
    results.push(
      await measure('/communications/calendar month view data, this month', () => getCalendarView({ view: 'month', now }), {
        runs: 20,
        targetMs: pageTargetMs(200),
        budgetMs: 20_000,
      }),
    )
    results.push(
      await measure(
        `/communications/calendar month view data, ${pastMonth.slice(0, 7)}`,
        () => getCalendarView({ view: 'month', date: pastMonth, now }),
        { runs: 20, targetMs: pageTargetMs(200), budgetMs: 20_000 },
      ),
    )
    results.push(
      await measure('/communications/calendar agenda (6 weeks) data', () => getCalendarView({ view: 'agenda', now }), {
        runs: 20,
        targetMs: pageTargetMs(200),
        budgetMs: 20_000,
      }),
    )
    return results
  },
}
