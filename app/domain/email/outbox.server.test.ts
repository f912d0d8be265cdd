import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, emailOutbox } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { type SmtpSink, startSmtpSink } from '#tests/setup/smtp-sink.ts'
import {
  deliverEmail,
  getEmailPage,
  MAX_ATTEMPTS,
  queueEmail,
  retryDelayMinutes,
  retryEmail,
  sendTestEmail,
  sweepOutbox,
} from './outbox.server.ts'
import { renderEmail } from './render.ts'

setupTestDatabase()
let sink: SmtpSink
const saved = { SMTP_URL: process.env.SMTP_URL, STEWARD_PUBLIC_URL: process.env.STEWARD_PUBLIC_URL }

/** getEnv() caches the configuration: point it at the sink for this file. */
async function configure(env: Record<string, string | undefined>) {
  Object.assign(process.env, env)
  const { resetEnv } = await import('#app/utils/env.server.ts')
  resetEnv()
}

beforeAll(async () => {
  sink = await startSmtpSink()
  await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
})
afterAll(async () => {
  await sink.close()
  await configure(saved)
})
beforeEach(() => {
  sink.setMode('accept')
  sink.messages.length = 0
  sink.attempts.length = 0
})

async function row(id: string) {
  const [found] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id))
  return found
}

describe('the outbox', () => {
  test('a queued message reaches the mail server once, with both parts, its Message-ID and List-Unsubscribe', async () => {
    const body = renderEmail({
      greeting: 'Hello Ada,',
      paragraphs: ['Two things need you this week.'],
      actions: [{ label: 'Open Steward', url: 'https://steward.example.org/' }],
    })
    const id = await queueEmail({
      kind: 'notification',
      to: 'ada@example.org',
      subject: 'Two things need you',
      text: body.text,
      html: body.html,
      unsubscribeUrl: 'https://steward.example.org/settings/account#notifications',
    })
    expect(await deliverEmail(id!)).toBe('sent')
    // A second delivery of the same row (a repeated job) sends nothing.
    expect(await deliverEmail(id!)).toBe('skipped')
    expect(sink.messages).toHaveLength(1)
    const [message] = sink.messages
    expect(message.to).toEqual(['ada@example.org'])
    expect(message.subject).toBe('Two things need you')
    expect(message.text).toContain('Open Steward: https://steward.example.org/')
    expect(message.html).toContain('href="https://steward.example.org/"')
    expect(message.headers['message-id']).toBe(`<${id}@steward.example.org>`)
    expect(message.headers['list-unsubscribe']).toBe('<https://steward.example.org/settings/account#notifications>')
    expect(await row(id!)).toMatchObject({ state: 'sent', attempts: 1, lastError: null })
  })

  test('a mail server that defers, then drops the connection, is tried again with growing pauses until it takes the message', async () => {
    const id = (await queueEmail({ kind: 'test', to: 'ada@example.org', subject: 'Retry me', text: 'x' }))!
    const queuedAt = (await row(id)).nextAttemptAt

    sink.setMode('defer') // 451 at RCPT TO: temporary
    const first = new Date(queuedAt.getTime() + 1000)
    expect(await deliverEmail(id, { now: first })).toBe('retrying')
    expect(await row(id)).toMatchObject({ state: 'retrying', attempts: 1 })
    expect((await row(id)).lastError).toMatch(/asked to try again later/)
    // After the first failure the pause is 2^0 = 1 minute.
    expect((await row(id)).nextAttemptAt.getTime()).toBe(first.getTime() + 60_000)
    // Not due yet: the sweep leaves it.
    expect(await sweepOutbox({ now: new Date(first.getTime() + 30_000) })).toMatchObject({ sent: 0, retrying: 0 })

    sink.setMode('drop') // hangs up mid-message: temporary
    const second = new Date(first.getTime() + 61_000)
    expect(await sweepOutbox({ now: second })).toMatchObject({ retrying: 1 })
    expect(await row(id)).toMatchObject({ state: 'retrying', attempts: 2 })
    expect((await row(id)).lastError).toMatch(/connection to the mail server failed or was dropped/)
    // After the second failure the pause is 2^1 = 2 minutes.
    expect((await row(id)).nextAttemptAt.getTime()).toBe(second.getTime() + 2 * 60_000)

    sink.setMode('accept')
    expect(await sweepOutbox({ now: new Date(second.getTime() + 2 * 60_000 + 1) })).toMatchObject({ sent: 1 })
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 3, lastError: null })
    expect(sink.messages.map((m) => m.subject)).toEqual(['Retry me'])
    // 451 and the dropped connection each reached RCPT TO once, then the accepted delivery.
    expect(sink.attempts.map((a) => a.mode)).toEqual(['defer', 'drop', 'accept'])
  })

  test('a refusal is permanent: failed at once with the server’s words, never retried; an admin can try again', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    const id = (await queueEmail({ kind: 'test', to: 'nobody@example.org', subject: 'Refused', text: 'x' }))!
    sink.setMode('refuse')
    expect(await deliverEmail(id)).toBe('failed')
    const failed = await row(id)
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed.lastError).toMatch(/^the mail server refused the message \(“550/)
    expect(await sweepOutbox({ now: new Date(Date.now() + 24 * 3_600_000) })).toMatchObject({ sent: 0, failed: 0, retrying: 0 })

    sink.setMode('accept')
    await retryEmail({ id, actorId: admin.id })
    expect(await deliverEmail(id)).toBe('sent')
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 2 })
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, id))
    expect(audit.map((a) => a.action)).toEqual(['retry'])
  })

  test('a message that keeps failing temporarily is given up after the last attempt, with the reason', async () => {
    const id = (await queueEmail({ kind: 'test', to: 'ada@example.org', subject: 'Never', text: 'x' }))!
    sink.setMode('defer')
    let now = new Date(Date.now() + 1000)
    const outcomes: string[] = []
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      outcomes.push(await deliverEmail(id, { now }))
      now = new Date(now.getTime() + retryDelayMinutes(attempt) * 60_000)
    }
    expect(outcomes).toEqual([...Array(MAX_ATTEMPTS - 1).fill('retrying'), 'failed'])
    expect((await row(id)).lastError).toMatch(/gave up after 7 attempts$/)
    // 1 + 2 + 4 + 8 + 16 + 32 = 63 minutes of tries before giving up.
    expect([1, 2, 3, 4, 5, 6].map(retryDelayMinutes).reduce((a, b) => a + b)).toBe(63)
  })

  test('a claim left by a process that died mid-delivery is given back by the sweep after ten minutes', async () => {
    const id = (await queueEmail({ kind: 'test', to: 'ada@example.org', subject: 'Orphan', text: 'x' }))!
    const died = new Date(Date.now() + 1000)
    await db.update(emailOutbox).set({ state: 'sending', claimedAt: died }).where(eq(emailOutbox.id, id))
    expect(await sweepOutbox({ now: new Date(died.getTime() + 5 * 60_000) })).toMatchObject({ sent: 0 })
    expect(await sweepOutbox({ now: new Date(died.getTime() + 11 * 60_000) })).toMatchObject({ sent: 1 })
    expect(sink.messages).toHaveLength(1)
  })

  test('the same dedupe key queues one message, and a rolled-back cause queues none', async () => {
    expect(
      await queueEmail({ kind: 'digest', to: 'ada@example.org', subject: 'Week 48', text: 'x', dedupeKey: 'digest:ada:2026-W48' }),
    ).toBeTruthy()
    expect(
      await queueEmail({ kind: 'digest', to: 'ada@example.org', subject: 'Week 48', text: 'x', dedupeKey: 'digest:ada:2026-W48' }),
    ).toBeNull()
    await expect(
      db.transaction(async (tx) => {
        await queueEmail({ kind: 'notification', to: 'ada@example.org', subject: 'Rolled back', text: 'x' }, tx)
        throw new Error('the change that caused it failed')
      }),
    ).rejects.toThrow('the change that caused it failed')
    const subjects = (await db.select({ subject: emailOutbox.subject }).from(emailOutbox)).map((r) => r.subject)
    expect(subjects).toEqual(['Week 48'])
  })

  test('the admin’s page shows the setup, the counts by state and the latest messages; a test e-mail is queued and audited', async () => {
    const admin = await insertUser({ roles: ['admin'] })
    await sendTestEmail({ to: 'admin@example.org', actorId: admin.id })
    await sweepOutbox()
    const page = await getEmailPage()
    expect(page).toMatchObject({ configured: true, publicUrl: 'https://steward.example.org', counts: { sent: 1, queued: 0, failed: 0 } })
    expect(page.recent[0]).toMatchObject({ kind: 'test', toAddress: 'admin@example.org', state: 'sent' })
    expect(sink.messages[0].text).toContain('This is a test e-mail from Steward at https://steward.example.org.')
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'email'))
    expect(audit).toMatchObject({ action: 'test', actorId: admin.id, after: { to: 'admin@example.org' } })
  })
})

test('without SMTP the test e-mail is refused next to its field, and a queued message fails saying what to set', async () => {
  const admin = await insertUser({ roles: ['admin'] })
  await configure({ SMTP_URL: '', STEWARD_PUBLIC_URL: '' })
  try {
    await expect(sendTestEmail({ to: 'a@example.org', actorId: admin.id })).rejects.toMatchObject({
      field: 'to',
      message: expect.stringMatching(/not configured/),
    })
    const id = (await queueEmail({ kind: 'notification', to: 'a@example.org', subject: 's', text: 't' }))!
    expect(await deliverEmail(id)).toBe('failed')
    expect((await row(id)).lastError).toBe('e-mail is not configured: set SMTP_URL (and STEWARD_PUBLIC_URL) and retry')
  } finally {
    await configure({ SMTP_URL: sink.url, STEWARD_PUBLIC_URL: 'https://steward.example.org' })
  }
})

test('the e-mail body escapes what people typed and keeps links absolute', () => {
  const { text, html } = renderEmail({
    greeting: 'Hello <Ada>,',
    paragraphs: ['5 < 6 & "quotes"'],
    actions: [{ label: 'Open', url: 'https://x.example/a?b=1&c=2' }],
    footer: ['Why you get this'],
  })
  expect(text).toBe('Hello <Ada>,\n\n5 < 6 & "quotes"\n\nOpen: https://x.example/a?b=1&c=2\n\n--\nWhy you get this\n')
  expect(html).toContain('Hello &lt;Ada&gt;,')
  expect(html).toContain('5 &lt; 6 &amp; &quot;quotes&quot;')
  expect(html).toContain('href="https://x.example/a?b=1&amp;c=2"')
})
