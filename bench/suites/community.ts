// Community (issue 4): a full GitHub sync of a generated repository with 50,000 issues and pull
// requests and 10,000 discussions (requests vs the ceil(N/100) minimum, items per second, peak
// memory), and the /community page data on the same volume of data.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { GithubSyncBenchOptions, GithubSyncBenchResult } from '../github-sync.ts'
import { getCommunityPage, getContributorsPage } from '#app/domain/community/pages.server.ts'
import { insertSampleCommunityData } from '../sample-community-data.ts'
import { getOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { quarterOf, shiftQuarter } from '#app/utils/time.ts'
import { figure, measure, pageTargetMs, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

export const COMMUNITY_VOLUME = { issues: 25_000, pullRequests: 25_000, discussions: 10_000 } as const

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

export const communitySuite: BenchSuite = {
  name: 'community',
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
  },
  async run({ now, log }) {
    const results: BenchResult[] = []
    const { timeZone } = await getOrganisationSettings()
    const lastQuarter = shiftQuarter(quarterOf(now, timeZone), -1)
    const page = (period: string) => () => getCommunityPage(new URLSearchParams({ period }), now)
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
      await measure('/community/contributors data, last 90 days', () => getContributorsPage(new URLSearchParams({ period: '90d' }), now), {
        runs: 20,
        targetMs: pageTargetMs(300),
        budgetMs: 20_000,
      }),
    )

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
