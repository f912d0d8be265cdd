// The forum and mailbox sync benchmarks (issue 13, "Speed": a full sync of 20,000 forum topics and
// 5,000 e-mail threads stays under 600 MB peak RSS on either driver): a full sync into a fresh
// database (PGlite on disk, or DATABASE_URL's server), timed, with the sync process's peak RSS,
// then an unchanged re-sync.
//   node --import tsx bench/source-sync.ts forum [--topics 20000]      (the Discourse stand-in in its own process)
//   node --import tsx bench/source-sync.ts mailbox [--threads 5000]    (a private Dovecot, seeded over IMAP first)
// Each measurement runs in a child process (bench/suites/source-sync-child.ts), so the peak is
// the sync's, not the seeding's or the stand-in's.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { count } from 'drizzle-orm'
import { closeDatabase, db, setDatabase } from '#db/client.server.ts'
import { emailMessages, emailThreads } from '#db/schema/mailbox.ts'
import { communitySources, forumPosts, forumTopics } from '#db/schema/sources.ts'
import { syncSources } from '#app/domain/community/sources-sync.server.ts'
import type { SeedMessage } from '#tests/setup/dovecot-server.ts'
import { openBenchDatabase } from './github-sync.ts'

export const SOURCE_SYNC_VOLUME = { topics: 20_000, threads: 5_000 } as const
export const SOURCE_SYNC_RSS_TARGET_MB = 600

export type SourceSyncBenchOptions =
  | { kind: 'forum'; topics: number; port: number }
  | { kind: 'mailbox'; threads: number; host: string; port: number; user: string; password: string; projectAddress: string }

export interface SourceSyncBenchResult {
  kind: 'forum' | 'mailbox'
  /** topics and posts, or threads and messages, stored */
  stored: { topics?: number; posts?: number; threads?: number; messages?: number }
  requests: number
  seconds: number
  unchangedRequests: number
  unchangedItems: number
  peakRssMb: number
}

/** The Discourse stand-in in its own process (its 20,000 topics are not the sync's memory). */
async function startFakeForum(topics: number, port: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/fakes/discourse/serve.ts', '--port', String(port), '--topics', String(topics)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let output = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      if (output.includes('fake Discourse at')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the Discourse stand-in exited (${code}): ${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/** One full sync and an unchanged re-sync of one source, in this process, sampling its RSS every 100 ms. */
export async function runSourceSyncBenchmark(options: SourceSyncBenchOptions): Promise<SourceSyncBenchResult> {
  const fake = options.kind === 'forum' ? await startFakeForum(options.topics, options.port) : null
  const database = await openBenchDatabase()
  setDatabase(database.handle)
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
  try {
    // The source's row as `source add` leaves it (its checks are not what is measured here).
    const [source] = await db
      .insert(communitySources)
      .values(
        options.kind === 'forum'
          ? { kind: 'discourse', name: 'Bench forum', url: fake!.url }
          : {
              kind: 'imap',
              name: `${options.user} on ${options.host}`,
              host: options.host,
              port: options.port,
              tls: false,
              username: options.user,
              passwordEnv: 'BENCH_IMAP_PASSWORD',
              projectAddresses: [options.projectAddress],
            },
      )
      .returning()
    if (options.kind === 'mailbox') process.env.BENCH_IMAP_PASSWORD = options.password
    const started = performance.now()
    const first = await syncSources({ id: source.id })
    const seconds = (performance.now() - started) / 1000
    const report = first.sources[0]!
    if (!report.ok) throw new Error(`the sync failed: ${report.error}`)
    const unchanged = (await syncSources({ id: source.id })).sources[0]!
    const rows = async (table: typeof forumTopics | typeof forumPosts | typeof emailThreads | typeof emailMessages) =>
      (await db.select({ n: count() }).from(table))[0]!.n
    const stored =
      options.kind === 'forum'
        ? { topics: await rows(forumTopics), posts: await rows(forumPosts) }
        : { threads: await rows(emailThreads), messages: await rows(emailMessages) }
    return {
      kind: options.kind,
      stored,
      requests: report.requests,
      seconds,
      unchangedRequests: unchanged.requests,
      unchangedItems: unchanged.items,
      peakRssMb: Math.round(peak / 1024 / 1024),
    }
  } finally {
    clearInterval(sampler)
    await fake?.stop()
    setDatabase(undefined)
    await database.dispose()
    await closeDatabase().catch(() => {})
  }
}

/** Runs the benchmark in a child process; one `SOURCE_SYNC_RESULT {json}` line comes back. */
export async function runSourceSyncInChild(options: SourceSyncBenchOptions): Promise<SourceSyncBenchResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./suites/source-sync-child.ts', import.meta.url)), JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  )
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => (output += chunk))
  const [code] = (await once(child, 'exit')) as [number | null]
  const line = output.split('\n').find((l) => l.startsWith('SOURCE_SYNC_RESULT '))
  if (code !== 0 || !line) throw new Error(`the ${options.kind} sync benchmark failed (exit ${code}): ${output.slice(-2000)}`)
  return JSON.parse(line.slice('SOURCE_SYNC_RESULT '.length)) as SourceSyncBenchResult
}

const PROJECT = 'help@bench.test'

/**
 * `threads` conversations for the mailbox benchmark, as the tests' Dovecot stores them: each a
 * question in INBOX from its own sender; two in three answered from the project's address (Sent),
 * and one in three followed up by the asker after the reply. 5,000 threads: 5,000 questions + 3,334 replies (i mod 3 ≠ 2) + 1,667 follow-ups (i mod 3 = 0) = 10,001 messages.
 */
function benchMailboxMessages(threads: number): SeedMessage[] {
  const start = Date.parse('2025-06-01T08:00:00Z')
  const messages: SeedMessage[] = []
  const raw = (headers: Record<string, string>) =>
    [
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello.',
      '',
    ].join('\r\n')
  for (let i = 0; i < threads; i++) {
    const asked = new Date(start + i * 3_600_000)
    const asker = `person${i}@example.net`
    const question = `<q${i}@example.net>`
    messages.push({
      folder: 'INBOX',
      internalDate: asked,
      raw: raw({ From: asker, To: PROJECT, Subject: `Question ${i}`, Date: asked.toUTCString(), 'Message-ID': question }),
    })
    if (i % 3 === 2) continue
    const replied = new Date(asked.getTime() + 5 * 3_600_000)
    const reply = `<r${i}@bench.test>`
    messages.push({
      folder: 'Sent',
      flags: ['\\Seen'],
      internalDate: replied,
      raw: raw({
        From: PROJECT,
        To: asker,
        Subject: `Re: Question ${i}`,
        Date: replied.toUTCString(),
        'Message-ID': reply,
        'In-Reply-To': question,
        References: question,
      }),
    })
    if (i % 3 !== 0) continue
    const again = new Date(replied.getTime() + 3_600_000)
    messages.push({
      folder: 'INBOX',
      internalDate: again,
      raw: raw({
        From: asker,
        To: PROJECT,
        Subject: `Re: Question ${i}`,
        Date: again.toUTCString(),
        'Message-ID': `<f${i}@example.net>`,
        'In-Reply-To': reply,
        References: `${question} ${reply}`,
      }),
    })
  }
  return messages
}

/** Starts a private Dovecot holding `threads` conversations, for the mailbox benchmark. */
export async function startBenchMailbox(threads: number) {
  const { startDovecot } = await import('#tests/setup/dovecot-server.ts')
  const password = 'bench-secret'
  const dovecot = await startDovecot({ users: { [PROJECT]: password } })
  await dovecot.append(PROJECT, benchMailboxMessages(threads))
  return {
    options: { kind: 'mailbox', threads, host: '127.0.0.1', port: dovecot.port, user: PROJECT, password, projectAddress: PROJECT } as const,
    stop: () => dovecot.stop(),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      topics: { type: 'string', default: String(SOURCE_SYNC_VOLUME.topics) },
      threads: { type: 'string', default: String(SOURCE_SYNC_VOLUME.threads) },
      port: { type: 'string', default: '3354' },
    },
  })
  if (positionals[0] === 'mailbox') {
    const mailbox = await startBenchMailbox(Number(values.threads))
    try {
      console.log(JSON.stringify(await runSourceSyncInChild(mailbox.options), null, 2))
    } finally {
      await mailbox.stop()
    }
  } else {
    console.log(
      JSON.stringify(await runSourceSyncInChild({ kind: 'forum', topics: Number(values.topics), port: Number(values.port) }), null, 2),
    )
  }
}
