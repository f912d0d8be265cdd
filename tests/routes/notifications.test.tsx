// @vitest-environment jsdom
// /notifications: a failed import can be dismissed by the person it was told to; kinds that go
// away only when handled offer no such button.
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, expect, test, vi } from 'vitest'

vi.mock('#app/utils/session.server.ts', () => ({ requireUser: vi.fn(async () => ({ id: 'user-1', roles: ['fundraising'] })) }))
vi.mock('#app/domain/notifications/inbox.server.ts', () => ({
  getNotificationsPage: vi.fn(async () => ({
    timeZone: 'UTC',
    unread: 2,
    notifications: [
      {
        id: IMPORT,
        kind: 'import-failed',
        kindLabel: 'Failed donation imports',
        text: 'The import of october.csv (Open Collective transactions) failed: 1 row is in error.',
        link: '/fundraising/donations/import',
        createdAt: '2026-03-10T09:00:00.000Z',
        read: false,
        done: false,
        dismissible: true,
      },
      {
        id: DEADLINE,
        kind: 'grant-deadline',
        kindLabel: 'Grant and report deadlines',
        text: 'Proposal for NumFOCUS (SDG) is due on 2026-03-17: in 7 days.',
        link: '/fundraising/grants/g1',
        createdAt: '2026-03-10T09:00:00.000Z',
        read: false,
        done: false,
        dismissible: false,
      },
    ],
  })),
  markNotificationsRead: vi.fn(async () => 1),
  dismissNotification: vi.fn(async () => 1),
}))

const IMPORT = '4f0c5a7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f'
const DEADLINE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const { dismissNotification } = await import('#app/domain/notifications/inbox.server.ts')
const route = await import('#app/routes/notifications.tsx')

afterEach(cleanup)

test('the failed import has a Dismiss button that dismisses it for this person; the deadline has none', async () => {
  const Stub = createRoutesStub([
    {
      path: '/notifications',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  render(<Stub initialEntries={['/notifications']} />)
  const dismiss = await screen.findByRole('button', { name: /^Dismiss: The import of october\.csv/ })
  expect(screen.queryByRole('button', { name: /^Dismiss: Proposal for NumFOCUS/ })).toBeNull()
  await userEvent.click(dismiss)
  await vi.waitFor(() => expect(dismissNotification).toHaveBeenCalledWith({ userId: 'user-1', id: IMPORT }))
})
