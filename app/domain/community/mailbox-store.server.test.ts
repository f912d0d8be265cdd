// Threads kept page by page equal the threads of all the messages at once (threads.ts is the
// reference), whatever the order and the pages; the SQL metrics equal the pure definitions.
import { asc, eq } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { emailMessages, emailThreadIds, emailThreads } from '#db/schema/mailbox.ts'
import { DEMO_MAILBOX_ADDRESSES, generateDemoMailbox, seedMailbox } from '#db/seed/mailbox.server.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { insertMailboxSource } from '#tests/setup/mailbox-source.ts'
import type { MailMessage } from '#app/integrations/imap/messages.ts'
import { threadMessages } from '#app/integrations/imap/threads.ts'
import { emailResponseTimes, listWaitingEmailThreads } from './mailbox-metrics.server.ts'
import { lockMailboxSource, rethreadMailboxSource, storeEmailMessages, toEmailMessageRow } from './mailbox-store.server.ts'
import { timeToFirstResponse } from './metrics.ts'

const PROJECT = ['help@project.org', 'ann@project.org']
const T0 = Date.parse('2026-03-02T00:00:00Z')

/** A small world of messages whose ids and references overlap a lot, in two folders. */
const messagesArbitrary = fc
  .array(
    fc.record({
      id: fc.integer({ min: 0, max: 14 }),
      hasId: fc.boolean(),
      refs: fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { maxLength: 3 }),
      inReplyTo: fc.option(fc.integer({ min: 0, max: 14 }), { nil: null }),
      sender: fc.constantFrom('help@project.org', 'ANN@project.org', 'eve@example.org', 'bob@example.com'),
      kind: fc.constantFrom('person', 'person', 'person', 'auto', 'list'),
      minute: fc.integer({ min: 0, max: 600 }),
      folder: fc.constantFrom('INBOX', 'Sent'),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((drafts) => {
    const uids: Record<string, number> = { INBOX: 0, Sent: 0 }
    return drafts.map((d): MailMessage => ({
      folder: d.folder,
      uid: (uids[d.folder] += 1),
      messageId: d.hasId ? `m${d.id}@x` : null,
      inReplyTo: d.inReplyTo === null ? [] : [`m${d.inReplyTo}@x`],
      references: d.refs.map((r) => `m${r}@x`),
      from: { name: d.sender.split('@')[0], address: d.sender },
      to: [],
      cc: [],
      subject: `about ${d.id}`,
      internalDate: new Date(T0 + d.minute * 60_000),
      date: null,
      autoSubmitted: d.kind === 'auto' ? 'auto-replied' : null,
      precedence: null,
      hasListId: d.kind === 'list',
      hasListUnsubscribe: false,
    }))
  })

async function storedThreads(sourceId: string) {
  const threads = await db
    .select({
      threadId: emailThreads.threadId,
      createdAt: emailThreads.createdAt,
      firstResponseAt: emailThreads.firstResponseAt,
      messageCount: emailThreads.messageCount,
      subject: emailThreads.subject,
    })
    .from(emailThreads)
    .where(eq(emailThreads.sourceId, sourceId))
    .orderBy(asc(emailThreads.threadId))
  const messages = await db
    .select({ folder: emailMessages.folder, uid: emailMessages.uid, threadId: emailMessages.threadId, direction: emailMessages.direction })
    .from(emailMessages)
    .where(eq(emailMessages.sourceId, sourceId))
    .orderBy(asc(emailMessages.folder), asc(emailMessages.uid))
  const ids = await db
    .select({ messageId: emailThreadIds.messageId, threadId: emailThreadIds.threadId })
    .from(emailThreadIds)
    .where(eq(emailThreadIds.sourceId, sourceId))
    .orderBy(asc(emailThreadIds.messageId))
  // Sorted here, not by the database's collation, to compare with the reference.
  const byKey = <T>(rows: T[], key: (row: T) => string) => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  return { threads: byKey(threads, (t) => t.threadId), messages, ids: byKey(ids, (i) => i.messageId) }
}

describe('the stored e-mail threads', () => {
  setupTestDatabase()

  it('equal the threads of all the messages at once, whatever the pages and their order', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        messagesArbitrary,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (messages, pageSize, shuffleSeed) => {
          // A source of its own per run: sources never see each other's rows.
          const source = await insertMailboxSource(db, (run += 1))
          // Pages in a shuffled order (folders interleave, replies arrive before their questions).
          const order = messages.map((m, i) => ({ m, key: (i * 7919 + shuffleSeed) % 1009 })).sort((a, b) => a.key - b.key)
          for (let i = 0; i < order.length; i += pageSize) {
            const page = order.slice(i, i + pageSize).map(({ m }) => toEmailMessageRow(source, m, PROJECT))
            await db.transaction(async (tx) => {
              await lockMailboxSource(tx, source)
              await storeEmailMessages(tx, source, page, PROJECT)
            })
          }
          const stored = await storedThreads(source)

          const reference = threadMessages(messages, PROJECT)
          expect(stored.threads).toEqual(
            reference
              .map((t) => ({
                threadId: t.id,
                createdAt: t.createdAt,
                firstResponseAt: t.firstResponse?.internalDate ?? null,
                messageCount: t.messages.length,
                subject: t.subject,
              }))
              .sort((a, b) => (a.threadId < b.threadId ? -1 : 1)),
          )
          // Recomputing every thread at once changes nothing.
          await db.transaction((tx) => rethreadMailboxSource(tx, source, PROJECT))
          expect(await storedThreads(source)).toEqual(stored)
        },
      ),
      { numRuns: 40 },
    )
  }, 120_000)

  it('the demo mailbox: idempotent, and the SQL metrics equal the pure definitions', async () => {
    const now = new Date('2026-06-30T12:00:00Z')
    const source = await insertMailboxSource(db, 7)
    const first = await seedMailbox(db, source, { now })
    expect(first.messages).toBeGreaterThan(300)
    expect((await seedMailbox(db, source, { now })).messages).toBe(0)

    const threads = threadMessages(generateDemoMailbox({ now }), DEMO_MAILBOX_ADDRESSES)
    const range = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') }
    const expected = timeToFirstResponse(
      threads
        .filter((t) => t.createdAt)
        .map((t) => ({ kind: 'issue' as const, createdAt: t.createdAt!, firstResponseAt: t.firstResponse?.internalDate ?? null })),
      range,
    )
    const actual = await emailResponseTimes({ range, sourceId: source })
    expect(actual.count).toBe(expected.count)
    expect(actual.waiting).toBe(expected.waiting)
    expect(actual.median).toBeCloseTo(expected.median!, 6)
    expect(actual.p90).toBeCloseTo(expected.p90!, 6)
    // The demo has answered and waiting threads, list posts and newsletters that open nothing.
    expect(expected.count).toBeGreaterThan(100)
    expect(expected.waiting).toBeGreaterThan(3)
    expect(threads.some((t) => t.createdAt === null)).toBe(true)

    const waiting = await listWaitingEmailThreads({ viewer: { roles: ['community'] }, now, targetHours: 48, sourceId: source })
    expect(waiting.total).toBe(threads.filter((t) => t.createdAt && !t.firstResponse).length)
    expect(waiting.threads?.map((t) => t.messageId)).toEqual(
      threads
        .filter((t) => t.createdAt && !t.firstResponse)
        .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime() || (a.id < b.id ? -1 : 1))
        .map((t) => t.messages.find((m) => m.direction === 'inbound' && m.kind === 'person')!.messageId),
    )
  })
})
