// `funding connect|list` and `sync funding` through the real CLI (child processes on one fresh
// embedded database), against the Open Collective and GitHub Sponsors stand-ins (issue 15).
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server.ts'
import { maintainer, sponsor, tier, type FakeSponsorsData } from '#tests/fakes/github-sponsors/dataset.ts'
import { type FakeGithubSponsors, startFakeGithubSponsors } from '#tests/fakes/github-sponsors/server.ts'
import { FakeOpenCollectiveDataset } from '#tests/fakes/opencollective/dataset.ts'
import { type FakeOpenCollective, startFakeOpenCollective } from '#tests/fakes/opencollective/server.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-cli-funding-'))
const SPONSORS_TOKEN = 'ghp_cliSponsorsTokenNeverPrinted0001'

let opencollective: FakeOpenCollective
let sponsors: FakeGithubSponsors
/** the API ids of the collective's four contributions, in date order */
let contributionIds: string[] = []

async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/steward.ts', ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        STEWARD_DATA_DIR: dataDir,
        OPENCOLLECTIVE_GRAPHQL_URL: opencollective.url,
        GITHUB_GRAPHQL_URL: sponsors.url,
        STEWARD_FETCH_RATES: 'false',
        ...env,
      },
      timeout: 120_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Runs one query on the data folder once the commands have exited. */
async function query(sql: string) {
  const handle = await openDatabase({ kind: 'pglite', dataDir, command: 'test' })
  try {
    return (await handle.execute(sql)).rows
  } finally {
    await handle.close()
  }
}

/**
 * The collective: three contributions in USD and one refunded, every amount in cents.
 *   2026-01-15 Ada    5,000 monthly,  processor fee 175,   host fee 500
 *   2026-02-15 Ada    5,000 monthly,  processor fee 175,   host fee 500
 *   2026-03-02 Acme 100,000 one-time, processor fee 2,930, host fee 10,000
 *   2026-03-10 Bob    2,000 one-time, processor fee 88,    refunded on 2026-03-12
 */
function collective() {
  const data = new FakeOpenCollectiveDataset(11)
  data.collective('cli-fund', { name: 'CLI Fund', currency: 'USD' })
  const ada = data.person('ada', 'Ada Lovelace')
  const acme = data.organisation('acme', 'Acme Batteries')
  const bob = data.person('bob', 'Bob')
  const contributions = [
    data.contribute('cli-fund', {
      at: '2026-01-15T10:00:00.000Z',
      donor: ada,
      amount: 5_000,
      frequency: 'MONTHLY',
      processorFee: 175,
      hostFee: 500,
    }),
    data.contribute('cli-fund', {
      at: '2026-02-15T10:00:00.000Z',
      donor: ada,
      amount: 5_000,
      frequency: 'MONTHLY',
      processorFee: 175,
      hostFee: 500,
    }),
    data.contribute('cli-fund', { at: '2026-03-02T09:30:00.000Z', donor: acme, amount: 100_000, processorFee: 2_930, hostFee: 10_000 }),
    data.contribute('cli-fund', { at: '2026-03-10T12:00:00.000Z', donor: bob, amount: 2_000, processorFee: 88 }),
  ]
  data.refund(contributions[3]!, '2026-03-12T08:00:00.000Z')
  return { data, contributions }
}

/**
 * The maintainer, seen by the token of one of its admins:
 *   alice  $5 a month since 2025-11-01, active
 *   bob   $25 a month since 2026-01-10, active
 *   carol $100 once on 2026-02-01 (a one-time payment is never active afterwards)
 *   dave  $10 a month from 2025-12-01, cancelled on 2026-02-20
 */
function sponsored(): FakeSponsorsData {
  const owner = maintainer('cli-sponsored', 'Organization', { admins: ['lead'] })
  sponsor(owner, { login: 'alice', name: 'Alice' }, { at: '2025-11-01T00:00:00Z', tier: tier('$5 a month', 500) })
  sponsor(owner, { login: 'bob' }, { at: '2026-01-10T00:00:00Z', tier: tier('$25 a month', 2_500) })
  sponsor(owner, { login: 'carol' }, { at: '2026-02-01T00:00:00Z', tier: tier('$100 one time', 10_000, { isOneTime: true }) })
  sponsor(owner, { login: 'dave' }, { at: '2025-12-01T00:00:00Z', tier: tier('$10 a month', 1_000), cancelledAt: '2026-02-20T00:00:00Z' })
  return { maintainers: [owner], tokens: { [SPONSORS_TOKEN]: 'lead' } }
}

beforeAll(async () => {
  const { data, contributions } = collective()
  contributionIds = contributions.map((c) => c.id)
  opencollective = await startFakeOpenCollective({ dataset: data })
  sponsors = await startFakeGithubSponsors({ data: sponsored() })
})
afterAll(async () => {
  await opencollective?.stop()
  await sponsors?.stop()
})

describe('steward funding …', { timeout: 300_000 }, () => {
  test('connects an Open Collective collective, previews it without writing, lists it, imports it once; a second sync costs one request', async () => {
    const connected = await steward(['funding', 'connect', 'opencollective', 'cli-fund'])
    expect(connected.code).toBe(0)
    const id = connected.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]
    // Four contributions (the refunded one among them) and the refund of Bob's; all in USD; from
    // Ada's first on 2026-01-15 to Bob's on 2026-03-10; the ledger is empty, so nothing reconciled.
    expect(connected.stdout.split('\n')).toEqual([
      `Connected Open Collective cli-fund (id ${id}).`,
      'Preview: 4 donations, 1 refund, 1 currency, 2026-01-15 … 2026-03-10; 0 already in the ledger (from an export)',
      `Nothing is written yet. Run \`npm run steward -- sync funding --id ${id}\` to import.`,
      '',
    ])
    // The preview wrote no donation, no donor and no import batch.
    expect(
      await query(
        'select (select count(*) from donations) as donations, (select count(*) from donors) as donors, (select count(*) from import_batches) as batches',
      ),
    ).toEqual([{ donations: 0, donors: 0, batches: 0 }])

    const listed = await steward(['funding', 'list'])
    expect(listed.stdout).toBe(`${id}  Open Collective cli-fund  pending, no token, never synced\n`)

    const beforeSync = opencollective.answered
    const synced = await steward(['sync', 'funding', '--id', id])
    expect(synced.code).toBe(0)
    // One page of five rows: four contributions written, the refund's row marks Bob's refunded.
    expect(synced.stdout).toContain('cli-fund: 5 read, 0 to go (4 new, 0 already in the ledger)')
    expect(synced.stdout).toContain('Open Collective cli-fund: ok (1 request)')
    expect(opencollective.answered - beforeSync).toBe(1)

    const ledger = await query(
      "select external_id, amount, fees, net, currency, received_on::text as day, recurring, refunded from donations where source = 'opencollective' order by received_at",
    )
    // Fees are the processor's and the host's together; net = amount − fees.
    expect(ledger).toEqual([
      {
        external_id: contributionIds[0],
        amount: 5_000,
        fees: 675,
        net: 4_325,
        currency: 'USD',
        day: '2026-01-15',
        recurring: true,
        refunded: false,
      }, // 175 + 500
      {
        external_id: contributionIds[1],
        amount: 5_000,
        fees: 675,
        net: 4_325,
        currency: 'USD',
        day: '2026-02-15',
        recurring: true,
        refunded: false,
      },
      {
        external_id: contributionIds[2],
        amount: 100_000,
        fees: 12_930,
        net: 87_070,
        currency: 'USD',
        day: '2026-03-02',
        recurring: false,
        refunded: false,
      }, // 2,930 + 10,000
      {
        external_id: contributionIds[3],
        amount: 2_000,
        fees: 88,
        net: 1_912,
        currency: 'USD',
        day: '2026-03-10',
        recurring: false,
        refunded: true,
      },
    ])
    // Counted: 5,000 + 5,000 + 100,000 = 110,000 gross; 4,325 + 4,325 + 87,070 = 95,720 net (Bob's refunded 2,000 counts for nothing).
    expect(
      await query("select sum(amount)::int as gross, sum(net)::int as net from donations where source = 'opencollective' and not refunded"),
    ).toEqual([{ gross: 110_000, net: 95_720 }])

    const listedAfter = await steward(['funding', 'list'])
    expect(listedAfter.stdout).toMatch(new RegExp(`^${id}  Open Collective cli-fund  active, no token, last sync \\S+ ok\\n$`))

    const beforeAgain = opencollective.answered
    const again = await steward(['sync', 'funding'])
    expect(again.code).toBe(0)
    // Unchanged: one request past the watermark, nothing new.
    expect(again.stdout).toContain('Open Collective cli-fund: ok (1 request)')
    expect(again.stdout).toContain('inserted 0')
    expect(opencollective.answered - beforeAgain).toBe(1)
    expect(await query('select count(*) as donations, (select count(*) from import_batches) as batches from donations')).toEqual([
      { donations: 4, batches: 1 },
    ])
  })

  test('connects GitHub Sponsors only with --token-env, never prints the token, and imports the sponsorships and the monthly income', async () => {
    const connections = async () => Number((await query('select count(*) as n from funding_connections'))[0]!.n)
    const before = await connections()
    const refused = await steward(['funding', 'connect', 'github-sponsors', 'cli-sponsored'], { CLI_SPONSORS_TOKEN: SPONSORS_TOKEN })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe('steward: GitHub Sponsors needs --token-env VAR (a token with read:user)\n')
    expect(refused.stdout).toBe('')
    expect(await connections()).toBe(before)
    expect(sponsors.requests).toHaveLength(0)

    const env = { CLI_SPONSORS_TOKEN: SPONSORS_TOKEN }
    const connected = await steward(['funding', 'connect', 'github-sponsors', 'cli-sponsored', '--token-env', 'CLI_SPONSORS_TOKEN'], env)
    expect(connected.code).toBe(0)
    const id = connected.stdout.match(/\(id ([0-9a-f-]{36})\)/)![1]
    // Alice, Bob, Carol and Dave: Alice's and Bob's are active and monthly, Carol's was one payment,
    // Dave's was cancelled; expected each month 500 + 2,500 = 3,000 cents.
    expect(connected.stdout).toContain('Preview: 4 sponsorships (2 active, 2 monthly; 1 one-time payments), $30 a month expected')
    expect(await query('select count(*) as n from sponsorships')).toEqual([{ n: 0 }])

    const synced = await steward(['sync', 'funding', '--id', id], env)
    expect(synced.code).toBe(0)
    expect(synced.stdout).toContain('GitHub Sponsors cli-sponsored: ok')
    expect(synced.stdout).toContain('monthlyIncomeCents 3000')
    const rows = await query(
      'select sponsor_login, tier_name, monthly_price_cents, is_one_time, is_active, started_at from sponsorships order by sponsor_login',
    )
    expect(rows.map((r) => ({ ...r, started_at: (r.started_at as Date).toISOString() }))).toEqual([
      {
        sponsor_login: 'alice',
        tier_name: '$5 a month',
        monthly_price_cents: 500,
        is_one_time: false,
        is_active: true,
        started_at: '2025-11-01T00:00:00.000Z',
      },
      {
        sponsor_login: 'bob',
        tier_name: '$25 a month',
        monthly_price_cents: 2_500,
        is_one_time: false,
        is_active: true,
        started_at: '2026-01-10T00:00:00.000Z',
      },
      {
        sponsor_login: 'carol',
        tier_name: '$100 one time',
        monthly_price_cents: 10_000,
        is_one_time: true,
        is_active: false,
        started_at: '2026-02-01T00:00:00.000Z',
      },
      {
        sponsor_login: 'dave',
        tier_name: '$10 a month',
        monthly_price_cents: 1_000,
        is_one_time: false,
        is_active: false,
        started_at: '2025-12-01T00:00:00.000Z',
      },
    ])
    // Four NEW_SPONSORSHIP entries and Dave's CANCELLED_SPONSORSHIP.
    expect(await query('select count(*) as n from sponsorship_events')).toEqual([{ n: 5 }])

    const listed = await steward(['funding', 'list'], env)
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${id}  GitHub Sponsors cli-sponsored  active, token from CLI_SPONSORS_TOKEN, last sync \\S+ ok, \\$30\\.00 a month expected$`,
        'm',
      ),
    )
    // The stand-in saw the token (it answered as the admin), Steward's output and database never did.
    expect(sponsors.requests.every((r) => r.viewer === 'lead')).toBe(true)
    for (const output of [refused, connected, synced, listed]) expect(output.stdout + output.stderr).not.toContain(SPONSORS_TOKEN)
    expect(JSON.stringify(await query('select credential from funding_connections'))).not.toContain(SPONSORS_TOKEN)
  })
})
