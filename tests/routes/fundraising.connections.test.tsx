// @vitest-environment jsdom
// The connections page's own logic, without a browser or a database: which intent calls which
// domain function with what, what the page shows of a connection in each state, and that a refused
// form shows its reason where it belongs without sending a typed token back. The domain is a
// stand-in here; connections.server.test.ts and the sync tests test it against the stand-in services.
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireRole: vi.fn(async () => user),
}))
vi.mock('#app/domain/fundraising/connections.server.ts', () => ({
  confirmFundingConnection: vi.fn(),
  connectFundingAccount: vi.fn(),
  getFundingConnectionsPage: vi.fn(),
  previewFundingConnection: vi.fn(),
  requestFundingSync: vi.fn(),
  setFundingConnectionPaused: vi.fn(),
  setFundingCredential: vi.fn(),
}))

const { requireRole } = await import('#app/utils/session.server.ts')
const connections = await import('#app/domain/fundraising/connections.server.ts')
const route = await import('#app/routes/fundraising.connections.tsx')

const user = { id: 'user-fund', roles: ['fundraising'] }
const OC_ID = '3f9d2a57-1c0b-4e8e-9a4d-6b1f0c2e7d11'
const SPONSORS_ID = '8a1e4c3b-5d7f-4b2a-9c6e-0f1d2e3c4b5a'

type Page = Awaited<ReturnType<typeof connections.getFundingConnectionsPage>>
type Connection = Page['connections'][number]

function connection(overrides: Partial<Connection>): Connection {
  return {
    id: OC_ID,
    kind: 'opencollective',
    account: 'pybamm',
    credential: 'no token',
    status: 'active',
    lastSyncAt: new Date('2026-11-20T08:00:00Z'),
    lastResult: 'ok',
    lastError: null,
    lastSummary: null,
    requestsLastSync: 1,
    monthlyIncomeCents: null,
    createdById: null,
    createdAt: new Date('2026-11-01T08:00:00Z'),
    updatedAt: new Date('2026-11-20T08:00:00Z'),
    batches: [],
    sponsors: null,
    ...overrides,
  }
}

function renderRoute() {
  const Stub = createRoutesStub([
    {
      path: '/fundraising/connections',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  return render(<Stub initialEntries={['/fundraising/connections']} />)
}

/** The card (a section) headed `name`. */
const connectCard = async (name: string) => (await screen.findByRole('heading', { name })).closest('section')!

beforeEach(() => {
  vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({ connections: [], canStoreTokens: true })
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the connections page', () => {
  test('asks for the fundraising role (admin passes requireRole too) and says what to do when nothing is connected', async () => {
    renderRoute()
    expect(await screen.findByText('No accounts connected yet')).toBeTruthy()
    expect(requireRole).toHaveBeenCalledWith(expect.any(Request), 'fundraising')
    expect(screen.getByRole('heading', { name: 'Connect Open Collective' })).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'Connect GitHub Sponsors' })).toBeTruthy()
  })

  test('without STEWARD_SECRET_KEY a token cannot be typed in, and the page says how to give one', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({ connections: [], canStoreTokens: false })
    renderRoute()
    const card = await connectCard('Connect GitHub Sponsors')
    const token = within(card).getByLabelText('Token') as HTMLInputElement
    expect(token.disabled).toBe(true)
    expect(card.textContent).toContain('Set STEWARD_SECRET_KEY to store tokens, or name an environment variable below.')
  })

  test('connecting a collective calls the domain with the slug and the actor, then points to the preview', async () => {
    vi.mocked(connections.connectFundingAccount).mockResolvedValue(connection({ status: 'pending' }) as never)
    renderRoute()
    const card = await connectCard('Connect Open Collective')
    await userEvent.type(within(card).getByLabelText('Collective slug'), 'pybamm')
    await userEvent.click(within(card).getByRole('button', { name: 'Connect' }))
    expect(await screen.findByText('Connected pybamm. Preview its first sync below.')).toBeTruthy()
    expect(connections.connectFundingAccount).toHaveBeenCalledWith({
      kind: 'opencollective',
      account: 'pybamm',
      token: undefined,
      tokenEnvVar: undefined,
      actorId: 'user-fund',
    })
  })

  test('a token and its variable together are refused next to the field, before the server is asked', async () => {
    renderRoute()
    const card = await connectCard('Connect GitHub Sponsors')
    await userEvent.type(within(card).getByLabelText('GitHub login (user or organisation)'), 'pybamm-team')
    await userEvent.type(within(card).getByLabelText('Token'), 'ghp_secret')
    await userEvent.type(within(card).getByLabelText('…or the environment variable holding it'), 'SPONSORS_TOKEN')
    await userEvent.click(within(card).getByRole('button', { name: 'Connect' }))
    expect(await within(card).findByText('Give the token or the name of its variable, not both')).toBeTruthy()
    expect(connections.connectFundingAccount).not.toHaveBeenCalled()
  })

  test('a refusal from the domain shows on its form, and not on the other one', async () => {
    vi.mocked(connections.connectFundingAccount).mockRejectedValue(new DomainError('GitHub refused the token: it needs read:user', 'token'))
    renderRoute()
    const card = await connectCard('Connect GitHub Sponsors')
    await userEvent.type(within(card).getByLabelText('GitHub login (user or organisation)'), 'pybamm-team')
    await userEvent.type(within(card).getByLabelText('Token'), 'ghp_secret')
    await userEvent.click(within(card).getByRole('button', { name: 'Connect' }))
    expect(await within(card).findByText('GitHub refused the token: it needs read:user')).toBeTruthy()
    expect((within(card).getByLabelText('GitHub login (user or organisation)') as HTMLInputElement).value).toBe('pybamm-team')
    // the other connect form is untouched by this refusal
    const other = await connectCard('Connect Open Collective')
    expect(within(other).queryByText('GitHub refused the token: it needs read:user')).toBeNull()
  })

  test('the refusal’s answer carries the account typed in but never the token', async () => {
    vi.mocked(connections.connectFundingAccount).mockRejectedValue(new DomainError('GitHub refused the token: it needs read:user', 'token'))
    const body = new URLSearchParams({ intent: 'connect', kind: 'github_sponsors', account: 'pybamm-team', token: 'ghp_secret' })
    const request = new Request('http://steward.test/fundraising/connections', { method: 'POST', body })
    const answer = (await route.action({ request, params: {}, context: {} } as never)) as { init: ResponseInit; data: unknown }
    expect(answer.init.status).toBe(400)
    const sent = JSON.stringify(answer.data)
    expect(sent).toContain('pybamm-team')
    expect(sent).toContain('GitHub refused the token: it needs read:user')
    expect(sent).not.toContain('ghp_secret')
  })

  test('a pending connection is previewed first, then confirmed: nothing is written before the confirmation', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({
      connections: [connection({ status: 'pending', lastSyncAt: null, lastResult: null, requestsLastSync: null })],
      canStoreTokens: true,
    })
    vi.mocked(connections.previewFundingConnection).mockResolvedValue({
      kind: 'opencollective',
      summary: '412 donations, 3 refunds, 2 currencies, 2023-01-04 … 2026-11-20',
    } as never)
    renderRoute()
    const card = await connectCard('Open Collective: pybamm')
    expect(within(card).getByText('waiting for its preview')).toBeTruthy()
    expect(within(card).queryByRole('button', { name: 'Confirm and import' })).toBeNull()
    await userEvent.click(within(card).getByRole('button', { name: 'Preview the first sync' }))
    expect(
      await within(card).findByText(
        'Preview: 412 donations, 3 refunds, 2 currencies, 2023-01-04 … 2026-11-20. Nothing has been written yet.',
      ),
    ).toBeTruthy()
    expect(connections.previewFundingConnection).toHaveBeenCalledWith({ connectionId: OC_ID })
    expect(connections.confirmFundingConnection).not.toHaveBeenCalled()
    await userEvent.click(within(card).getByRole('button', { name: 'Confirm and import' }))
    expect(await screen.findByText('Sync queued: the worker runs it now. Reload to see the result.')).toBeTruthy()
    expect(connections.confirmFundingConnection).toHaveBeenCalledWith({ connectionId: OC_ID, actorId: 'user-fund' })
  })

  test('an active GitHub Sponsors connection shows its income, its activity and its last error, and syncs on demand', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({
      connections: [
        connection({
          id: SPONSORS_ID,
          kind: 'github_sponsors',
          account: 'pybamm-team',
          credential: 'token from SPONSORS_TOKEN',
          lastResult: 'failed',
          lastError: 'GitHub answered 502 five times: try again later.',
          requestsLastSync: 3,
          // 3 sponsorships: $5 + $25 + $100 = $130 a month = 13,000 cents
          monthlyIncomeCents: 13_000,
          sponsors: {
            connectionId: SPONSORS_ID,
            counts: { active: 3, all: 4 },
            recent: [
              {
                id: 'e1',
                action: 'TIER_CHANGE',
                at: new Date('2026-11-18T10:00:00Z'),
                sponsorLogin: 'ada',
                tierName: '$25 a month',
                previousTierName: '$5 a month',
              },
              {
                id: 'e2',
                action: 'NEW_SPONSORSHIP',
                at: new Date('2026-11-02T10:00:00Z'),
                sponsorLogin: null,
                tierName: '$5 a month',
                previousTierName: null,
              },
            ],
            months: { months: [], records: [], recordsCount: 0 },
          },
        }),
      ],
      canStoreTokens: true,
    })
    vi.mocked(connections.requestFundingSync).mockResolvedValue(undefined as never)
    renderRoute()
    const card = await connectCard('GitHub Sponsors: pybamm-team')
    expect(within(card).getByText('last sync failed')).toBeTruthy()
    expect(within(card).getByText('$130.00 a month from 3 active sponsorships')).toBeTruthy()
    expect(within(card).getByText('token from SPONSORS_TOKEN')).toBeTruthy()
    expect(within(card).getByText('GitHub answered 502 five times: try again later.')).toBeTruthy()
    const activity = within(card)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(activity[0]).toContain('ada')
    expect(activity[0]).toContain('from $5 a month to $25 a month')
    expect(activity[1]).toContain('a private sponsor')
    await userEvent.click(within(card).getByRole('button', { name: 'Sync now' }))
    expect(await screen.findByText('Sync queued: the worker runs it now. Reload to see the result.')).toBeTruthy()
    expect(connections.requestFundingSync).toHaveBeenCalledWith({ connectionId: SPONSORS_ID })
  })

  test('under GitHub Sponsors: one record per sponsor and month, expected against paid, with the month in all', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({
      connections: [
        connection({
          id: SPONSORS_ID,
          kind: 'github_sponsors',
          account: 'pybamm-team',
          credential: 'token from SPONSORS_TOKEN',
          // $25 + $10 = $35 a month = 3,500 cents
          monthlyIncomeCents: 3_500,
          sponsors: {
            connectionId: SPONSORS_ID,
            counts: { active: 2, all: 2 },
            recent: [],
            months: {
              // November: ada paid her $25 in two payments, bo's $10 is not in an export yet;
              // expected 2,500 + 1,000 = 3,500 cents, paid 2,500
              months: [{ month: '2026-11', expectedCents: 3_500, paidCents: 2_500, sponsors: 2, notYetPaid: 1 }],
              records: [
                { sponsor: 'ada', month: '2026-11', expectedCents: 2_500, tierName: '$25 a month', paidCents: 2_500, payments: 2 },
                { sponsor: 'bo', month: '2026-11', expectedCents: 1_000, tierName: '$10 a month', paidCents: 0, payments: 0 },
              ],
              recordsCount: 2,
            },
          },
        }),
      ],
      canStoreTokens: true,
    })
    renderRoute()
    const months = (await screen.findByRole('heading', { name: 'Sponsorship months' })).closest('section')!
    expect(within(months).getByText('2026-11: $35.00 expected, $25.00 paid from 2 sponsors (1 not yet paid)')).toBeTruthy()
    const table = within(months).getByRole('table', { name: 'Sponsorship months' })
    const rows = within(table)
      .getAllByRole('row')
      .map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent))
    expect(rows).toEqual([
      ['Month', 'Sponsor', 'Tier', 'Expected', 'Paid'],
      ['2026-11', 'ada', '$25 a month', '$25.00', '$25.00 in 2 payments'],
      ['2026-11', 'bo', '$10 a month', '$10.00', 'not yet paid'],
    ])
    expect(within(months).getByRole('link', { name: 'import it' }).getAttribute('href')).toBe('/fundraising/donations/import')
    // the page names sponsors: its loader lets the fundraising role in (and admin, whom requireRole always admits), no other
    expect(requireRole).toHaveBeenCalledWith(expect.any(Request), 'fundraising')
  })

  test('a GitHub Sponsors connection not yet synced says what to do before sponsorship months appear', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({
      connections: [
        connection({
          id: SPONSORS_ID,
          kind: 'github_sponsors',
          account: 'pybamm-team',
          status: 'pending',
          lastSyncAt: null,
          lastResult: null,
        }),
      ],
      canStoreTokens: true,
    })
    renderRoute()
    const months = (await screen.findByRole('heading', { name: 'Sponsorship months' })).closest('section')!
    expect(within(months).getByText('No sponsorship months yet')).toBeTruthy()
    expect(months.textContent).toContain('Preview and confirm the first sync to read the sponsorships')
    expect(within(months).queryByRole('table')).toBeNull()
  })

  test('pausing stops the daily sync and is done as the signed-in person', async () => {
    vi.mocked(connections.getFundingConnectionsPage).mockResolvedValue({ connections: [connection({})], canStoreTokens: true })
    vi.mocked(connections.setFundingConnectionPaused).mockResolvedValue(undefined as never)
    renderRoute()
    const card = await connectCard('Open Collective: pybamm')
    await userEvent.click(within(card).getByRole('button', { name: 'Pause' }))
    await vi.waitFor(() =>
      expect(connections.setFundingConnectionPaused).toHaveBeenCalledWith({ connectionId: OC_ID, paused: true, actorId: 'user-fund' }),
    )
  })
})
