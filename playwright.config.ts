import { defineConfig } from '@playwright/test'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PROJECT_PASSWORD } from './tests/setup/project-mailbox.ts'

// Two servers from the production build: an empty one for the first-run setup, and one
// loaded with the demo organisation (a person per role) for everything else.
// E2E_PORT_BASE lets several checkouts run their browser tests side by side.
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3100)
const FRESH_PORT = PORT_BASE + 1
const DEMO_PORT = PORT_BASE + 2
const GITHUB_PORT = PORT_BASE + 3
const DISCOURSE_PORT = PORT_BASE + 4
const OPENCOLLECTIVE_PORT = PORT_BASE + 5
const dataDir = (name: string) => path.join(tmpdir(), `steward-e2e-${PORT_BASE}-${name}`)
// the production command line, as `npm start` runs it (test:e2e builds first)
const steward = 'node build/cli/steward.mjs'

// With E2E_DATABASE_URL (a PostgreSQL server), both servers run on PostgreSQL instead, each in
// a database of its own that is dropped and created afresh; otherwise on the embedded PGlite.
const serverUrl = process.env.E2E_DATABASE_URL
function database(name: string): { env: Record<string, string>; prepare: string } {
  if (!serverUrl) return { env: { STEWARD_DATA_DIR: dataDir(name), DATABASE_URL: '' }, prepare: `rm -rf ${dataDir(name)}` }
  const url = new URL(serverUrl)
  url.pathname = `/steward_e2e_${PORT_BASE}_${name}`
  return {
    env: { STEWARD_DATA_DIR: dataDir(name), DATABASE_URL: url.toString() },
    prepare: 'node --import tsx tests/e2e/recreate-database.ts',
  }
}
const fresh = database('fresh')
const demo = database('demo')

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'test-results/e2e-report' }]],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'first-run', testMatch: /first-run\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${FRESH_PORT}` } },
    { name: 'demo', testIgnore: /first-run\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` } },
  ],
  webServer: [
    {
      // The GitHub stand-in the demo server syncs from (tests/fakes/github).
      command: `node --import tsx tests/fakes/github/serve.ts --port ${GITHUB_PORT} --repo steward-e2e/sandbox --issues 150 --pull-requests 120 --discussions 40 --commits 250`,
      url: `http://127.0.0.1:${GITHUB_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The Discourse stand-in the sources page adds and syncs (tests/fakes/discourse).
      command: `node --import tsx tests/fakes/discourse/serve.ts --port ${DISCOURSE_PORT} --topics 60`,
      url: `http://127.0.0.1:${DISCOURSE_PORT}/site/basic-info.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The Open Collective stand-in the demo server's funding connections read from (tests/fakes/opencollective).
      command: `node --import tsx tests/fakes/opencollective/serve.ts --port ${OPENCOLLECTIVE_PORT} --transactions 300 --no-rate-limit`,
      port: OPENCOLLECTIVE_PORT,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `${fresh.prepare} && ${steward} serve --worker`,
      url: `http://127.0.0.1:${FRESH_PORT}/healthz`,
      env: { PORT: String(FRESH_PORT), ...fresh.env },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `${demo.prepare} && ${steward} demo load && ${steward} serve --worker`,
      url: `http://127.0.0.1:${DEMO_PORT}/healthz`,
      env: {
        PORT: String(DEMO_PORT),
        ...demo.env,
        GITHUB_GRAPHQL_URL: `http://127.0.0.1:${GITHUB_PORT}/graphql`,
        GITHUB_TOKEN: 'e2e-fake-token',
        OPENCOLLECTIVE_GRAPHQL_URL: `http://127.0.0.1:${OPENCOLLECTIVE_PORT}/graphql/v2`,
        // no test reaches the ECB: its daily job stays off
        STEWARD_FETCH_RATES: 'false',
        // the password of the project mailbox community-sources.spec.ts adds, on the Dovecot it starts
        E2E_MAILBOX_PASSWORD: PROJECT_PASSWORD,
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
})
