// The full syncs of a forum and a mailbox (issue 13, "Speed": a full sync of 20,000 forum topics
// and 5,000 e-mail threads stays under 600 MB peak RSS on either driver), each in a child process
// with its own fresh database, as the community suite measures GitHub's: the Discourse stand-in
// serving 20,000 generated topics in its own process, and a private Dovecot holding 5,000 threads.
import { figure, type BenchResult } from '../measure.ts'
import {
  runSourceSyncInChild,
  SOURCE_SYNC_RSS_TARGET_MB,
  SOURCE_SYNC_VOLUME,
  type SourceSyncBenchResult,
  startBenchMailbox,
} from '../source-sync.ts'
import type { BenchSuite } from '../suite.ts'
import { missingDovecot } from '#tests/setup/dovecot-server.ts'

function figures(label: 'forum' | 'mailbox', result: SourceSyncBenchResult | null, stored: string): BenchResult[] {
  const r = result ?? { requests: NaN, seconds: NaN, unchangedRequests: NaN, unchangedItems: NaN, peakRssMb: NaN }
  return [
    figure(`${label} sync: peak memory (sync process RSS, ${stored})`, r.peakRssMb, 'MB', {
      target: SOURCE_SYNC_RSS_TARGET_MB,
      direction: '<=',
      digits: 0,
    }),
    figure(`${label} sync: full sync duration`, r.seconds, 's'),
    // HTTP requests for the forum; IMAP has no requests to count, so what an unchanged mailbox fetches
    ...(label === 'forum'
      ? [
          figure(`${label} sync: requests of the full sync`, r.requests, 'requests', { digits: 0 }),
          figure(`${label} sync: requests of an unchanged re-sync`, r.unchangedRequests, 'requests', { digits: 0 }),
        ]
      : [figure(`${label} sync: messages fetched by an unchanged re-sync`, r.unchangedItems, 'messages', { digits: 0 })]),
  ]
}

export const sourceSyncsSuite: BenchSuite = {
  name: 'source-syncs',
  // Nothing to seed: each sync writes into a database of its own.
  async seed() {},
  async run({ log }) {
    // A failed sync still fills the table: its figures miss their targets and the run exits 1.
    const failed = (what: string) => (error: unknown) => {
      log(`source-syncs: the ${what} sync failed: ${error instanceof Error ? error.message : String(error)}`)
      return null
    }
    log(`source-syncs: full sync of ${SOURCE_SYNC_VOLUME.topics.toLocaleString('en')} forum topics (child process)…`)
    const port = process.env.BENCH_DISCOURSE_PORT ? Number(process.env.BENCH_DISCOURSE_PORT) : 3354
    const forum = await runSourceSyncInChild({ kind: 'forum', topics: SOURCE_SYNC_VOLUME.topics, port }).catch(failed('forum'))
    if (forum) log(`source-syncs: forum: ${JSON.stringify(forum)}`)

    let mailbox: SourceSyncBenchResult | null = null
    const missing = missingDovecot()
    if (missing) log(`source-syncs: the mailbox sync needs Dovecot: ${missing}`)
    else {
      log(`source-syncs: seeding a Dovecot with ${SOURCE_SYNC_VOLUME.threads.toLocaleString('en')} threads…`)
      const server = await startBenchMailbox(SOURCE_SYNC_VOLUME.threads)
      try {
        mailbox = await runSourceSyncInChild(server.options).catch(failed('mailbox'))
        if (mailbox) log(`source-syncs: mailbox: ${JSON.stringify(mailbox)}`)
      } finally {
        await server.stop()
      }
    }
    return [
      ...figures('forum', forum, `${forum?.stored.topics ?? '?'} topics, ${forum?.stored.posts ?? '?'} posts`),
      ...figures('mailbox', mailbox, `${mailbox?.stored.threads ?? '?'} threads, ${mailbox?.stored.messages ?? '?'} messages`),
    ]
  },
}
