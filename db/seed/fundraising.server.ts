// Demo data for fundraising: the real-format sample exports imported through the real importer,
// a synthetic Stripe export over the last 14 months (so this year's charts have data), manual
// gifts in EUR and GBP with their rates, grants with deadlines, a sponsor pipeline with its stage
// history, and a conference budget with pledges in several currencies, linked to its campaign.
// Idempotent: imports are skipped when their file was imported before, the rest when present.
import { readFileSync } from 'node:fs'
import { count, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { db } from '#db/client.server.ts'
import { commsCampaigns, donations, fundraisingTargets, grants, importBatches, sponsors } from '#db/schema/index.ts'
import { addPledge, createTarget } from '#app/domain/fundraising/conference.server.ts'
import { createManualDonation } from '#app/domain/fundraising/donations.server.ts'
import { setExchangeRate } from '#app/domain/fundraising/exchange-rates.server.ts'
import { addDeadline, createGrant } from '#app/domain/fundraising/grants.server.ts'
import { confirmImport, sha256 } from '#app/domain/fundraising/imports.server.ts'
import { changeSponsorStage, createSponsor, logInteraction } from '#app/domain/fundraising/sponsors.server.ts'
import type { SponsorStage } from '#app/domain/fundraising/vocabulary.ts'
import type { DemoSeeder } from './seeder.ts'
import { projectPath } from '#app/utils/project-root.server.ts'

const SAMPLES = ['opencollective-transactions.csv', 'github-sponsors.csv', 'paypal-activity.csv']
// Copies of the importer's test fixtures (tests/fixtures/donations): the demo ships with the app, the tests' files do not.
const sampleFile = (name: string) => readFileSync(projectPath('db', 'seed', 'data', 'donations', name))

/** A Stripe payments export with a few gifts a month, ids fixed per month (re-running adds nothing twice). */
export function demoStripeExport(now: Date) {
  const lines = ['id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email,Customer Name,Description']
  const names = ['Ada Wren', 'Bo Lind', 'Cy Park', 'Dee Holm', 'Eve Stone', 'Finn Marsh', 'Gail Oak', 'Hal Dune']
  const end = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('month')
  for (let m = 13; m >= 0; m--) {
    const month = end.minus({ months: m })
    const gifts = 2 + ((month.month * 7) % 4)
    for (let i = 0; i < gifts; i++) {
      const day = Math.min(1 + ((i * 9 + month.month * 3) % 27), month.daysInMonth ?? 28)
      const at = month.set({ day, hour: 10 + i })
      if (at.toJSDate() > now) continue
      const amount = [10, 25, 50, 100, 20, 250][(i + month.month) % 6]
      const fee = (Math.round(amount * 2.9 + 30) / 100).toFixed(2)
      const name = names[(i + month.month * 3) % names.length]
      const monthly = i === 0
      lines.push(
        `ch_demo_${month.toFormat('yyyyMM')}_${i},${at.toFormat('yyyy-MM-dd HH:mm:ss')},${amount}.00,0.00,usd,${fee},Paid,${name.toLowerCase().replace(' ', '.')}@example.org,${name},${monthly ? 'Subscription update' : 'Donation'}`,
      )
    }
  }
  return Buffer.from(lines.join('\n') + '\n')
}

async function importOnce(bytes: Uint8Array, fileName: string, actorId: string, log: (line: string) => void) {
  const [{ seen }] = await db
    .select({ seen: count() })
    .from(importBatches)
    .where(eq(importBatches.sha256, sha256(bytes)))
  if (seen > 0) return
  const outcome = await confirmImport({ bytes, fileName, actorId })
  log(`  ${fileName}: ${outcome.inserted} donations added, ${outcome.duplicates} already there`)
}

export const fundraisingDemoSeeder: DemoSeeder = {
  name: 'fundraising',
  async seed({ now, users, log }) {
    const lead = users.fundraising.id
    for (const name of SAMPLES) await importOnce(sampleFile(name), name, lead, log)
    await importOnce(demoStripeExport(now), `stripe-payments-${DateTime.fromJSDate(now).toFormat('yyyy-MM')}.csv`, lead, log)

    const today = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day')
    const iso = (d: DateTime) => d.toISODate()!

    const [{ manual }] = await db.select({ manual: count() }).from(donations).where(eq(donations.source, 'manual'))
    if (manual === 0) {
      await setExchangeRate({ currency: 'EUR', validFrom: '2025-01-01', rate: '1.0400', actorId: lead })
      await setExchangeRate({ currency: 'EUR', validFrom: iso(today.minus({ months: 6 }).startOf('month')), rate: '1.0850', actorId: lead })
      await setExchangeRate({ currency: 'GBP', validFrom: '2025-01-01', rate: '1.2700', actorId: lead })
      await createManualDonation({
        receivedOn: iso(today.minus({ months: 2 })),
        amount: '500.00',
        currency: 'EUR',
        source: 'manual',
        donorName: 'Institut Lumière',
        donorEmail: 'finance@lumiere.example.org',
        description: 'Bank transfer',
        actorId: lead,
      })
      await createManualDonation({
        receivedOn: iso(today.minus({ months: 1 })),
        amount: '150.00',
        currency: 'GBP',
        source: 'manual',
        donorName: 'Battery Lab Ltd',
        description: 'Cheque',
        actorId: lead,
      })
      await createManualDonation({
        receivedOn: iso(today.minus({ days: 3 })),
        amount: '2000.00',
        fees: '0',
        currency: 'USD',
        source: 'numfocus',
        donorName: 'NumFOCUS small development grant',
        actorId: lead,
      })
    }

    const [{ existingGrants }] = await db.select({ existingGrants: count() }).from(grants)
    if (existingGrants === 0) {
      const czi = await createGrant({
        funder: 'Chan Zuckerberg Initiative',
        title: 'Essential Open Source Software, cycle 7',
        amountAsked: '200000',
        currency: 'USD',
        status: 'drafting',
        ownerId: lead,
        actorId: lead,
      })
      await addDeadline({ grantId: czi.id, kind: 'letter_of_intent', dueOn: iso(today.plus({ days: 5 })), actorId: lead })
      await addDeadline({ grantId: czi.id, kind: 'proposal', dueOn: iso(today.plus({ days: 26 })), actorId: lead })
      const nf = await createGrant({
        funder: 'NumFOCUS',
        title: 'Small Development Grant: battery model docs',
        amountAsked: '10000',
        amountAwarded: '8000',
        currency: 'USD',
        status: 'reporting',
        ownerId: lead,
        actorId: lead,
        periodStart: iso(today.minus({ months: 4 })),
        periodEnd: iso(today.plus({ months: 8 })),
      })
      await addDeadline({
        grantId: nf.id,
        kind: 'report',
        dueOn: iso(today.plus({ days: 14 })),
        rrule: 'FREQ=MONTHLY;INTERVAL=3',
        note: 'quarterly progress report',
        actorId: lead,
      })
      const sl = await createGrant({
        funder: 'Sovereign Tech Fund',
        title: 'Solver maintenance and packaging',
        amountAsked: '150000',
        currency: 'EUR',
        status: 'submitted',
        ownerId: lead,
        actorId: lead,
      })
      await addDeadline({ grantId: sl.id, kind: 'renewal', dueOn: iso(today.plus({ days: 75 })), actorId: lead })
      await createGrant({
        funder: 'Wellcome Trust',
        title: 'Open research software fund',
        amountAsked: '80000',
        currency: 'GBP',
        status: 'declined',
        actorId: lead,
      })
      await createGrant({
        funder: 'Faraday Institution',
        title: 'Community workshop series',
        amountAsked: '25000',
        currency: 'GBP',
        status: 'idea',
        actorId: lead,
      })
    }

    const [{ existingSponsors }] = await db.select({ existingSponsors: count() }).from(sponsors)
    if (existingSponsors === 0) {
      // A pipeline with its history: each sponsor created in its first stage on the first date,
      // then moved through the later ones on theirs (the report's gained/lapsed read these).
      type Step = [SponsorStage, DateTime, string?]
      const list: { organisation: string; tier?: string; renewalOn?: string; steps: Step[] }[] = [
        {
          organisation: 'Ionics Battery Co.',
          tier: 'Gold',
          renewalOn: iso(today.plus({ days: 40 })),
          steps: [
            ['prospect', today.minus({ months: 14 })],
            ['contacted', today.minus({ months: 13 }), 'Met their research lead at the battery symposium'],
            ['proposal', today.minus({ months: 12 }), 'Sent the Gold tier proposal'],
            ['committed', today.minus({ months: 11 }), 'Agreement signed'],
            ['active', today.minus({ months: 10 }), 'First payment arrived'],
          ],
        },
        {
          organisation: 'Volta Analytics',
          tier: 'Silver',
          renewalOn: iso(today.plus({ months: 7 })),
          steps: [
            ['prospect', today.minus({ months: 8 })],
            ['contacted', today.minus({ months: 7 })],
            ['proposal', today.minus({ months: 6 })],
            ['active', today.minus({ months: 5 }), 'Paid the Silver invoice'],
          ],
        },
        {
          organisation: 'Lithium Labs',
          tier: 'Bronze',
          renewalOn: iso(today.plus({ days: 25 })),
          steps: [
            ['active', today.minus({ months: 11 })],
            ['renewal_due', today.minus({ days: 35 }), 'Renewal invoice to send'],
          ],
        },
        {
          organisation: 'Cathode Research Institute',
          tier: 'Bronze',
          steps: [
            ['prospect', today.minus({ months: 6 })],
            ['proposal', today.minus({ months: 4 })],
            ['committed', today.minus({ months: 2 }), 'Will pay once their budget year starts'],
          ],
        },
        {
          organisation: 'Anode Systems',
          steps: [
            ['prospect', today.minus({ months: 3 })],
            ['contacted', today.minus({ months: 1 }), 'Sent the sponsorship prospectus'],
          ],
        },
        {
          organisation: 'Old Grid Energy',
          tier: 'Silver',
          renewalOn: iso(today.minus({ months: 3 })),
          steps: [
            ['active', today.minus({ months: 20 })],
            ['renewal_due', today.minus({ months: 5 })],
            ['lapsed', today.minus({ months: 3 }), 'Their new budget has no open-source line'],
          ],
        },
      ]
      for (const s of list) {
        const [[first, firstAt], ...later] = s.steps
        const row = await createSponsor({
          organisation: s.organisation,
          kind: 'company',
          stage: first,
          tier: s.tier,
          renewalOn: s.renewalOn,
          ownerId: lead,
          actorId: lead,
          at: firstAt.toJSDate(),
        })
        for (const [stage, at, note] of later)
          await changeSponsorStage({ sponsorId: row.id, stage, note, actorId: lead, at: at.toJSDate() })
        await logInteraction({
          sponsorId: row.id,
          kind: 'email',
          on: iso(today.minus({ days: 20 })),
          text: ['prospect', 'contacted'].includes(later.at(-1)?.[0] ?? first)
            ? 'Sent the sponsorship prospectus'
            : 'Thanked them for this year’s support',
          actorId: lead,
        })
      }
    }

    const [{ targets }] = await db.select({ targets: count() }).from(fundraisingTargets)
    if (targets === 0) {
      // The conference budget, linked to the communications seeder's conference campaign, with
      // pledges in USD, EUR and GBP (converted at the rates above) and one in CHF, which has no
      // rate: the page names it instead of counting it.
      const [campaign] = await db
        .select({ id: commsCampaigns.id })
        .from(commsCampaigns)
        .where(eq(commsCampaigns.isConference, true))
        .limit(1)
      const conf = await createTarget({
        name: `PyBaMM conference ${today.plus({ months: 6 }).year}`,
        target: '30000',
        dueOn: iso(today.plus({ months: 5 })),
        lines: 'Venue: 12000\nTravel grants: 10000\nCatering: 6000\nRecording: 2000',
        campaignId: campaign?.id,
        actorId: lead,
      })
      const pledgesToAdd = [
        { from: 'Ionics Battery Co.', currency: 'USD', amount: '10000', received: '10000', pledgedOn: today.minus({ months: 2 }) },
        { from: 'Volta Analytics', currency: 'EUR', amount: '4000', pledgedOn: today.minus({ months: 1 }) },
        { from: 'Cathode Research Institute', currency: 'GBP', amount: '2000', received: '2000', pledgedOn: today.minus({ days: 10 }) },
        { from: 'Swiss Battery Forum', currency: 'CHF', amount: '1500', pledgedOn: today.minus({ days: 5 }) },
      ]
      for (const p of pledgesToAdd) await addPledge({ targetId: conf.id, ...p, pledgedOn: iso(p.pledgedOn), actorId: lead })
    }
  },
}
