import { expect, test } from 'vitest'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { startJobs, stopJobs } from './boss.server.ts'
import { cleanupExpiredJob } from './cleanup-expired.ts'

const database = setupTestDatabase()

test('a worker starting on an upgraded installation unschedules the job an earlier version scheduled and keeps its own', async () => {
  const handle = database()
  const url = testDatabaseUrl()
  const old = 'fundraising.grant-deadline-reminders'
  // The earlier version: its queue and a daily schedule, as pg-boss stores them.
  const before = await startJobs(handle, { work: false, url, jobs: [], log: () => {} })
  try {
    await before.createQueue(old)
    await before.schedule(old, '0 7 * * *', {}, { tz: 'UTC' })
    expect((await before.getSchedules()).map((s) => s.name)).toEqual([old])
  } finally {
    await stopJobs()
  }

  const lines: string[] = []
  const boss = await startJobs(handle, { work: true, url, jobs: [cleanupExpiredJob], log: (line) => lines.push(line) })
  try {
    // the old schedule is gone, the current job's schedule is there: one schedule left
    expect((await boss.getSchedules()).map((s) => s.name)).toEqual([cleanupExpiredJob.name])
    expect(lines).toContain(`jobs: removed the schedule of ${old}, which this version no longer runs`)
  } finally {
    await stopJobs()
  }

  // A process started with only some of the jobs leaves the schedules of the others alone.
  const partial = await startJobs(handle, { work: true, url, jobs: [], log: () => {} })
  try {
    expect((await partial.getSchedules()).map((s) => s.name)).toEqual([cleanupExpiredJob.name])
  } finally {
    await stopJobs()
  }
})
