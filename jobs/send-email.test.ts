import { afterAll, beforeAll, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { queueEmail } from '#app/domain/email/outbox.server.ts'
import { resetEnv } from '#app/utils/env.server.ts'
import { setupTestDatabase, testDatabaseUrl } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import { startJobs, stopJobs } from './boss.server.ts'
import { sendEmailJob } from './send-email.ts'

const database = setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

beforeAll(async () => {
  sink = await startSmtpSink()
  Object.assign(process.env, { SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
  resetEnv()
})
afterAll(async () => {
  Object.assign(process.env, saved)
  resetEnv()
  await sink.close()
})

test('an e-mail queued in a transaction gets its delivery job in that transaction: committed, it is sent; rolled back, neither exists', async () => {
  const boss = await startJobs(database(), { work: true, url: testDatabaseUrl(), jobs: [sendEmailJob], log: () => {} })
  try {
    await expect(
      db.transaction(async (tx) => {
        await queueEmail({ kind: 'notification', to: 'gone@example.org', subject: 'Rolled back', text: 'x' }, tx)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    await db.transaction((tx) => queueEmail({ kind: 'notification', to: 'ada@example.org', subject: 'Committed', text: 'x' }, tx))
    await expect.poll(() => sink.messages.map((m) => m.subject), { timeout: 20_000, interval: 200 }).toEqual(['Committed'])
    // One job was ever created: the rolled-back one never existed.
    const { rows } = await database().execute(`select count(*)::int as n from pgboss.job where name = 'email.send'`, [])
    expect(rows[0].n).toBe(1)
  } finally {
    await stopJobs()
  }
  expect(boss).toBeTruthy()
})
