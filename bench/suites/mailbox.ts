// The project's mailbox (issue 13): e-mail time to first response and the threads still waiting
// over a mailbox of 5,000 conversations (a year of the demo mailbox's mix, plus a second, smaller
// source), and what the sync pays per page of 200 messages once the mailbox is that large.
import { db } from '#db/client.server.ts'
import { DEMO_MAILBOX_ADDRESSES, ensureMailboxSource, generateDemoMailbox, seedMailbox } from '#db/seed/mailbox.server.ts'
import { emailResponseTimes, listWaitingEmailThreads } from '#app/domain/community/mailbox-metrics.server.ts'
import {
  lockMailboxSource,
  rethreadMailboxSource,
  storeEmailMessages,
  toEmailMessageRow,
} from '#app/domain/community/mailbox-store.server.ts'
import { figure, measure, pageTargetMs, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const MAILBOX_VOLUME = { threads: 5_000, days: 365 } as const
// Fixed ids, so the run finds the sources the seed made (community_sources rows, kind 'imap').
export const MAILBOX_SOURCE = '00000000-0000-4000-8000-00000000b001'
const SOURCE = MAILBOX_SOURCE
const SECOND_SOURCE = '00000000-0000-4000-8000-00000000b002'
const HOUR = 3_600_000
const DAY = 24 * HOUR

export const mailboxSuite: BenchSuite = {
  name: 'mailbox',
  async seed({ now, log }) {
    const start = performance.now()
    for (const [id, username] of [
      [SOURCE, 'help@bench.invalid'],
      [SECOND_SOURCE, 'security@bench.invalid'],
    ] as const)
      await ensureMailboxSource(db, { id, name: `${username} (bench)`, host: 'imap.bench.invalid', username })
    const big = await seedMailbox(db, SOURCE, { now, ...MAILBOX_VOLUME })
    const small = await seedMailbox(db, SECOND_SOURCE, { now, threads: 500, days: 365, seed: 2 })
    log(
      `mailbox: ${MAILBOX_VOLUME.threads.toLocaleString('en')} conversations (${big.messages.toLocaleString('en')} messages) in one source, 500 (${small.messages} messages) in another, in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    )
  },
  async run({ now, log }) {
    const results: BenchResult[] = []
    const range = (days: number) => ({ start: new Date(now.getTime() - days * DAY), end: now })
    results.push(
      await measure('e-mail time to first response, last 90 days, every source', () => emailResponseTimes({ range: range(90) }), {
        runs: 30,
        targetMs: pageTargetMs(100),
      }),
      await measure(
        'e-mail time to first response, last 365 days, one source',
        () => emailResponseTimes({ range: range(365), sourceId: SOURCE }),
        { runs: 30, targetMs: pageTargetMs(100) },
      ),
      await measure(
        'waiting e-mail threads with senders (community), every source',
        () => listWaitingEmailThreads({ viewer: { roles: ['community'] }, now, targetHours: 48 }),
        { runs: 30, targetMs: pageTargetMs(100) },
      ),
      await measure(
        'waiting e-mail threads, counts only (council)',
        () => listWaitingEmailThreads({ viewer: { roles: ['council'] }, now, targetHours: 48 }),
        { runs: 30, targetMs: pageTargetMs(100) },
      ),
    )

    // A sync's page: 200 new messages, each a reply to a stored one (so each page rethreads up to
    // 200 existing threads), written with their threads in one transaction.
    const replies = generateDemoMailbox({ now, ...MAILBOX_VOLUME, seed: 77 })
    let next = 0
    results.push(
      await measure(
        'sync page of 200 messages into the 5,000-conversation source',
        async () => {
          const page = replies.slice(next, next + 200).map((m, i) => ({
            ...m,
            uid: 10_000_000 + next + i,
            messageId: `bench-${next + i}-${m.messageId}`,
            inReplyTo: m.messageId ? [m.messageId] : [],
            references: m.messageId ? [...m.references, m.messageId] : m.references,
          }))
          next += 200
          await db.transaction(async (tx) => {
            await lockMailboxSource(tx, SOURCE)
            await storeEmailMessages(
              tx,
              SOURCE,
              page.map((m) => toEmailMessageRow(SOURCE, m, DEMO_MAILBOX_ADDRESSES)),
              DEMO_MAILBOX_ADDRESSES,
            )
          })
        },
        { runs: 20, warmup: 1, targetMs: 1_000 },
      ),
    )

    const start = performance.now()
    await db.transaction(async (tx) => {
      await lockMailboxSource(tx, SOURCE)
      await rethreadMailboxSource(tx, SOURCE, DEMO_MAILBOX_ADDRESSES)
    })
    const seconds = (performance.now() - start) / 1000
    log(`mailbox: every thread of the source recomputed in ${seconds.toFixed(2)} s`)
    results.push(figure('full rethread of the source (UIDVALIDITY change, new project addresses)', seconds, 's', { target: 10 }))
    return results
  },
}
