// The sponsor pipeline: every stage change kept (who, when, from → to, note), the stage names an
// organisation setting, and the report's "sponsors gained / lapsed" read from that history, so a
// past quarter gives the same answer however the sponsors move afterwards.
import { readFileSync } from 'node:fs'
import { asc, eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, sponsors, sponsorStageChanges } from '#db/schema/index.ts'
import { type QuarterId, quarterPeriod } from '#app/utils/time.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { summariseFundraisingQuarter } from './quarter-summary.server.ts'
import {
  changeSponsorStage,
  countSponsorsGainedAndLapsed,
  createSponsor,
  getSponsorsPage,
  getSponsorStageLabels,
  saveSponsorStageLabels,
  updateSponsor,
} from './sponsors.server.ts'
import { SPONSOR_STAGE_LABELS, type SponsorStage } from './vocabulary.ts'

setupTestDatabase()

const at = (iso: string) => new Date(`${iso}T12:00:00Z`)

/** Creates a sponsor in its first stage on the first date, then moves it through the others. */
async function sponsorWith(organisation: string, actorId: string, steps: [SponsorStage, string][]) {
  const [[first, firstOn], ...later] = steps
  const row = await createSponsor({ organisation, kind: 'company', stage: first, actorId, at: at(firstOn) })
  for (const [stage, on] of later) await changeSponsorStage({ sponsorId: row.id, stage, actorId, at: at(on) })
  return row
}

const quarter = async (name: QuarterId) => {
  const { start, end } = quarterPeriod(name, 'UTC')
  return (await summariseFundraisingQuarter({ quarter: name, start, end, timeZone: 'UTC' })).sponsors
}

test('sponsors gained and lapsed in a past quarter come from the stage history and stay the same after later changes', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  // Q1 2026 is 2026-01-01 … 2026-04-01 (exclusive).
  const a = await sponsorWith('A', lead.id, [
    ['prospect', '2025-11-10'],
    ['contacted', '2026-01-05'],
    ['active', '2026-02-10'], // gained in Q1: contacted → active
  ])
  await sponsorWith('B', lead.id, [
    ['active', '2025-12-01'], // gained in Q4 2025: first stage active
    ['renewal_due', '2026-02-01'], // still a sponsor: not gained
    ['active', '2026-03-01'], // renewed: not gained either
  ])
  const c = await sponsorWith('C', lead.id, [
    ['active', '2025-06-01'],
    ['lapsed', '2026-03-15'], // lapsed in Q1
  ])
  const d = await sponsorWith('D', lead.id, [
    ['prospect', '2026-01-20'],
    ['committed', '2026-03-20'], // committed is not yet sponsoring: not gained
  ])
  await sponsorWith('E', lead.id, [
    ['committed', '2026-02-01'],
    ['active', '2026-03-30'], // gained in Q1 …
    ['lapsed', '2026-03-31'], // … and lapsed in Q1: counted in both
  ])

  // Q1: gained A and E = 2; lapsed C and E = 2. Q4 2025: gained B = 1; nothing lapsed.
  expect(await quarter('2026-Q1')).toEqual({ gained: 2, lapsed: 2 })
  expect(await quarter('2025-Q4')).toEqual({ gained: 1, lapsed: 0 })

  // Later, in Q2: A lapses, C comes back, D starts paying.
  await changeSponsorStage({ sponsorId: a.id, stage: 'lapsed', actorId: lead.id, at: at('2026-05-02') })
  await changeSponsorStage({ sponsorId: c.id, stage: 'active', actorId: lead.id, at: at('2026-05-03') })
  await changeSponsorStage({ sponsorId: d.id, stage: 'active', actorId: lead.id, at: at('2026-05-04') })

  // Regenerating Q1 gives the same answer; Q2 has gained C and D = 2, lapsed A = 1.
  expect(await quarter('2026-Q1')).toEqual({ gained: 2, lapsed: 2 })
  expect(await quarter('2025-Q4')).toEqual({ gained: 1, lapsed: 0 })
  expect(await quarter('2026-Q2')).toEqual({ gained: 2, lapsed: 1 })
  // The current stages (A lapsed, C active again) no longer say what happened in Q1; the history does.
  const now = await db
    .select({ organisation: sponsors.organisation, stage: sponsors.stage })
    .from(sponsors)
    .orderBy(asc(sponsors.organisation))
  expect(now.map((s) => s.stage)).toEqual(['lapsed', 'active', 'active', 'active', 'lapsed'])
})

test('a stage change keeps who, when, from → to and the note, refuses the same stage, and is audited', async () => {
  const lead = await insertUser({ roles: ['fundraising'], name: 'Fran Lead' })
  const s = await createSponsor({ organisation: 'Ionics', kind: 'company', stage: 'prospect', actorId: lead.id, at: at('2026-01-02') })
  await changeSponsorStage({ sponsorId: s.id, stage: 'proposal', note: 'Sent the Gold proposal', actorId: lead.id, at: at('2026-02-03') })
  await expect(changeSponsorStage({ sponsorId: s.id, stage: 'proposal', actorId: lead.id })).rejects.toThrow(/already in that stage/)
  // The edit form changing the stage writes history too.
  await updateSponsor({ sponsorId: s.id, organisation: 'Ionics', kind: 'company', stage: 'committed', actorId: lead.id })

  const history = await db
    .select({
      from: sponsorStageChanges.fromStage,
      to: sponsorStageChanges.toStage,
      byId: sponsorStageChanges.byId,
      note: sponsorStageChanges.note,
      at: sponsorStageChanges.at,
    })
    .from(sponsorStageChanges)
    .where(eq(sponsorStageChanges.sponsorId, s.id))
    .orderBy(asc(sponsorStageChanges.at))
  expect(history.map((h) => [h.from, h.to, h.byId, h.note])).toEqual([
    [null, 'prospect', lead.id, null],
    ['prospect', 'proposal', lead.id, 'Sent the Gold proposal'],
    ['proposal', 'committed', lead.id, null],
  ])
  expect(history[1].at.toISOString()).toBe('2026-02-03T12:00:00.000Z')
  const [sponsor] = await db.select().from(sponsors).where(eq(sponsors.id, s.id))
  expect(sponsor.stage).toBe('committed')
  const audits = await db.select().from(auditEvents).where(eq(auditEvents.entityId, s.id))
  expect(audits.map((e) => e.action).sort()).toEqual(['create', 'stage', 'update'])

  const page = await getSponsorsPage({ now: at('2026-03-01') })
  expect(page.history.filter((h) => h.sponsorId === s.id).map((h) => [h.toStage, h.byName])).toEqual([
    ['committed', 'Fran Lead'],
    ['proposal', 'Fran Lead'],
    ['prospect', 'Fran Lead'],
  ])
  expect(page.counts.find((c) => c.stage === 'committed')).toEqual({ stage: 'committed', label: 'Committed', count: 1 })
  expect(page.counts.reduce((n, c) => n + c.count, 0)).toBe(1)
})

test('stage names are an organisation setting; the stages and their history stay', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  expect(await getSponsorStageLabels()).toEqual(SPONSOR_STAGE_LABELS)
  await saveSponsorStageLabels({ labels: { ...SPONSOR_STAGE_LABELS, prospect: 'Lead', renewal_due: 'Up for renewal' }, actorId: lead.id })
  await createSponsor({ organisation: 'Volta', kind: 'company', stage: 'prospect', actorId: lead.id })
  const page = await getSponsorsPage({ now: new Date() })
  expect(page.labels).toMatchObject({ prospect: 'Lead', renewal_due: 'Up for renewal', active: 'Active' })
  expect(page.counts[0]).toEqual({ stage: 'prospect', label: 'Lead', count: 1 })
  await expect(saveSponsorStageLabels({ labels: { ...SPONSOR_STAGE_LABELS, active: ' ' }, actorId: lead.id })).rejects.toThrow()
})

test('the migration gives every existing sponsor one history row: its current stage from its created date', async () => {
  // Sponsors as they were before the history existed (written without it).
  const [old] = await db
    .insert(sponsors)
    .values({ organisation: 'Old Grid', stage: 'lapsed', createdAt: at('2024-05-06') })
    .returning()
  await db.insert(sponsors).values({ organisation: 'Volta', stage: 'active', createdAt: at('2025-08-09') })
  const migration = readFileSync(new URL('../../../db/migrations/0016_sponsor_pipeline.sql', import.meta.url), 'utf8')
  const seedHistory = migration
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .find((s) => s.includes('INSERT INTO "sponsor_stage_changes"'))!
  await db.execute(sql.raw(seedHistory))
  const rows = await db
    .select({
      sponsorId: sponsorStageChanges.sponsorId,
      from: sponsorStageChanges.fromStage,
      to: sponsorStageChanges.toStage,
      at: sponsorStageChanges.at,
    })
    .from(sponsorStageChanges)
    .orderBy(asc(sponsorStageChanges.at))
  expect(rows.map((r) => [r.from, r.to, r.at.toISOString().slice(0, 10)])).toEqual([
    [null, 'lapsed', '2024-05-06'],
    [null, 'active', '2025-08-09'],
  ])
  expect(rows[0].sponsorId).toBe(old.id)
  // Q3 2025 counts Volta as gained (first stage active on 2025-08-09).
  const { start, end } = quarterPeriod('2025-Q3', 'UTC')
  expect(await countSponsorsGainedAndLapsed({ start: start.toJSDate(), end: end.toJSDate() })).toEqual({ gained: 1, lapsed: 0 })
})
