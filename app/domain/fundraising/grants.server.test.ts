import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, notifications } from '#db/schema/index.ts'
import { buildCalendarFeed } from '#app/domain/calendar/feed.server.ts'
import { weekContaining } from '#app/domain/this-week/week.ts'
import { DEFAULT_ORGANISATION_SETTINGS } from '#app/domain/settings/organisation.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { addPledge, createTarget, listTargets } from './conference.server.ts'
import {
  addDeadline,
  completeDeadline,
  createGrant,
  getGrantPage,
  getGrantsPage,
  listDeadlineOccurrences,
  updateGrant,
} from './grants.server.ts'
import { grantDeadlinesFeedSource } from './feed-source.server.ts'
import { createSponsor } from './sponsors.server.ts'
import { deriveNotifications } from '#app/domain/notifications/derive.server.ts'
import { fundraisingWeekCard } from './this-week.server.ts'

setupTestDatabase()

const now = new Date('2026-03-02T09:00:00Z')
const day = (offset: number) => DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ days: offset }).toISODate()!

test('deadline occurrences expand recurring rules within the range', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({ funder: 'NumFOCUS', title: 'SDG', currency: 'USD', status: 'reporting', actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'report', dueOn: '2026-01-15', rrule: 'FREQ=MONTHLY;INTERVAL=3', actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: '2026-05-01', actorId: lead.id })
  const list = await listDeadlineOccurrences({ from: '2026-03-01', to: '2026-07-31' })
  expect(list.map((o) => [o.date, o.kind, o.recurring])).toEqual([
    ['2026-04-15', 'report', true],
    ['2026-05-01', 'proposal', false],
    ['2026-07-15', 'report', true],
  ])
  expect(JSON.stringify(list)).not.toMatch(/@/)
})

test('completing one occurrence of a recurring deadline keeps the series; the last one of a COUNT series ends it', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({ funder: 'NumFOCUS', title: 'SDG', currency: 'USD', status: 'reporting', actorId: lead.id })
  // quarterly, three reports: 2026-01-15, 2026-04-15, 2026-07-15
  const series = await addDeadline({
    grantId: grant.id,
    kind: 'report',
    dueOn: '2026-01-15',
    rrule: 'FREQ=MONTHLY;INTERVAL=3;COUNT=3',
    actorId: lead.id,
  })
  const when = new Date('2026-01-20T09:00:00Z')
  const nextOf = async () => (await getGrantsPage({ now: when })).grants.find((g) => g.id === grant.id)!.nextDeadline

  // before anything is done, the overdue January report is the next one
  expect(await nextOf()).toBe('2026-01-15')
  await completeDeadline({ deadlineId: series.id, occursOn: '2026-01-15', actorId: lead.id })
  expect(await nextOf()).toBe('2026-04-15')
  const dates = async () => (await listDeadlineOccurrences({ from: '2026-01-01', to: '2026-12-31' })).map((o) => o.date)
  expect(await dates()).toEqual(['2026-04-15', '2026-07-15'])
  const page = await getGrantPage({ grantId: grant.id, now: when })
  expect(page!.grant.deadlines[0]).toMatchObject({ doneAt: null, completedCount: 1, next: ['2026-04-15', '2026-07-15'] })

  await expect(completeDeadline({ deadlineId: series.id, occursOn: '2026-01-15', actorId: lead.id })).rejects.toThrow(/already done/)
  await expect(completeDeadline({ deadlineId: series.id, occursOn: '2026-02-15', actorId: lead.id })).rejects.toThrow(/not a date/)
  await expect(completeDeadline({ deadlineId: series.id, actorId: lead.id })).rejects.toThrow(/Choose which occurrence/)

  await completeDeadline({ deadlineId: series.id, occursOn: '2026-07-15', actorId: lead.id })
  expect(await dates()).toEqual(['2026-04-15'])
  expect(await nextOf()).toBe('2026-04-15')
  await completeDeadline({ deadlineId: series.id, occursOn: '2026-04-15', actorId: lead.id })
  // every date of the series is now done: the deadline is done as a whole
  expect(await dates()).toEqual([])
  expect(await nextOf()).toBeNull()
  expect((await getGrantPage({ grantId: grant.id, now: when }))!.grant.deadlines[0].doneAt).not.toBeNull()
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, series.id))
  expect(audit.filter((a) => a.action === 'complete').map((a) => (a.after as { occursOn: string }).occursOn)).toEqual([
    '2026-01-15',
    '2026-07-15',
    '2026-04-15',
  ])
})

test('completing the last occurrence of an UNTIL series completes the deadline; a one-off is done as a whole', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({ funder: 'CZI', title: 'EOSS 7', currency: 'USD', status: 'reporting', actorId: lead.id })
  // monthly until 2026-03-31: 2026-01-10, 2026-02-10, 2026-03-10
  const monthly = await addDeadline({
    grantId: grant.id,
    kind: 'report',
    dueOn: '2026-01-10',
    rrule: 'FREQ=MONTHLY;UNTIL=20260331T000000Z',
    actorId: lead.id,
  })
  const once = await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: '2026-02-01', actorId: lead.id })
  for (const occursOn of ['2026-01-10', '2026-02-10']) await completeDeadline({ deadlineId: monthly.id, occursOn, actorId: lead.id })
  expect((await getGrantPage({ grantId: grant.id, now: new Date('2026-01-05T09:00:00Z') }))!.grant.deadlines[0].doneAt).toBeNull()
  await completeDeadline({ deadlineId: monthly.id, occursOn: '2026-03-10', actorId: lead.id })
  await completeDeadline({ deadlineId: once.id, actorId: lead.id })
  const page = await getGrantPage({ grantId: grant.id, now: new Date('2026-01-05T09:00:00Z') })
  const [series, proposal] = page!.grant.deadlines
  expect(series.doneAt).not.toBeNull() // the series ended with its last date
  expect(series.next).toEqual([])
  expect(proposal.doneAt).not.toBeNull()
  expect(await listDeadlineOccurrences({ from: '2026-01-01', to: '2026-12-31' })).toEqual([])
  await expect(completeDeadline({ deadlineId: once.id, actorId: lead.id })).rejects.toThrow(/already done/)
})

test('grant status changes record submission and decision dates, audited', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({
    funder: 'CZI',
    title: 'EOSS',
    currency: 'USD',
    status: 'drafting',
    amountAsked: '100000',
    actorId: lead.id,
    today: '2026-01-10',
  })
  expect(grant.submittedOn).toBeNull()
  expect(grant.amountAsked).toBe(10_000_000)
  await updateGrant({
    grantId: grant.id,
    funder: 'CZI',
    title: 'EOSS',
    currency: 'USD',
    status: 'submitted',
    amountAsked: '100000',
    actorId: lead.id,
    today: '2026-02-01',
  })
  await updateGrant({
    grantId: grant.id,
    funder: 'CZI',
    title: 'EOSS',
    currency: 'USD',
    status: 'awarded',
    amountAsked: '100000',
    amountAwarded: '90000',
    actorId: lead.id,
    today: '2026-03-01',
  })
  const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, grant.id))
  expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update'])
})

test('reminders at 30, 7 and 1 days, once each, to the owner', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const owner = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({
    funder: 'Wellcome',
    title: 'Open research',
    currency: 'GBP',
    status: 'drafting',
    ownerId: owner.id,
    actorId: lead.id,
  })
  await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: day(7), actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'letter_of_intent', dueOn: day(30), actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'report', dueOn: day(10), actorId: lead.id })
  const unowned = await createGrant({ funder: 'STF', title: 'Maintenance', currency: 'EUR', status: 'idea', actorId: lead.id })
  await addDeadline({ grantId: unowned.id, kind: 'renewal', dueOn: day(1), actorId: lead.id })
  const kinds = ['grant-deadline' as const]
  // The owner: the proposal in 7 days (stage 7), the letter of intent in 30 and the report in 10
  // (both stage 30); the unowned renewal tomorrow (stage 1) to both fundraising leads: 3 + 2.
  expect(await deriveNotifications({ now, kinds })).toMatchObject({ created: 3 + 2, emailed: 0, resolved: 0 })
  expect(await deriveNotifications({ now, kinds })).toMatchObject({ created: 0, resolved: 0 })
  const rows = await db.select().from(notifications)
  expect(
    rows
      .filter((r) => r.userId === owner.id && !r.text.startsWith('Renewal'))
      .map((r) => r.text)
      .sort(),
  ).toEqual([
    expect.stringMatching(/^Letter of intent for Wellcome .* in 30 days/),
    expect.stringMatching(/^Proposal for Wellcome .* in 7 days/),
    expect.stringMatching(/^Report for Wellcome .* in 10 days/),
  ])
  expect(
    rows
      .filter((r) => r.text.startsWith('Renewal'))
      .map((r) => r.userId)
      .sort(),
  ).toEqual([lead.id, owner.id].sort())
  // Three days later the report (now 7 days away) moves to its 7-day stage: a new reminder, the 30-day one done.
  const later = new Date(now.getTime() + 3 * 86_400_000)
  const outcome = await deriveNotifications({ now: later, kinds })
  expect(outcome.created).toBeGreaterThanOrEqual(1)
  const report = (await db.select().from(notifications)).filter((r) => r.text.startsWith('Report'))
  expect(report.map((r) => [r.key?.split(':').at(-1), Boolean(r.resolvedAt)]).sort()).toEqual([
    ['30', true],
    ['7', false],
  ])
})

test('this week: deadlines in 30 days with minutes, renewals in 60, money this month vs last', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const grant = await createGrant({ funder: 'CZI', title: 'EOSS', currency: 'USD', status: 'drafting', actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'letter_of_intent', dueOn: day(3), actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'proposal', dueOn: day(20), actorId: lead.id })
  await addDeadline({ grantId: grant.id, kind: 'report', dueOn: day(45), actorId: lead.id })
  await createSponsor({ organisation: 'Ionics', stage: 'active', kind: 'company', renewalOn: day(40), actorId: lead.id })
  await createSponsor({ organisation: 'Far away', stage: 'active', kind: 'company', renewalOn: day(90), actorId: lead.id })
  const settings = { ...DEFAULT_ORGANISATION_SETTINGS }
  const card = await fundraisingWeekCard({
    user: { id: lead.id, name: lead.name, roles: lead.roles },
    now,
    week: weekContaining(now, 'UTC'),
    settings,
  })
  expect(card.items.map((i) => [i.label, i.tone])).toEqual([
    ['Letter of intent for CZI: EOSS', 'urgent'],
    ['Proposal for CZI: EOSS', 'normal'],
    ['Ionics renews', 'normal'],
  ])
  expect(card.minutes).toBe(60 + 20 + 15)
  expect(card.minutesExplained).toMatch(/60 min per grant deadline due within 7 days/)
  expect(card.summary).toMatch(/2 grant deadlines in 30 days \(1 this week\), 1 sponsor renewal/)
  expect(card.summary).toMatch(/\$0\.00 net in this month so far/)
})

test('conference budget: lines, pledges and receipts', async () => {
  const lead = await insertUser({ roles: ['fundraising'] })
  const target = await createTarget({
    name: 'Conf',
    target: '30000',
    lines: 'Venue: 12000\nTravel: 8000.50',
    actorId: lead.id,
  })
  await addPledge({ targetId: target.id, from: 'Ionics', amount: '10000', received: '4000', pledgedOn: '2026-02-01', actorId: lead.id })
  await expect(
    addPledge({ targetId: target.id, from: 'X', amount: '10', received: '20', pledgedOn: '2026-02-01', actorId: lead.id }),
  ).rejects.toThrow(/More received/)
  const [t] = await listTargets()
  expect(t).toMatchObject({ target: 3_000_000, pledged: 1_000_000, received: 400_000, budgeted: 2_000_050 })
})

describe('a done occurrence of a recurring deadline is skipped everywhere, the rest of the series goes on', () => {
  // Today is Thursday 2026-02-26. Two series of one grant, owned by one person:
  //   weekly, COUNT=4, from Monday 2026-03-02: 03-02, 03-09, 03-16, 03-23
  //   monthly, UNTIL 2026-04-27, from 2026-02-27: 02-27, 03-27, 04-27
  const today = new Date('2026-02-26T09:00:00Z')
  const atDay = (iso: string) => new Date(`${iso}T09:00:00Z`)

  async function twoSeries() {
    const owner = await insertUser({ roles: ['fundraising'] })
    const grant = await createGrant({
      funder: 'NLnet',
      title: 'Core',
      currency: 'EUR',
      status: 'reporting',
      ownerId: owner.id,
      actorId: owner.id,
    })
    const weekly = await addDeadline({
      grantId: grant.id,
      kind: 'report',
      dueOn: '2026-03-02',
      rrule: 'FREQ=WEEKLY;COUNT=4',
      actorId: owner.id,
    })
    const monthly = await addDeadline({
      grantId: grant.id,
      kind: 'renewal',
      dueOn: '2026-02-27',
      rrule: 'FREQ=MONTHLY;UNTIL=20260427T000000Z',
      actorId: owner.id,
    })
    return { owner, grant, weekly, monthly }
  }

  const kinds = ['grant-deadline' as const]
  /** The owner's open reminders as "date:stage" (the key ends with the occurrence's date and stage). */
  async function openReminders(userId: string) {
    const rows = await db.select().from(notifications).where(eq(notifications.userId, userId))
    return rows
      .filter((r) => r.kind === 'grant-deadline' && !r.resolvedAt)
      .map((r) => r.key!.split(':').slice(-2).join(':'))
      .sort()
  }

  test('reminders: the done occurrence is no longer reminded of, the next one is', async () => {
    const { owner, weekly, monthly } = await twoSeries()
    // On 02-26 (stages 30, 7, 1; horizon 03-28): weekly 03-02 in 4 days (stage 7), 03-09 in 11,
    // 03-16 in 18, 03-23 in 25 (stage 30); monthly 02-27 tomorrow (stage 1), 03-27 in 29 (stage 30).
    expect(await deriveNotifications({ now: today, kinds })).toMatchObject({ created: 6, resolved: 0 })
    expect(await openReminders(owner.id)).toEqual([
      '2026-02-27:1',
      '2026-03-02:7',
      '2026-03-09:30',
      '2026-03-16:30',
      '2026-03-23:30',
      '2026-03-27:30',
    ])
    await completeDeadline({ deadlineId: weekly.id, occursOn: '2026-03-02', actorId: owner.id })
    await completeDeadline({ deadlineId: monthly.id, occursOn: '2026-02-27', actorId: owner.id })
    // the two done occurrences' reminders are done; nothing new
    expect(await deriveNotifications({ now: today, kinds })).toMatchObject({ created: 0, resolved: 2 })
    expect(await openReminders(owner.id)).toEqual(['2026-03-09:30', '2026-03-16:30', '2026-03-23:30', '2026-03-27:30'])

    // On 03-02, the done occurrence's own day: no "due today" for it; the next one, 03-09, is 7 days
    // away and gets its 7-day reminder (its 30-day one is done); 03-16 in 14, 03-23 in 21 and the
    // monthly 03-27 in 25 keep theirs.
    expect(await deriveNotifications({ now: atDay('2026-03-02'), kinds })).toMatchObject({ created: 1, resolved: 1 })
    expect(await openReminders(owner.id)).toEqual(['2026-03-09:7', '2026-03-16:30', '2026-03-23:30', '2026-03-27:30'])
    const texts = (await db.select().from(notifications)).filter((r) => !r.resolvedAt).map((r) => r.text)
    expect(texts.filter((t) => t.includes('2026-03-02'))).toEqual([])
    expect(texts).toContain('Report for NLnet (Core) is due on 2026-03-09: in 7 days.')

    // The monthly's 03-27 done early, on 03-02: the next one, 04-27, is 56 days away, beyond 30 —
    // no reminder until 03-28, when it is 30 days away.
    await completeDeadline({ deadlineId: monthly.id, occursOn: '2026-03-27', actorId: owner.id })
    expect(await deriveNotifications({ now: atDay('2026-03-02'), kinds })).toMatchObject({ created: 0, resolved: 1 })
    expect(await deriveNotifications({ now: atDay('2026-03-28'), kinds })).toMatchObject({ created: 1 })
    expect((await openReminders(owner.id)).filter((k) => k.startsWith('2026-04'))).toEqual(['2026-04-27:30'])
  })

  test('the calendar feed leaves the done occurrence out and keeps the rest of the series', async () => {
    const { owner, grant, weekly, monthly } = await twoSeries()
    const user = { id: owner.id, name: owner.name, roles: owner.roles }
    const events = async () => {
      const text = await buildCalendarFeed({ user, origin: 'https://steward.example.org', now: today, sources: [grantDeadlinesFeedSource] })
      const root = new ICAL.Component(ICAL.parse(text))
      return root
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v))
        .map((e) => `${e.uid.includes(weekly.id) ? 'weekly' : 'monthly'} ${e.startDate.toString()}`)
        .sort()
    }
    expect(await events()).toEqual([
      'monthly 2026-02-27',
      'monthly 2026-03-27',
      'monthly 2026-04-27',
      'weekly 2026-03-02',
      'weekly 2026-03-09',
      'weekly 2026-03-16',
      'weekly 2026-03-23',
    ])
    await completeDeadline({ deadlineId: weekly.id, occursOn: '2026-03-09', actorId: owner.id })
    await completeDeadline({ deadlineId: monthly.id, occursOn: '2026-02-27', actorId: owner.id })
    // 7 − 2 events; each occurrence keeps its own UID, so a subscribed calendar drops just those two
    expect(await events()).toEqual([
      'monthly 2026-03-27',
      'monthly 2026-04-27',
      'weekly 2026-03-02',
      'weekly 2026-03-16',
      'weekly 2026-03-23',
    ])
    // the rest of the weekly series done: its last date ends the deadline, the monthly goes on
    for (const occursOn of ['2026-03-02', '2026-03-16', '2026-03-23'])
      await completeDeadline({ deadlineId: weekly.id, occursOn, actorId: owner.id })
    expect((await getGrantPage({ grantId: grant.id, now: today }))!.grant.deadlines.find((d) => d.id === weekly.id)!.doneAt).not.toBeNull()
    expect(await events()).toEqual(['monthly 2026-03-27', 'monthly 2026-04-27'])
  })

  test("This week shows the next open occurrence, not the done one, and the grant's next deadline follows", async () => {
    const { owner, grant, weekly, monthly } = await twoSeries()
    const card = async () =>
      fundraisingWeekCard({
        user: { id: owner.id, name: owner.name, roles: owner.roles },
        now: today,
        week: weekContaining(today, 'UTC'),
        settings: { ...DEFAULT_ORGANISATION_SETTINGS },
      })
    const nextOf = async () => (await getGrantsPage({ now: today })).grants.find((g) => g.id === grant.id)!.nextDeadline
    // within 30 days of 02-26 (to 03-28): monthly 02-27 (1 day), weekly 03-02 (4), 03-09 (11),
    // 03-16 (18), 03-23 (25), monthly 03-27 (29)
    const before = await card()
    expect(before.items.map((i) => [i.detail, i.tone])).toEqual([
      ['due 2026-02-27, in 1 day', 'urgent'],
      ['due 2026-03-02, in 4 days', 'urgent'],
      ['due 2026-03-09, in 11 days', 'normal'],
      ['due 2026-03-16, in 18 days', 'normal'],
      ['due 2026-03-23, in 25 days', 'normal'],
      ['due 2026-03-27, in 29 days', 'normal'],
    ])
    expect(before.minutes).toBe(60 + 60 + 4 * 20)
    expect(await nextOf()).toBe('2026-02-27')

    await completeDeadline({ deadlineId: weekly.id, occursOn: '2026-03-02', actorId: owner.id })
    await completeDeadline({ deadlineId: monthly.id, occursOn: '2026-02-27', actorId: owner.id })
    const after = await card()
    expect(after.items.map((i) => [i.label, i.detail])).toEqual([
      ['Report for NLnet: Core', 'due 2026-03-09, in 11 days'],
      ['Report for NLnet: Core', 'due 2026-03-16, in 18 days'],
      ['Report for NLnet: Core', 'due 2026-03-23, in 25 days'],
      ['Renewal for NLnet: Core', 'due 2026-03-27, in 29 days'],
    ])
    // nothing within 7 days any more: 4 × 20 minutes
    expect(after.minutes).toBe(4 * 20)
    expect(after.summary).toMatch(/^4 grant deadlines in 30 days, 0 sponsor renewals/)
    expect(await nextOf()).toBe('2026-03-09')
  })
})
