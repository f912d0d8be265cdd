// Load (issue 11): 50 signed-in clients for 60 s over a mix of pages, against the production
// build (`serve --no-worker`, a process of its own) on the benchmark dataset. PostgreSQL only:
// the embedded database belongs to the harness process. Every response must be a 200; p50/p95
// are reported per page and overall; the server's RSS must not grow more than 10 % over the last
// 30 s (a leak under steady load would).
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { getEnv } from '#app/utils/env.server.ts'
import { startUserSession } from '#app/utils/session.server.ts'
import { root, startWeb } from '#tests/ops/processes.ts'
import { figure, percentile, type BenchResult } from '../measure.ts'
import type { BenchSuite } from '../suite.ts'

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 50)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60)
/**
 * The clients run this long before the 60 s measured begin: 50 clients reach a steady state (all
 * of them waiting on a page, caches and V8's heap grown to their working size) only after a
 * while, and growth during that ramp is not a leak.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 20)
/** What people open most: This week, each area's overview and main lists, the reports. */
const PAGES = [
  '/',
  '/communications',
  '/communications/calendar',
  '/communications/posts',
  '/community',
  '/community/contributors',
  '/community/triage',
  '/fundraising',
  '/fundraising/donations',
  '/fundraising/grants',
  '/reports',
  '/audit',
]

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const loadSuite: BenchSuite = {
  name: 'load',
  needs: ['foundation', 'communications', 'community', 'fundraising'],
  async seed() {},
  async run({ users, log, databaseUrl }) {
    if (!databaseUrl) {
      log('load: skipped on PGlite (the embedded database has one owner); run with DATABASE_URL')
      return []
    }
    execFileSync(process.execPath, ['--import', 'tsx', 'bin/build-if-changed.ts'], { cwd: root, stdio: 'ignore' })
    const port = Number(process.env.BENCH_LOAD_PORT ?? 5440)
    const secret = getEnv().SESSION_SECRET
    const web = await startWeb('load web', port, { DATABASE_URL: databaseUrl, SESSION_SECRET: secret })
    const base = `http://127.0.0.1:${port}`
    try {
      // One session per client, as the login form would start it (the admin sees every page).
      const cookies: string[] = []
      for (let i = 0; i < CLIENTS; i++) {
        const response = await startUserSession({
          request: new Request(`${base}/login`),
          userId: users.admin.id,
          clientAddress: '127.0.0.1',
        })
        cookies.push(response.headers.get('Set-Cookie')!.split(';')[0])
      }
      for (const page of PAGES) {
        const response = await fetch(`${base}${page}`, { headers: { cookie: cookies[0] }, redirect: 'manual' })
        await response.text()
        if (response.status !== 200) throw new Error(`${page} answered ${response.status} before the load started`)
      }
      const started = Date.now() + WARMUP_SECONDS * 1000
      const until = started + SECONDS * 1000
      const durations = new Map<string, number[]>(PAGES.map((p) => [p, []]))
      const errors: string[] = []
      const rss: Array<{ at: number; mb: number }> = []
      const sampler = setInterval(() => {
        if (Date.now() >= started) rss.push({ at: Date.now() - started, mb: rssMb(web.pid) })
      }, 1_000)
      await Promise.all(
        cookies.map(async (cookie, client) => {
          for (let i = client; Date.now() < until; i++) {
            const page = PAGES[i % PAGES.length]
            const t = performance.now()
            // pages asked for during the warm-up count for errors, not for the times
            const measured = Date.now() >= started
            try {
              const response = await fetch(`${base}${page}`, { headers: { cookie }, redirect: 'manual' })
              await response.arrayBuffer()
              if (response.status !== 200) errors.push(`${page}: ${response.status}`)
              else if (measured) durations.get(page)!.push(performance.now() - t)
            } catch (error) {
              errors.push(`${page}: ${error instanceof Error ? error.message : String(error)}`)
            }
          }
        }),
      )
      clearInterval(sampler)
      await sleep(10)
      const all = [...durations.values()].flat().sort((a, b) => a - b)
      const lastHalf = rss.filter((s) => s.at >= (SECONDS * 1000) / 2)
      const growth = lastHalf.length > 1 ? ((lastHalf.at(-1)!.mb - lastHalf[0].mb) / lastHalf[0].mb) * 100 : NaN
      log(
        `load: ${all.length} pages in ${SECONDS} s, ${errors.length} errors${errors.length ? ` (${[...new Set(errors)].slice(0, 5).join('; ')})` : ''}`,
      )
      log(`load: RSS every second: ${rss.map((s) => Math.round(s.mb)).join(' ')}`)
      const results: BenchResult[] = [
        figure(`load: errors (${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s)`, errors.length, 'responses', {
          target: 0,
          direction: '<=',
        }),
        figure('load: pages served per second', all.length / SECONDS, 'pages/s', { digits: 1 }),
        figure('load: p50 over all pages', percentile(all, 50), 'ms'),
        figure('load: p95 over all pages', percentile(all, 95), 'ms'),
        figure('load: server RSS at the end', rss.at(-1)?.mb ?? NaN, 'MB'),
        figure('load: server RSS growth over the last 30 s', growth, '%', { target: 10, direction: '<=', digits: 1 }),
      ]
      for (const [page, list] of durations) {
        const sorted = [...list].sort((a, b) => a - b)
        results.push(figure(`load: ${page} p95 (${sorted.length} served)`, percentile(sorted, 95), 'ms'))
      }
      return results
    } finally {
      await web.stop()
    }
  },
}
