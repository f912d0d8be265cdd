// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(async () => lead),
  requireRole: vi.fn(async () => lead),
}))
vi.mock('#app/domain/communications/pages.server.ts', () => ({ getChannelPage: vi.fn() }))
vi.mock('#app/domain/communications/connections.server.ts', () => ({
  connectChannel: vi.fn(),
  disconnectChannel: vi.fn(),
  testChannelConnection: vi.fn(),
}))

const { getChannelPage } = await import('#app/domain/communications/pages.server.ts')
const { connectChannel, testChannelConnection } = await import('#app/domain/communications/connections.server.ts')
const route = await import('#app/routes/communications.channels.$channelId.tsx')

const lead = { id: 'lead-1', name: 'Casey Comms', email: 'casey@example.org', roles: ['communications'] as const }
const CHANNEL = '00000000-0000-4000-8000-0000000000a1'

const channel = {
  id: CHANNEL,
  name: 'Fosstodon',
  kind: 'mastodon' as const,
  kindLabel: 'Mastodon',
  handle: '@pybamm@fosstodon.org',
  characterLimit: 500,
  active: true,
}
const connected = {
  serviceUrl: 'https://fosstodon.org',
  identifier: null,
  accountName: '@pybamm@fosstodon.org',
  language: 'en',
  connected: true,
  credentialIn: 'encrypted',
  lastCheckedAt: '2026-11-29T10:00:00.000Z',
  lastError: null,
  demoReason: null as string | null,
}

function renderChannel() {
  const Stub = createRoutesStub([
    {
      path: '/communications/channels/:channelId',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={[`/communications/channels/${CHANNEL}`]} />)
}

afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('a channel’s page', () => {
  beforeEach(() => {
    vi.mocked(getChannelPage).mockResolvedValue({ channel, connectable: true, connection: null, canEdit: true })
  })

  test('connecting sends the instance and token to connectChannel; a refusal shows next to the token', async () => {
    vi.mocked(connectChannel).mockRejectedValue(
      new DomainError('Not connected: Mastodon refused the access token while checking the access token (HTTP 401).', 'secret'),
    )
    renderChannel()
    const form = (await screen.findByRole('heading', { name: 'Connect', level: 2 })).closest('section')!
    await userEvent.type(within(form).getByLabelText('Instance'), 'https://fosstodon.org')
    await userEvent.type(within(form).getByLabelText('Access token'), 'secret-token')
    await userEvent.click(within(form).getByRole('button', { name: 'Connect' }))
    await waitFor(() =>
      expect(connectChannel).toHaveBeenCalledWith({
        serviceUrl: 'https://fosstodon.org',
        secret: 'secret-token',
        channelId: CHANNEL,
        actorId: lead.id,
      }),
    )
    const error = await within(form).findByText(/Mastodon refused the access token/)
    expect(within(form).getByLabelText('Access token').getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
  })

  test('the refusal the server answers leaves the token out', async () => {
    vi.mocked(connectChannel).mockRejectedValue(new DomainError('Not connected: wrong', 'secret'))
    const body = new FormData()
    body.set('intent', 'connect')
    body.set('serviceUrl', 'https://fosstodon.org')
    body.set('secret', 'secret-token')
    const request = new Request(`http://localhost/communications/channels/${CHANNEL}`, { method: 'POST', body })
    const answer = await route.action({ request, params: { channelId: CHANNEL }, context: {} } as never)
    expect(JSON.stringify(answer)).not.toContain('secret-token')
    expect(JSON.stringify(answer)).toContain('Not connected: wrong')
  })

  test('Test connection says in plain words what is wrong', async () => {
    vi.mocked(getChannelPage).mockResolvedValue({ channel, connectable: true, connection: connected, canEdit: true })
    vi.mocked(testChannelConnection).mockResolvedValue({
      ok: false,
      message: 'Mastodon refused the access token while checking the access token (HTTP 401). Connect the channel again with a new token.',
    })
    renderChannel()
    await userEvent.click(await screen.findByRole('button', { name: 'Test connection' }))
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('Connect the channel again with a new token.'),
    )
    expect(testChannelConnection).toHaveBeenCalledWith(CHANNEL)
  })
})

test('a demo channel’s page says why Steward will not publish to it, and offers no connect form or test', async () => {
  const reason = 'This is a demo channel: its address leads nowhere, so Steward never publishes to it, checks it or reads its followers.'
  vi.mocked(getChannelPage).mockResolvedValue({
    channel,
    connectable: true,
    connection: { ...connected, serviceUrl: 'https://mastodon.demo.steward.invalid', demoReason: reason },
    canEdit: true,
  })
  renderChannel()
  const card = (await screen.findByRole('heading', { name: 'Publishing', level: 2 })).closest('section')!
  expect(within(card).getByText('Steward will not publish to this channel.')).toBeTruthy()
  expect(within(card).getByText(reason, { exact: false })).toBeTruthy()
  expect(screen.queryByRole('button', { name: 'Test connection' })).toBeNull()
  expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull()
})
