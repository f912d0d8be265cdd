// Demo data for communications: X and LinkedIn (Mastodon inactive), every other Tuesday for two
// quarters switching to every Tuesday at the start of the current quarter, a conference
// campaign, two quarters of posts with some slots missed, drafts ahead, materials and a policy.
// Idempotent: everything is found by a stable key (name, label, title) before it is created.
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { commsCadences, commsCampaigns, commsChannels, commsMaterials, commsPosts } from '#db/schema/index.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { quarterOf, quarterPeriod, shiftQuarter } from '#app/utils/time.ts'
import { slotsInRange } from '#app/domain/communications/cadence.ts'
import { createCadence } from '#app/domain/communications/cadences.server.ts'
import { createCampaign } from '#app/domain/communications/campaigns.server.ts'
import { createChannel } from '#app/domain/communications/channels.server.ts'
import { createMaterial } from '#app/domain/communications/materials.server.ts'
import { listPolicyVersions, savePolicyVersion } from '#app/domain/communications/policy.server.ts'
import { createPost, publishPost } from '#app/domain/communications/posts.server.ts'
import type { DemoSeeder } from './seeder.ts'

const TOPICS = [
  'New release: faster DFN solves',
  'Tutorial: your first SPMe simulation',
  'Community call recording',
  'Contributor spotlight',
  'Parameter sets for LFP cells',
  'GSoC projects announced',
  'How we test against experimental data',
  'Docs: the new experiment syntax',
  'Paper using PyBaMM: degradation modelling',
  'Office hours this week',
  'Thank you to our sponsors',
  'Notebook: thermal models',
]

const POLICY_V1 = `# Communication policy

We post about releases, tutorials, community events and research that uses PyBaMM.

## Channels
- **X** and **LinkedIn**: every post goes to both.
- Mastodon is paused until someone can look after it.

## Cadence
One post every other Tuesday.
`

const POLICY_V2 = `${POLICY_V1.replace('One post every other Tuesday.', 'One post every Tuesday, from the start of this quarter (every other Tuesday before).')}
## Voice
Friendly, precise, no hype. Credit contributors by name (with consent) and link to the docs or the paper.

## Review
Drafts are marked *ready* for a second pair of eyes before they are scheduled. See the [contributing guide](https://docs.pybamm.org).
`

export const communicationsDemoSeeder: DemoSeeder = {
  name: 'communications',
  async seed({ now, users, log }) {
    const actorId = users.communications.id
    const { timeZone } = await getOrganisationSettings()
    const today = DateTime.fromJSDate(now, { zone: timeZone })

    // channels
    const existingChannels = await db.select().from(commsChannels)
    const channel = async (kind: 'x' | 'linkedin' | 'mastodon', name: string, handle: string, active: boolean) =>
      existingChannels.find((c) => c.kind === kind && c.name === name) ?? (await createChannel({ kind, name, handle, active, actorId }))
    const x = await channel('x', 'X', '@pybamm', true)
    const linkedin = await channel('linkedin', 'LinkedIn', 'https://www.linkedin.com/company/pybamm', true)
    await channel('mastodon', 'Mastodon', '@pybamm@fosstodon.org', false)

    // cadences: every other Tuesday from two quarters back, every Tuesday from this quarter
    const current = quarterOf(now, timeZone)
    const start = quarterPeriod(shiftQuarter(current, -2), timeZone).start
    const switchDay = quarterPeriod(current, timeZone).start
    const cadences = await db.select().from(commsCadences)
    if (!cadences.some((c) => c.label === 'Every other Tuesday')) {
      await createCadence({
        label: 'Every other Tuesday',
        mode: 'simple',
        intervalWeeks: 2,
        weekdays: ['TU'],
        validFrom: start.toISODate()!,
        validUntil: switchDay.minus({ days: 1 }).toISODate()!,
        timeOfDay: '10:00',
        actorId,
      })
    }
    if (!cadences.some((c) => c.label === 'Every Tuesday')) {
      await createCadence({
        label: 'Every Tuesday',
        mode: 'simple',
        intervalWeeks: 1,
        weekdays: ['TU'],
        validFrom: switchDay.toISODate()!,
        timeOfDay: '10:00',
        actorId,
      })
    }

    // the conference campaign, about six weeks ahead
    const conferenceStart = today.plus({ weeks: 6 }).startOf('week').plus({ days: 2 })
    const conferenceName = `Annual conference ${conferenceStart.year}`
    const campaigns = await db.select().from(commsCampaigns)
    const conference =
      campaigns.find((c) => c.name === conferenceName) ??
      (await createCampaign({
        name: conferenceName,
        startsOn: conferenceStart.toISODate()!,
        endsOn: conferenceStart.plus({ days: 2 }).toISODate()!,
        goal: 'Fill 120 seats and find two new sponsors: announce the speakers, the programme and the last call for talks.',
        isConference: true,
        actorId,
      }))

    // past posts: one per slot (on both channels), with some slots missed
    const allCadences = await db.select().from(commsCadences)
    const slots = slotsInRange(allCadences, [x.id], { start: start.toJSDate(), end: today.plus({ weeks: 3 }).toJSDate() }, timeZone)
    // a post's stable key: its title and its scheduled time
    const existing = await db.select({ title: commsPosts.title, scheduledFor: commsPosts.scheduledFor }).from(commsPosts)
    const keys = new Set(existing.map((p) => `${p.title}|${p.scheduledFor?.toISOString() ?? ''}`))
    const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm")
    let created = 0
    let upcoming = 0
    for (const [i, slot] of slots.entries()) {
      const at = DateTime.fromJSDate(slot.start, { zone: timeZone })
      const topic = TOPICS[i % TOPICS.length]
      const round = Math.floor(i / TOPICS.length)
      const title = round === 0 ? topic : `${topic} (part ${round + 1})`
      const scheduledFor = at.plus({ hours: 1 })
      // ahead: the first is scheduled, the next waits for review, the third is a draft, then open
      if (slot.start >= now) {
        upcoming += 1
        if (upcoming > 3) continue
      }
      if (keys.has(`${title}|${scheduledFor.toJSDate().toISOString()}`)) continue
      const xText = `${topic}. Read more on our blog and tell us what you think! #PyBaMM #batteries`
      const liText = `${topic}.\n\nPyBaMM is an open-source battery modelling library used by researchers and engineers worldwide. Find out more on our blog.`
      if (slot.start < now) {
        if (i % 5 === 3) continue // missed on both channels
        const texts =
          i % 7 === 2
            ? [{ channelId: x.id, text: xText }]
            : [
                { channelId: x.id, text: xText },
                { channelId: linkedin.id, text: liText },
              ]
        const post = await createPost({ title, scheduledFor: local(scheduledFor), texts, status: 'scheduled', actorId })
        await publishPost({
          id: post.id,
          publishedAt: local(at.plus({ hours: 1, minutes: 7 })),
          channels: texts.map((t) =>
            t.channelId === x.id
              ? {
                  channelId: x.id,
                  url: `https://x.com/pybamm/status/${1800000000000000000n + BigInt(i)}`,
                  impressions: 800 + ((i * 137) % 900),
                  engagements: 12 + ((i * 17) % 60),
                }
              : {
                  channelId: t.channelId,
                  url: `https://www.linkedin.com/feed/update/urn:li:activity:${7200000000000000000n + BigInt(i)}/`,
                  impressions: 400 + ((i * 89) % 700),
                  engagements: 8 + ((i * 13) % 40),
                },
          ),
          actorId,
        })
        created += 1
      } else {
        const status = upcoming === 1 ? 'scheduled' : upcoming === 2 ? 'ready' : 'draft'
        await createPost({
          title,
          scheduledFor: local(scheduledFor),
          texts: [
            { channelId: x.id, text: xText },
            { channelId: linkedin.id, text: liText },
          ],
          status,
          campaignId: upcoming === 2 ? conference.id : undefined,
          actorId,
        })
        created += 1
      }
    }
    if (!keys.has('Idea: speaker interviews for the conference|')) {
      await createPost({
        title: 'Idea: speaker interviews for the conference',
        texts: [],
        status: 'idea',
        campaignId: conference.id,
        actorId,
      })
      created += 1
    }

    // materials
    const materials = await db.select({ title: commsMaterials.title }).from(commsMaterials)
    const material = async (
      title: string,
      kind: 'video_tutorial' | 'notebook' | 'slides',
      status: 'planned' | 'in_progress' | 'delivered',
      dueInDays: number,
      link?: string,
    ) => {
      if (materials.some((m) => m.title === title)) return
      await createMaterial({
        title,
        kind,
        status,
        ownerId: actorId,
        dueOn: today.plus({ days: dueInDays }).toISODate()!,
        link,
        actorId,
        now,
      })
    }
    await material('Video: getting started with PyBaMM', 'video_tutorial', 'delivered', -40, 'https://www.youtube.com/@pybamm')
    await material('Notebook: fitting parameters to data', 'notebook', 'in_progress', 10)
    await material('Conference workshop slides', 'slides', 'planned', 35)

    // policy
    if ((await listPolicyVersions()).length === 0) {
      await savePolicyVersion({ markdown: POLICY_V1, actorId })
      await savePolicyVersion({ markdown: POLICY_V2, note: 'Weekly from this quarter; voice and review added', actorId })
    }
    const [inactive] = await db.select().from(commsChannels).where(eq(commsChannels.active, false))
    log(`communications: ${created} posts added; channels X, LinkedIn${inactive ? `, ${inactive.name} (inactive)` : ''}`)
  },
}
