// @vitest-environment jsdom
// Dates on the pages are the viewer's: the root loader gives each person their own time zone
// (else the organisation's), and a page shows the same scheduled post, notification or thread at
// that person's local date.
import { cleanup, render, screen } from '@testing-library/react'
import { createRoutesStub, Outlet } from 'react-router'
import { afterEach, expect, test, vi } from 'vitest'
import { PostDeliveries } from '#app/components/communications/deliveries.tsx'

let viewer: { id: string; name: string; roles: string[]; timeZone: string | null } | null = null
vi.mock('#app/utils/session.server.ts', () => ({
  getUser: vi.fn(async () => viewer),
  requireUser: vi.fn(async () => viewer),
  readSessionToken: vi.fn(async () => 'session-token'),
}))
vi.mock('#app/domain/settings/settings.server.ts', () => ({
  getOrganisationSettings: vi.fn(async () => ({ projectName: 'PyBaMM', timeZone: 'Europe/London' })),
}))
vi.mock('#app/domain/notifications/inbox.server.ts', () => ({
  countUnreadNotifications: vi.fn(async () => 1),
  countUnreadNotificationsOfSession: vi.fn(async () => 1),
  getNotificationsPage: vi.fn(async () => ({
    // the organisation's zone, as the page's own loader sends it
    timeZone: 'Europe/London',
    unread: 1,
    notifications: [
      {
        id: '4f0c5a7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f',
        kind: 'triage-overdue',
        kindLabel: 'Threads past the response target',
        text: 'Thread #12 has waited 50 hours.',
        link: '/community/triage',
        createdAt: '2026-03-10T20:30:00.000Z',
        read: false,
        done: false,
        dismissible: false,
      },
    ],
  })),
  markNotificationsRead: vi.fn(),
  dismissNotification: vi.fn(),
}))

const root = await import('#app/root.tsx')
const notificationsRoute = await import('#app/routes/notifications.tsx')

afterEach(cleanup)

const scheduled = {
  id: 'd1',
  channelName: 'PyBaMM on Mastodon',
  channelKind: 'mastodon' as const,
  state: 'scheduled' as const,
  attempts: 0,
  // 10 March 2026 20:30 UTC: 11 Mar 09:30 in Auckland (UTC+13), 10 Mar 13:30 in Los Angeles (UTC−7)
  nextAttemptAt: '2026-03-10T20:30:00.000Z',
  url: null,
  publishedAt: null,
  lastError: null,
}

function renderAs(path: string) {
  const Stub = createRoutesStub([
    {
      id: 'root',
      path: '/',
      loader: root.loader as never,
      Component: () => <Outlet />,
      HydrateFallback: () => null,
      children: [
        {
          path: 'post',
          Component: () => <PostDeliveries deliveries={[scheduled]} timeZone="Europe/London" canEdit={false} />,
        },
        { path: 'notifications', Component: notificationsRoute.default, loader: notificationsRoute.loader as never },
      ],
    },
  ])
  return render(<Stub initialEntries={[path]} />)
}

test.each([
  ['Pacific/Auckland', '11 Mar 2026, 09:30'],
  ['America/Los_Angeles', '10 Mar 2026, 13:30'],
  // no zone of their own: the organisation's (London, still GMT on 10 March)
  [null, '10 Mar 2026, 20:30'],
])('a person in %s sees the scheduled post and the notification at %s', async (timeZone, local) => {
  viewer = { id: 'u1', name: 'Sam', roles: ['communications'], timeZone }
  renderAs('/post')
  expect(await screen.findByText(`Goes out ${local}`)).toBeTruthy()
  cleanup()
  renderAs('/notifications')
  expect(await screen.findByText(`Threads past the response target · ${local}`)).toBeTruthy()
})
