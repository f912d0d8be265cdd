// @vitest-environment jsdom
// The overview's own logic: the year asked for and the person's role reach the domain, the page
// draws the figures it is given (reminders only for those who manage fundraising), and "Mark all
// read" marks that person's reminders. The domain is a stand-in; imports.server.test.ts checks the sums.
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, expect, test, vi } from 'vitest'
import * as overview from '#app/domain/fundraising/overview.server.ts'
import * as reminders from '#app/domain/fundraising/reminders.server.ts'
import FundraisingRoute, { action, loader } from '#app/routes/fundraising._index.tsx'
import * as session from '#app/utils/session.server.ts'

const USER = '00000000-0000-4000-8000-000000000001'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(),
  // as the real one: admins may do everything a role may do
  hasRole: (user: { roles: string[] }, ...roles: string[]) => user.roles.includes('admin') || roles.some((r) => user.roles.includes(r)),
}))
vi.mock('#app/domain/fundraising/overview.server.ts', () => ({ getFundraisingOverviewPage: vi.fn() }))
vi.mock('#app/domain/fundraising/reminders.server.ts', () => ({ markNotificationsRead: vi.fn() }))

const months = ['2025-01', '2025-02']
const summary = {
  year: 2025,
  reportingCurrency: 'USD',
  sources: ['opencollective', 'paypal'],
  totals: {
    gross: 123_456,
    fees: 3_456,
    net: 120_000,
    donations: 7,
    unconverted: 2,
    recurringGross: 0,
    grossUnknown: 3,
    donors: 5,
    newDonors: 3,
  },
  recurringShare: 0.25,
  bySourceMonthly: months.map((month) => ({ month, opencollective: 0, paypal: 0 })),
  money: months.map((month) => ({ month, gross: 0, fees: 0, net: 0, cumulativeNet: 0, cumulativeGross: 0 })),
  recurring: months.map((month) => ({ month, recurring: 0, oneTime: 0 })),
  donorsMonthly: months.map((month) => ({ month, newDonors: 0, returningDonors: 0 })),
  retention: { previous: 4, retained: 1, rate: 0.25 },
  top: { total: 0, top: 0, share: 0.5 },
  ratesUsed: [],
  unconverted: [{ currency: 'EUR', count: 2 }],
  bySource: [
    { source: 'opencollective', currency: 'USD', gross: 118_456, fees: 3_356, net: 115_100, donations: 5, donors: 3, grossUnknown: 3 },
    { source: 'paypal', currency: 'EUR', gross: 5000, fees: 100, net: 4900, donations: 2, donors: 2, grossUnknown: 0 },
  ],
}

function renderOverview(roles: string[], url = '/fundraising') {
  vi.mocked(session.requireUser).mockResolvedValue({ id: USER, roles } as never)
  vi.mocked(overview.getFundraisingOverviewPage).mockImplementation(
    async (input) =>
      ({
        overview: summary,
        year: 2025,
        years: [2026, 2025, 2024],
        canManage: input.canManage,
        reminders: input.canManage ? [{ id: 'n1', text: 'Proposal for NumFOCUS is due in 7 days.', link: '/fundraising/grants/g1' }] : [],
      }) as never,
  )
  const Stub = createRoutesStub([
    { path: '/fundraising', Component: FundraisingRoute as never, loader: loader as never, action: action as never },
  ])
  return render(<Stub initialEntries={[url]} />)
}

afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('the year asked for and the role reach the domain; the figures are drawn as given', async () => {
  renderOverview(['fundraising'], '/fundraising?year=2025')
  expect(await screen.findByText('$1,234.56')).toBeTruthy()
  expect(overview.getFundraisingOverviewPage).toHaveBeenCalledWith(expect.objectContaining({ userId: USER, canManage: true, year: 2025 }))
  expect(screen.getByText('Open Collective, PayPal')).toBeTruthy()
  expect(screen.getByText(/2 donations in EUR has no exchange rate/)).toBeTruthy()
  expect(screen.getByRole('link', { name: 'Enter the rates' })).toBeTruthy()
})

test('a gross that includes donations recorded at net says how many, overall and for their source', async () => {
  renderOverview(['fundraising'])
  // 3 of the 7 donations came from a net-only Open Collective export
  expect(await screen.findByText('7 donations; gross includes 3 donations recorded at net (gross unknown)')).toBeTruthy()
  expect(screen.getByText('3 at net (gross unknown)')).toBeTruthy()
})

test('a council member gets no reminders and is told who enters the rates', async () => {
  renderOverview(['council'], '/fundraising?year=nonsense')
  expect(await screen.findByText('$1,234.56')).toBeTruthy()
  expect(overview.getFundraisingOverviewPage).toHaveBeenCalledWith(expect.objectContaining({ canManage: false, year: null }))
  expect(screen.queryByText(/Reminders/)).toBeNull()
  expect(screen.getByText(/The fundraising lead can enter the rates/)).toBeTruthy()
})

test('"Mark all read" marks the reminders of the person who asks', async () => {
  const user = userEvent.setup()
  renderOverview(['fundraising'])
  await user.click(await screen.findByRole('button', { name: 'Mark all read' }))
  await vi.waitFor(() => expect(reminders.markNotificationsRead).toHaveBeenCalledWith({ userId: USER }))
})
