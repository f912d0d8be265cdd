// /community/triage through its route, for an e-mail thread: only the community role (and admin)
// sets a thread aside — a reader's snooze is a 403 that changes and audits nothing — and a
// reader's page carries no sender address, subject or Message-ID.
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, emailTriageStates } from '#db/schema/index.ts'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { lockMailboxSource, storeEmailMessages, toEmailMessageRow } from '#app/domain/community/mailbox-store.server.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import * as triage from '#app/routes/community.triage.tsx'

setupTestDatabase()

const PROJECT = ['help@project.org']

async function requestAs(role: Role, form?: Record<string, string>) {
  const user = await insertUser({ roles: [role] })
  const response = await startUserSession({ request: new Request('http://localhost/login'), userId: user.id, clientAddress: '127.0.0.1' })
  const cookie = response.headers.get('Set-Cookie')!.split(';')[0]!
  const body = form ? new URLSearchParams(form) : undefined
  const request = new Request('http://localhost/community/triage', {
    method: body ? 'POST' : 'GET',
    headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body,
  })
  return { user, request }
}

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
const call = (handler: unknown, request: Request) => (handler as Handler)({ request, params: {}, context: {} })

/** The status a loader or action answers with: 200 for data, else the thrown response's. */
async function statusOf(promise: Promise<unknown>) {
  try {
    const value = await promise
    if (value && typeof value === 'object' && 'init' in value) return (value as { init: { status?: number } | null }).init?.status ?? 200
    return 200
  } catch (thrown) {
    if (thrown && typeof thrown === 'object' && 'init' in thrown) return (thrown as { init: { status: number } }).init.status
    throw thrown
  }
}

/** Grace's question, waiting since a day ago in the test mailbox. */
async function graceWrites() {
  const source = await insertMailboxSource(db, 1)
  const message: MailMessage = {
    folder: 'INBOX',
    uid: 1,
    messageId: 'q5@example.com',
    inReplyTo: [],
    references: [],
    from: { name: 'Grace', address: 'grace@example.com' },
    to: [],
    cc: [],
    subject: 'Segfault on import',
    internalDate: new Date(Date.now() - 24 * 3_600_000),
    date: null,
    autoSubmitted: null,
    precedence: null,
    hasListId: false,
    hasListUnsubscribe: false,
  }
  await db.transaction(async (tx) => {
    await lockMailboxSource(tx, source)
    await storeEmailMessages(tx, source, [toEmailMessageRow(source, message, PROJECT)], PROJECT)
  })
  return { source, itemId: `email:${source}:q5@example.com` }
}

const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)

test('a reader (council) sees the thread waiting without its sender, and cannot snooze it', async () => {
  const { itemId } = await graceWrites()
  const { request } = await requestAs('council')
  const page = (await call(triage.loader, request)) as { total: number; canEdit: boolean; queue: { kind: string }[] }
  expect(page).toMatchObject({ total: 1, canEdit: false, queue: [{ kind: 'email', senderAddress: null }] })
  expect(JSON.stringify(page)).not.toMatch(/grace@example\.com|Grace|q5@example\.com|Segfault/)

  const snooze = await requestAs('council', { intent: 'snooze', itemId, until: tomorrow() })
  expect(await statusOf(call(triage.action, snooze.request))).toBe(403)
  const handled = await requestAs('council', { intent: 'handled', itemId, note: 'answered by phone' })
  expect(await statusOf(call(triage.action, handled.request))).toBe(403)
  expect(await db.select().from(emailTriageStates)).toEqual([])
  expect(await db.select().from(auditEvents).where(eq(auditEvents.entity, 'triage_email_thread'))).toEqual([])
})

test('the community manager snoozes it from the queue: it leaves the queue, set aside, audited as theirs', async () => {
  const { source, itemId } = await graceWrites()
  const before = (await call(triage.loader, (await requestAs('community')).request)) as { total: number; queue: unknown[] }
  expect(before.queue).toMatchObject([{ id: itemId, senderAddress: 'grace@example.com', subject: 'Segfault on import' }])

  const until = tomorrow()
  const { user, request } = await requestAs('community', { intent: 'snooze', itemId, until })
  const answer = (await call(triage.action, request)) as { message: string; itemId: string }
  expect(answer).toMatchObject({ itemId, message: `Snoozed until ${until}.` })
  const after = (await call(triage.loader, (await requestAs('community')).request)) as {
    total: number
    queue: unknown[]
    setAside: { id: string; label: string }[]
  }
  expect(after).toMatchObject({ total: 0, queue: [], setAside: [{ id: itemId, label: 'test mailbox 1: Segfault on import' }] })
  const [state] = await db.select().from(emailTriageStates)
  expect(state).toMatchObject({ sourceId: source, openerKey: 'q5@example.com', updatedById: user.id, handledAt: null })
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.entity, 'triage_email_thread'))
  expect(audit.map((a) => [a.entityId, a.action, a.actorId])).toEqual([[itemId, 'snooze', user.id]])

  // put back by the same route
  const back = await requestAs('community', { intent: 'return', itemId })
  expect(await call(triage.action, back.request)).toMatchObject({ message: 'Back in the queue.' })
  expect(((await call(triage.loader, (await requestAs('community')).request)) as { total: number }).total).toBe(1)
})

test('a form naming no queue item is refused before the database', async () => {
  await graceWrites()
  for (const itemId of ['email:not-a-source:q5@example.com', 'email:', 'abc'])
    expect(await statusOf(call(triage.action, (await requestAs('community', { intent: 'return', itemId })).request)), itemId).toBe(400)
})
