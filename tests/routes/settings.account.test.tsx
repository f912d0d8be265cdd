// @vitest-environment jsdom
// The account page's own logic: five forms on one page, each intent calling its domain function
// for the signed-in person, and each answer reaching only the card whose form sent it. The domain
// is a stand-in here; the accounts, notifications and this-week tests hold it to a database.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { DEFAULT_TASK_MINUTES } from '#app/domain/this-week/task-minutes.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(async () => person),
  readSessionToken: vi.fn(async () => 'session-token'),
}))
vi.mock('#app/utils/url.server.ts', () => ({ publicOrigin: () => 'https://steward.example' }))
vi.mock('#app/domain/accounts/pages.server.ts', () => ({ getAccountPage: vi.fn() }))
vi.mock('#app/domain/accounts/users.server.ts', () => ({ updateProfile: vi.fn(), changePassword: vi.fn() }))
vi.mock('#app/domain/calendar/feed-tokens.server.ts', () => ({ regenerateFeedToken: vi.fn(), revokeFeedToken: vi.fn() }))
vi.mock('#app/domain/notifications/inbox.server.ts', () => ({ saveNotificationPreferences: vi.fn() }))
vi.mock('#app/domain/this-week/personal.server.ts', () => ({ savePersonalWeek: vi.fn() }))

const { getAccountPage } = await import('#app/domain/accounts/pages.server.ts')
const { updateProfile, changePassword } = await import('#app/domain/accounts/users.server.ts')
const { regenerateFeedToken } = await import('#app/domain/calendar/feed-tokens.server.ts')
const { savePersonalWeek } = await import('#app/domain/this-week/personal.server.ts')
const { saveNotificationPreferences } = await import('#app/domain/notifications/inbox.server.ts')
const route = await import('#app/routes/settings.account.tsx')

const person = { id: '00000000-0000-4000-8000-000000000007', name: 'Fay Lead', email: 'fay@example.org', roles: ['fundraising'] as const }

const page = {
  name: 'Fay Lead',
  email: 'fay@example.org',
  roles: ['Fundraising'],
  feed: null,
  notifications: {
    kinds: [
      {
        kind: 'sponsor-renewal',
        label: 'Sponsor renewals',
        description: 'a sponsor is up for renewal',
        delivery: 'in_app',
        default: 'in_app',
      },
    ],
    digest: 'email',
  },
  week: {
    timeZone: 'UTC',
    budgetMinutes: 240,
    taskMinutes: DEFAULT_TASK_MINUTES,
    own: { timeZone: null, weeklyBudgetMinutes: null, taskMinutes: {} },
    organisation: { timeZone: 'UTC', weeklyBudgetMinutes: 240, taskMinutes: DEFAULT_TASK_MINUTES },
  },
  timeZones: ['Europe/London', 'UTC'],
}

function renderAccountPage() {
  const Stub = createRoutesStub([
    {
      path: '/settings/account',
      Component: route.default as never,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={['/settings/account']} />)
}

const card = async (title: string) => (await screen.findByRole('heading', { name: title, level: 2 })).closest('section')!

beforeEach(() => {
  vi.mocked(getAccountPage).mockResolvedValue(page as never)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('saving the profile renames the signed-in person, and only the profile card says so', async () => {
  vi.mocked(updateProfile).mockResolvedValue(undefined as never)
  renderAccountPage()
  const profile = await card('Profile')
  await userEvent.clear(within(profile).getByLabelText('Name'))
  await userEvent.type(within(profile).getByLabelText('Name'), 'Fay Fundraiser')
  await userEvent.click(within(profile).getByRole('button', { name: 'Save profile' }))
  await waitFor(() => expect(updateProfile).toHaveBeenCalledWith({ userId: person.id, name: 'Fay Fundraiser' }))
  expect(await within(profile).findByText('Saved.')).toBeTruthy()
  // one "Saved." on the page: the week and notification cards did not take the answer as theirs
  expect(screen.getAllByText('Saved.')).toHaveLength(1)
  expect(getAccountPage).toHaveBeenCalledWith({ user: person })
})

test('a refused password change shows in the password card, next to its field, and nothing else changes', async () => {
  vi.mocked(changePassword).mockRejectedValue(new DomainError('The current password is not right', 'currentPassword'))
  renderAccountPage()
  const form = await card('Change password')
  await userEvent.type(within(form).getByLabelText('Current password'), 'wrong-password')
  await userEvent.type(within(form).getByLabelText('New password'), 'a-new-long-password')
  await userEvent.type(within(form).getByLabelText('Repeat the new password'), 'a-new-long-password')
  await userEvent.click(within(form).getByRole('button', { name: 'Change password' }))
  await waitFor(() =>
    expect(changePassword).toHaveBeenCalledWith(
      expect.objectContaining({ userId: person.id, currentPassword: 'wrong-password', currentSessionToken: 'session-token' }),
    ),
  )
  expect(await within(form).findByText('The current password is not right')).toBeTruthy()
  expect(screen.queryByText('Saved.')).toBeNull()
  expect(updateProfile).not.toHaveBeenCalled()
})

test('your week keeps an empty field as the organisation’s and saves a typed budget', async () => {
  vi.mocked(savePersonalWeek).mockResolvedValue(undefined as never)
  renderAccountPage()
  const week = await card('Your week')
  await userEvent.type(within(week).getByLabelText('Your weekly budget (minutes)'), '300')
  await userEvent.click(within(week).getByRole('button', { name: 'Save your week' }))
  await waitFor(() => expect(savePersonalWeek).toHaveBeenCalledTimes(1))
  // 300 typed; the time zone and every task's minutes were left empty, so they follow the organisation
  expect(savePersonalWeek).toHaveBeenCalledWith({ userId: person.id, weeklyBudgetMinutes: 300 })
  expect(await within(week).findByText('Saved.')).toBeTruthy()
})

test('notification choices reach the domain, the digest with them', async () => {
  vi.mocked(saveNotificationPreferences).mockResolvedValue(undefined as never)
  renderAccountPage()
  const notifications = await card('Notifications')
  await userEvent.selectOptions(within(notifications).getByLabelText('Sponsor renewals'), 'email')
  await userEvent.selectOptions(within(notifications).getByLabelText('Weekly digest'), 'off')
  await userEvent.click(within(notifications).getByRole('button', { name: 'Save notifications' }))
  await waitFor(() => expect(saveNotificationPreferences).toHaveBeenCalledTimes(1))
  expect(saveNotificationPreferences).toHaveBeenCalledWith({
    userId: person.id,
    deliveries: { 'sponsor-renewal': 'email', 'weekly-digest': 'off' },
  })
  expect(await within(notifications).findByText('Saved.')).toBeTruthy()
})

test('a new calendar feed address is shown once, built on the public address', async () => {
  vi.mocked(regenerateFeedToken).mockResolvedValue('tok-123' as never)
  renderAccountPage()
  const feed = await card('Calendar feed')
  await userEvent.click(within(feed).getByRole('button', { name: 'Make my feed address' }))
  await waitFor(() => expect(regenerateFeedToken).toHaveBeenCalledWith({ userId: person.id }))
  expect(((await within(feed).findByLabelText('Feed address')) as HTMLInputElement).value).toBe(
    'https://steward.example/calendar.ics?token=tok-123',
  )
})
