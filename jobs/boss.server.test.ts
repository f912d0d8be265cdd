import { expect, test } from 'vitest'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { startJobs, stopJobs } from './boss.server.ts'
import { cleanupExpiredJob } from './cleanup-expired.ts'
import { githubSyncJob } from './github-sync.ts'
import { sourcesSyncJob } from './sources-sync.ts'

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

test('the GitHub sync, now part of the hourly sources sync, loses the hourly schedule an earlier version gave it', async () => {
  const handle = database()
  const url = testDatabaseUrl()
  // The earlier version scheduled both community syncs hourly (at :07 and :37).
  const before = await startJobs(handle, { work: false, url, jobs: [], log: () => {} })
  try {
    await before.createQueue(githubSyncJob.name)
    await before.schedule(githubSyncJob.name, '7 * * * *', {}, { tz: 'UTC' })
    expect((await before.getSchedules()).map((s) => s.name)).toContain(githubSyncJob.name)
  } finally {
    await stopJobs()
  }

  const lines: string[] = []
  const boss = await startJobs(handle, { work: true, url, jobs: [githubSyncJob, sourcesSyncJob], log: (line) => lines.push(line) })
  try {
    // one hourly community sync is left: the sources sync, which syncs the repositories too
    // (pg-boss's tables outlive the test above: its job's schedule is still there, and not ours to judge)
    const community = (await boss.getSchedules()).filter((s) => s.name.startsWith('community.'))
    expect(community.map((s) => [s.name, s.cron])).toEqual([[sourcesSyncJob.name, '37 * * * *']])
    expect(lines).toContain(`jobs: removed the schedule of ${githubSyncJob.name}, which this version runs only when queued`)
  } finally {
    await stopJobs()
  }
})
