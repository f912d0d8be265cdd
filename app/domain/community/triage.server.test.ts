import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { insertItem, insertRepository } from '#tests/factories/community-health.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { countTriage, listSetAside, listTriageQueue, markHandledElsewhere, returnToQueue, snoozeItem } from './triage.server.ts'

setupTestDatabase()

const now = new Date('2026-03-10T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000)

test('the queue holds open, unanswered issues, pull requests and discussions, oldest first, against the target', async () => {
  const repo = await insertRepository('pybamm-team', 'PyBaMM')
  const old = await insertItem(repo.id, { kind: 'discussion', createdAt: hoursAgo(100), category: 'Q&A' })
  const pull = await insertItem(repo.id, { kind: 'pull_request', createdAt: hoursAgo(60) })
  const mid = await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(50) })
  const fresh = await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(3) })
  // not in the queue: answered, closed, a merged pull request, a reviewed one, by a bot
  await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(80), firstResponseAt: hoursAgo(70) })
  await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(80), closedAt: hoursAgo(1) })
  await insertItem(repo.id, {
    kind: 'pull_request',
    createdAt: hoursAgo(80),
    state: 'merged',
    closedAt: hoursAgo(2),
    mergedAt: hoursAgo(2),
  })
  await insertItem(repo.id, { kind: 'pull_request', createdAt: hoursAgo(80), firstResponseAt: hoursAgo(75) })
  await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(80), authorLogin: 'dependabot[bot]', authorIsBot: true })

  const queue = await listTriageQueue({ now, targetHours: 48 })
  expect(queue.map((i) => [i.id, Math.round(i.ageHours), i.overTarget])).toEqual([
    [old.id, 100, true],
    [pull.id, 60, true],
    [mid.id, 50, true],
    [fresh.id, 3, false],
  ])
  expect(queue[0]!.repository).toBe('pybamm-team/PyBaMM')
  // 4 waiting; over 48 h: 100, 60 and 50 h old (3); over 72 h: only the 100 h one.
  expect(await countTriage({ now, targetHours: 48 })).toEqual({
    total: 4,
    overTarget: 3,
    byKind: { issue: { total: 2, overTarget: 1 }, pull_request: { total: 1, overTarget: 1 }, discussion: { total: 1, overTarget: 1 } },
  })
  expect(await countTriage({ now, targetHours: 72 })).toMatchObject({ total: 4, overTarget: 1 })
})

test('handled elsewhere and snooze take items out of the queue, audited; they can be put back', async () => {
  const user = await insertUser({ roles: ['community'] })
  const repo = await insertRepository()
  const a = await insertItem(repo.id, { kind: 'issue', createdAt: hoursAgo(100) })
  const b = await insertItem(repo.id, { kind: 'discussion', createdAt: hoursAgo(90) })

  await markHandledElsewhere({ itemId: a.id, note: 'Answered on the forum', actorId: user.id })
  await snoozeItem({ itemId: b.id, until: new Date('2026-03-12T00:00:00Z'), actorId: user.id, now })
  expect(await listTriageQueue({ now, targetHours: 48 })).toEqual([])
  // the snooze ends
  expect((await listTriageQueue({ now: new Date('2026-03-12T00:00:01Z'), targetHours: 48 })).map((i) => i.id)).toEqual([b.id])
  expect((await listSetAside(now)).map((r) => [r.id, r.handledNote])).toEqual([
    [b.id, null],
    [a.id, 'Answered on the forum'],
  ])

  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'triage_item'))
  expect(audit.map((e) => [e.entityId, e.action, e.actorId])).toEqual(
    expect.arrayContaining([
      [a.id, 'handled_elsewhere', user.id],
      [b.id, 'snooze', user.id],
    ]),
  )
  expect(audit.find((e) => e.action === 'handled_elsewhere')!.after).toMatchObject({ handledNote: 'Answered on the forum' })

  await returnToQueue({ itemId: a.id, actorId: user.id })
  expect((await listTriageQueue({ now, targetHours: 48 })).map((i) => i.id)).toEqual([a.id])
  await expect(snoozeItem({ itemId: a.id, until: hoursAgo(1), actorId: user.id, now })).rejects.toThrow('future')
})
