import { expect, test } from 'vitest'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { getThisWeekPage } from './cards.server.ts'
import { getPersonalWeek, saveOrganisationTaskMinutes, savePersonalWeek } from './personal.server.ts'
import { DEFAULT_TASK_MINUTES } from './task-minutes.ts'

setupTestDatabase()

// Sunday 29 November 2026, 23:30 UTC: still Sunday in the organisation's UTC, already Monday in Tokyo.
const now = new Date('2026-11-29T23:30:00Z')

test('each person’s week is in their own time zone, against their own budget, with their own minutes per task', async () => {
  const admin = await insertUser({ roles: ['admin'] })
  const other = await insertUser({ roles: ['admin'] })
  await savePersonalWeek({ userId: admin.id, timeZone: 'Asia/Tokyo', weeklyBudgetMinutes: 120, setupStep: 20 })
  await saveOrganisationTaskMinutes({ values: { ...DEFAULT_TASK_MINUTES, setupStep: 12 }, actorId: other.id })

  const mine = await getThisWeekPage(admin, now)
  const theirs = await getThisWeekPage(other, now)
  expect([mine.timeZone, mine.weekStart, mine.weekEnd]).toEqual(['Asia/Tokyo', '2026-11-30', '2026-12-06'])
  expect([theirs.timeZone, theirs.weekStart]).toEqual(['UTC', '2026-11-23'])
  // Five urgent setup steps: nobody holds communications, community, fundraising or council (4),
  // and the project still has its default name (1). Mine: 5 × 20 = 100 of 120; theirs: 5 × 12 = 60 of 240.
  expect(mine.workload).toMatchObject({ totalMinutes: 100, budgetMinutes: 120, overBudget: false })
  expect(theirs.workload).toMatchObject({ totalMinutes: 60, budgetMinutes: 240 })
  expect(mine.lastWeek.map((n) => n.key)).toEqual(['yourChanges'])

  // Emptied again: the organisation's everything.
  await savePersonalWeek({ userId: admin.id })
  expect(await getPersonalWeek(admin.id)).toMatchObject({
    timeZone: 'UTC',
    budgetMinutes: 240,
    taskMinutes: { setupStep: 12 },
    own: { timeZone: null, weeklyBudgetMinutes: null, taskMinutes: {} },
  })
})
