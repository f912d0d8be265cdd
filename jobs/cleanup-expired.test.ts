import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { sessions } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { enqueueJob, jobsRunning, startJobs, stopJobs } from './boss.server.ts'
import { cleanupExpiredJob } from './cleanup-expired.ts'
import { QUEUES } from './queues.ts'

const database = setupTestDatabase()

test('pg-boss runs the clean-up job on this driver and it removes expired sessions', async () => {
  const user = await insertUser()
  await db.insert(sessions).values([
    { id: 'expired', userId: user.id, expiresAt: new Date('2020-01-01T00:00:00Z') },
    { id: 'live', userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
  ])
  const handle = database()
  const url = testDatabaseUrl()
  const lines: string[] = []
  const boss = await startJobs(handle, { work: true, url, jobs: [cleanupExpiredJob], log: (line) => lines.push(line) })
  try {
    const id = await boss.send(cleanupExpiredJob.name, {})
    expect(id).toBeTruthy()
    await expect
      .poll(async () => (await boss.getJobById(cleanupExpiredJob.name, id!))?.state, { timeout: 20_000, interval: 200 })
      .toBe('completed')
    expect((await db.select().from(sessions)).map((s) => s.id)).toEqual(['live'])
    expect(lines.some((line) => line.includes('accounts.cleanup-expired done') && line.includes('"sessions":1'))).toBe(true)
    // the daily schedule is registered
    expect((await boss.getSchedules()).map((s) => s.name)).toContain(cleanupExpiredJob.name)
  } finally {
    await stopJobs()
  }
})

test('a job queued while the jobs are still starting waits for the start instead of failing', async () => {
  // `serve` answers its first requests while pg-boss starts
  const starting = startJobs(database(), { work: true, url: testDatabaseUrl(), jobs: [cleanupExpiredJob], log: () => {} })
  try {
    expect(jobsRunning()).toBe(true)
    const id = await enqueueJob(QUEUES.cleanupExpired)
    const boss = await starting
    expect(id).toBeTruthy()
    await expect
      .poll(async () => (await boss.getJobById(cleanupExpiredJob.name, id!))?.state, { timeout: 20_000, interval: 200 })
      .toBe('completed')
  } finally {
    await stopJobs()
  }
  expect(jobsRunning()).toBe(false)
})
