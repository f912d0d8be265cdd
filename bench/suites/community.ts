// Community (issues 4 and 13): a full GitHub sync of a generated repository with 65,000 issues and
// pull requests and 15,000 discussions (requests vs the ceil(N/100) minimum, items per second, peak
// memory), and the /community page on the same volume plus a forum of 20,000 topics with their
// posts and the mailbox suite's 5,000 + 500 e-mail conversations: one client at a time, and 8 at
// once (through the page's domain call, and over HTTP to the built server, on both drivers).
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { GithubSyncBenchOptions, GithubSyncBenchResult } from '../github-sync.ts'
import { getCommunityPage, getContributorsPage, getTriagePage } from '#app/domain/community/pages.server.ts'
import { triageOverdueProducer } from '#app/domain/community/notifications.server.ts'
import { getThisWeekPage } from '#app/domain/this-week/cards.server.ts'
import { insertSampleCommunityData } from '../sample-community-data.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { quarterOf, shiftQuarter } from '#app/utils/time.ts'
import { figure, measure, measureConcurrent, pageTargetMs, type BenchResult } from '../measure.ts'
import { insertSampleForumData } from '../sample-forum-data.ts'
import { MAILBOX_SOURCE } from './mailbox.ts'
import { readContributors } from '#app/domain/community/chaoss-metrics.server.ts'
import { computeCommunityFigures } from '#app/domain/community/community-figures.server.ts'
import { resolvePeriod } from '#app/domain/community/period.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { root, startWeb } from '#tests/ops/processes.ts'
import type { BenchContext, BenchSuite } from '../suite.ts'

export const COMMUNITY_VOLUME = { issues: 32_500, pullRequests: 32_500, discussions: 15_000 } as const
export const FORUM_VOLUME = { topics: 20_000, days: 730 } as const
const FORUM_SOURCE = '00000000-0000-4000-8000-00000000f001'
const CLIENTS = 8

/** A port free right now (other helpers' fakes may hold the usual 3352). */
async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** The sync benchmark in a child process; the fake GitHub is a grandchild on BENCH_GITHUB_PORT or a free port. */
async function runSyncInChild(options: GithubSyncBenchOptions & { port: number }): Promise<GithubSyncBenchResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./github-sync-child.ts', import.meta.url)), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  )
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => (output += chunk))
  const [code] = (await once(child, 'exit')) as [number | null]
  const line = output.split('\n').find((l) => l.startsWith('SYNC_RESULT '))
  if (code !== 0 || !line) throw new Error(`the sync benchmark failed (exit ${code}): ${output.slice(-2000)}`)
  return JSON.parse(line.slice('SYNC_RESULT '.length)) as GithubSyncBenchResult
}

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined where /proc is missing. */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime (fields 14 and 15 of stat), in clock ticks of 10 ms
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * What a browser sends with a page request (Chrome over HTTPS, as behind the TLS proxy Steward runs
 * behind in production): the server compresses as it would for people. fetch keeps the connection
 * alive between requests, as a browser does.
 */
const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'accept-language': 'en-GB,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
}

/**
 * The /community page over HTTP from the built server (`serve --no-worker`, NODE_ENV=production),
 * `CLIENTS` signed-in clients at once, on either driver (on PGlite the server process opens the
 * benchmark's data folder while the harness lets go of it). Besides the latencies, the server's CPU
 * time per request: the figure that does not depend on what else the machine runs.
 */
export async function measureOverHttp(input: {
  lendDatabase: BenchContext['lendDatabase']
  userId: string
  urls: string[]
  log: (line: string) => void
}): Promise<BenchResult[]> {
  execFileSync(process.execPath, ['--import', 'tsx', 'bin/build-if-changed.ts'], { cwd: root, stdio: 'ignore' })
  const port = process.env.BENCH_HTTP_PORT ? Number(process.env.BENCH_HTTP_PORT) : await freePort()
  const base = `http://127.0.0.1:${port}`
  const targetMs = pageTargetMs(150)
  const cookies: string[] = []
  for (let i = 0; i < CLIENTS; i++) {
    const response = await startUserSession({ request: new Request(`${base}/login`), userId: input.userId, clientAddress: '127.0.0.1' })
    cookies.push(response.headers.get('Set-Cookie')!.split(';')[0]!)
  }
  const name = `/community over HTTP, ${CLIENTS} clients at once (${input.urls.length} filters)`
  return input.lendDatabase(async (env) => {
    const web = await startWeb('community web', port, { ...env, SESSION_SECRET: getEnv().SESSION_SECRET })
    try {
      const request = async (client: number, index: number) => {
        const url = input.urls[(client + index + input.urls.length) % input.urls.length]!
        const response = await fetch(`${base}${url}`, { headers: { ...BROWSER_HEADERS, cookie: cookies[client]! }, redirect: 'manual' })
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
      }
      // warm-up: each filter once per client (the first render of each, and the summaries' first read)
      await Promise.all(Array.from({ length: CLIENTS }, (_, client) => Promise.all(input.urls.map((_, i) => request(client, i)))))
      // The first 200 requests after the start are reported on their own: V8 is still compiling the
      // render path then (about 1.5 × the CPU per request of a server that has run a while). The
      // target applies to the server as it runs for days: the next 200.
      const cold = await measureConcurrent(`${name}, the first 200 after start`, request, { clients: CLIENTS, requests: 25 })
      const cpuBefore = processCpuMs(web.pid)
      const latencies = await measureConcurrent(name, request, { clients: CLIENTS, requests: 25, targetMs })
      const cpuAfter = processCpuMs(web.pid)
      const results: BenchResult[] = [cold, latencies]
      if (cpuBefore !== undefined && cpuAfter !== undefined)
        // measureConcurrent's own warm-up call per client is counted in the CPU too
        results.push(figure('/community over HTTP: server CPU per request', (cpuAfter - cpuBefore) / (latencies.runs + CLIENTS), 'ms'))
      return results
    } finally {
      await web.stop()
    }
  })
}

/**
 * /community/triage (issue 13): the queue over every source, GitHub only, one forum and one mailbox,
 * one client at a time and 8 at once; and what else reads the triage counts at this volume — the
 * This week page of the community manager (its Community card) and the overdue-thread notifications.
 */
async function measureTriage({ now, users }: Pick<BenchContext, 'now' | 'users'>): Promise<BenchResult[]> {
  const viewer = users.community
  const triageFilters: Array<[string, Record<string, string>]> = [
    ['every source', {}],
    ['GitHub only', { source: 'github' }],
    ['one forum', { source: FORUM_SOURCE }],
    ['one mailbox', { source: MAILBOX_SOURCE }],
  ]
  const results: BenchResult[] = []
  for (const [label, filter] of triageFilters)
    results.push(
      await measure(`/community/triage data, ${label}`, () => getTriagePage(new URLSearchParams(filter), viewer, now), {
        runs: 20,
        targetMs: pageTargetMs(300),
        budgetMs: 20_000,
      }),
    )
  results.push(
    await measureConcurrent(
      `/community/triage data, ${CLIENTS} clients at once (${triageFilters.length} filters)`,
      (client, request) =>
        getTriagePage(
          new URLSearchParams(triageFilters[(client + request + triageFilters.length) % triageFilters.length]![1]),
          viewer,
          now,
        ),
      { clients: CLIENTS, requests: 25, targetMs: pageTargetMs(300) },
    ),
  )
  results.push(
    await measure('This week page data (community), with the triage counts', () => getThisWeekPage(viewer, now), {
      runs: 20,
      targetMs: pageTargetMs(300),
      budgetMs: 20_000,
    }),
  )
  const settings = await getOrganisationSettings()
  results.push(
    await measure(
      'overdue-thread notifications (triage producer)',
      () => triageOverdueProducer.produce({ now, today: now.toISOString().slice(0, 10), settings }),
      { runs: 20, budgetMs: 20_000 },
    ),
  )
  return results
}

export const communitySuite: BenchSuite = {
  name: 'community',
  // the mailbox suite's 5,000 + 500 conversations are the page's e-mail threads
  needs: ['mailbox'],
  async seed({ users, now, log }) {
    log(
      `community: ${COMMUNITY_VOLUME.issues.toLocaleString('en')} issues, ${COMMUNITY_VOLUME.pullRequests.toLocaleString('en')} pull requests, ${COMMUNITY_VOLUME.discussions.toLocaleString('en')} discussions, the 16k-commit history`,
    )
    const result = await insertSampleCommunityData({
      ...COMMUNITY_VOLUME,
      commits: 'fixture',
      end: now,
      alignCommitsToEnd: true,
      addedById: users.community.id,
    })
    log(
      `community: ${result.items.toLocaleString('en')} items, ${result.events.toLocaleString('en')} responses, ${result.commits.toLocaleString('en')} commits`,
    )
    const forum = await insertSampleForumData({ ...FORUM_VOLUME, end: now, sourceId: FORUM_SOURCE, name: 'Discourse (bench)' })
    log(`community: a forum of ${forum.topics.toLocaleString('en')} topics and ${forum.posts.toLocaleString('en')} posts`)
  },
  async run({ now, log, users, lendDatabase }) {
    const results: BenchResult[] = []
    const { timeZone } = await getOrganisationSettings()
    const lastQuarter = shiftQuarter(quarterOf(now, timeZone), -1)
    const page = (period: string) => () => getCommunityPage(new URLSearchParams({ period }), now)
    // What 8 people at once would open: the usual periods, one forum or mailbox, GitHub only.
    const filters = (
      [
        { period: '90d' },
        { period: lastQuarter },
        { period: '30d' },
        { period: '90d', source: FORUM_SOURCE },
        { period: '90d', source: MAILBOX_SOURCE },
        { period: '365d', source: 'github' },
      ] as Record<string, string>[]
    ).map((f) => new URLSearchParams(f))
    results.push(
      await measure('/community data, last 90 days, all repositories', page('90d'), {
        runs: 20,
        targetMs: pageTargetMs(150),
        budgetMs: 20_000,
      }),
    )
    results.push(
      await measure(`/community data, ${lastQuarter}, all repositories`, page(lastQuarter), {
        runs: 20,
        targetMs: pageTargetMs(150),
        budgetMs: 20_000,
      }),
    )
    results.push(
      await measureConcurrent(
        `/community data, ${CLIENTS} clients at once (${filters.length} filters)`,
        (client, request) => getCommunityPage(filters[(client + request + filters.length) % filters.length]!, now),
        { clients: CLIENTS, requests: 25, targetMs: pageTargetMs(150) },
      ),
    )
    // The figures computed from the data, as the first visit after a change pays for them.
    const { timeZone: tz } = await getOrganisationSettings()
    const ninety = resolvePeriod(new URLSearchParams({ period: '90d' }), now, tz)
    results.push(
      await measure(
        '/community figures computed directly (no summary), 90 days',
        () => computeCommunityFigures({ period: ninety, repositoryId: null, source: { kind: 'all' }, timeZone: tz }),
        { runs: 10, budgetMs: 20_000 },
      ),
    )
    results.push(
      ...(await measureOverHttp({ lendDatabase, userId: users.community.id, urls: filters.map((f) => `/community?${f}`), log }).catch(
        (error: unknown) => {
          log(`community: HTTP measurement failed: ${error instanceof Error ? error.message : String(error)}`)
          return [{ name: `/community over HTTP, ${CLIENTS} clients at once`, runs: 0, p50: NaN, p95: NaN, max: NaN, targetMs: 150 }]
        },
      )),
    )
    results.push(...(await measureTriage({ now, users })))
    results.push(
      await measure('/community/contributors data, last 90 days', () => getContributorsPage(new URLSearchParams({ period: '90d' }), now), {
        runs: 20,
        targetMs: pageTargetMs(300),
        budgetMs: 20_000,
      }),
    )
    // The table computed from the data, as the first visit after a change (a sync, a merge) pays for it.
    results.push(
      await measure(
        '/community/contributors table computed directly (no summary), 90 days',
        () => readContributors({ range: ninety.range, repositoryId: null, timeZone: tz }, { limit: 500 }),
        { runs: 10, budgetMs: 20_000 },
      ),
    )

    if (process.env.BENCH_SKIP_GITHUB_SYNC === '1') {
      log('community: full GitHub sync skipped (BENCH_SKIP_GITHUB_SYNC=1)')
      return results
    }
    log('community: full sync from the fake GitHub (child process)…')
    const port = process.env.BENCH_GITHUB_PORT ? Number(process.env.BENCH_GITHUB_PORT) : await freePort()
    const sync = await runSyncInChild({ ...COMMUNITY_VOLUME, commits: 'fixture', port }).catch((error: unknown) => {
      // A failed sync still fills the table: its figures miss their targets and the run exits 1.
      log(`community: ${error instanceof Error ? error.message : String(error)}`)
      return {
        items: NaN,
        commits: NaN,
        requests: NaN,
        minimumRequests: NaN,
        requestRatio: NaN,
        seconds: NaN,
        itemsPerSecond: NaN,
        unchangedRequests: NaN,
        peakRssMb: NaN,
      } satisfies GithubSyncBenchResult
    })
    if (Number.isFinite(sync.seconds))
      log(
        `community: synced ${sync.items.toLocaleString('en')} items and ${sync.commits.toLocaleString('en')} commits in ${sync.seconds.toFixed(1)} s with ${sync.requests} requests`,
      )
    results.push(
      figure(`sync: requests used / minimum (${sync.requests} / ${sync.minimumRequests})`, sync.requestRatio, '×', {
        target: 1.05,
        direction: '<=',
        digits: 3,
      }),
      figure(`sync: items per second (${(sync.items + sync.commits).toLocaleString('en')} items+commits)`, sync.itemsPerSecond, 'items/s', {
        target: 2_000,
        direction: '>=',
      }),
      figure('sync: full sync duration', sync.seconds, 's'),
      figure('sync: requests for an unchanged re-sync', sync.unchangedRequests, 'requests', { digits: 0 }),
      figure('sync: peak memory (sync process RSS)', sync.peakRssMb, 'MB', { digits: 0 }),
    )
    return results
  },
}
