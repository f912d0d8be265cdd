// @vitest-environment jsdom
// The donations page's own logic: the filters in the address reach the domain, the two intents
// (enter a donation, void one) call their domain functions, and a refusal shows where it belongs.
// The domain is a stand-in here; imports.server.test.ts tests the ledger itself.
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import * as donations from '#app/domain/fundraising/donations.server.ts'
import DonationsRoute, { action, loader } from '#app/routes/fundraising.donations._index.tsx'

const ACTOR = '00000000-0000-4000-8000-000000000001'
const DONATION = '44444444-4444-4444-8444-444444444444'
const DONOR = '55555555-5555-4555-8555-555555555555'

vi.mock('#app/utils/session.server.ts', () => ({ requireRole: vi.fn(async () => ({ id: ACTOR, roles: ['fundraising'] })) }))
vi.mock('#app/domain/fundraising/donations.server.ts', () => ({
  getDonationsPage: vi.fn(),
  createManualDonation: vi.fn(),
  voidDonation: vi.fn(),
}))

const donation = {
  id: DONATION,
  receivedAt: new Date('2025-03-04T12:00:00Z'),
  receivedOn: '2025-03-04',
  amount: 12_000,
  currency: 'USD',
  fees: 600,
  net: 11_400,
  source: 'opencollective',
  externalId: 'oc-77',
  recurring: true,
  refunded: false,
  voidedAt: null,
  voidReason: null,
  description: null,
  donorId: DONOR,
  donorName: 'Quinn Harbour',
  donorEmail: null,
  importBatchId: null,
}

function renderDonations(url = '/fundraising/donations') {
  const Stub = createRoutesStub([
    { path: '/fundraising/donations', Component: DonationsRoute as never, loader: loader as never, action: action as never },
  ])
  return render(<Stub initialEntries={[url]} />)
}

beforeEach(() => {
  vi.mocked(donations.getDonationsPage).mockImplementation(
    async ({ filters, page }) =>
      ({ rows: [donation], total: 1, page, pageSize: 50, filters, reportingCurrency: 'USD', timeZone: 'UTC' }) as never,
  )
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('the filters in the address reach the domain, and the page shows the donations it gets', async () => {
  renderDonations(`/fundraising/donations?source=opencollective&currency=usd&from=2025-01-01&page=2&donorId=${DONOR}&to=nonsense`)
  expect(await screen.findByRole('link', { name: 'Quinn Harbour' })).toBeTruthy()
  expect(screen.getByRole('cell', { name: '$120.00' })).toBeTruthy()
  expect(screen.getByRole('cell', { name: /^Open Collective/ }).textContent).toBe('Open Collectiveoc-77')
  expect(donations.getDonationsPage).toHaveBeenCalledWith({
    filters: expect.objectContaining({ source: 'opencollective', currency: 'USD', from: '2025-01-01', to: null, donorId: DONOR }),
    page: 2,
  })
})

test('voiding calls the domain with the donation and the reason', async () => {
  vi.mocked(donations.voidDonation).mockResolvedValue(undefined)
  const user = userEvent.setup()
  renderDonations()
  const row = (await screen.findByRole('link', { name: 'Quinn Harbour' })).closest('tr')!
  await user.click(within(row).getByText('Void', { selector: 'summary' }))
  await user.type(within(row).getByLabelText('Reason'), 'entered twice')
  await user.click(within(row).getByRole('button', { name: 'Void' }))
  expect(await screen.findByText('The donation was voided.')).toBeTruthy()
  expect(donations.voidDonation).toHaveBeenCalledWith({ donationId: DONATION, reason: 'entered twice', actorId: ACTOR })
})

test('a refused void is shown in the row it was asked for', async () => {
  vi.mocked(donations.voidDonation).mockRejectedValue(new DomainError('This donation is already voided'))
  const user = userEvent.setup()
  renderDonations()
  const row = (await screen.findByRole('link', { name: 'Quinn Harbour' })).closest('tr')!
  await user.click(within(row).getByText('Void', { selector: 'summary' }))
  await user.type(within(row).getByLabelText('Reason'), 'duplicate')
  await user.click(within(row).getByRole('button', { name: 'Void' }))
  expect(await within(row).findByText('This donation is already voided')).toBeTruthy()
  expect(screen.queryByText('The donation was voided.')).toBeNull()
})

test('a donation entered by hand reaches the domain parsed; a refusal shows next to its field', async () => {
  vi.mocked(donations.createManualDonation).mockRejectedValueOnce(new DomainError('The fees cannot be more than the amount', 'fees'))
  const user = userEvent.setup()
  renderDonations()
  await user.type(await screen.findByLabelText('Date received'), '2025-05-06')
  await user.type(screen.getByLabelText('Amount'), '50')
  await user.type(screen.getByLabelText('Fees'), '60')
  await user.type(screen.getByLabelText('Donor name'), 'Ada Wren')
  await user.click(screen.getByRole('button', { name: 'Add donation' }))

  const message = await screen.findByText('The fees cannot be more than the amount')
  expect(screen.getByLabelText('Fees').getAttribute('aria-describedby')).toContain(message.closest('ul')!.id)
  expect(donations.createManualDonation).toHaveBeenCalledWith({
    receivedOn: '2025-05-06',
    amount: '50',
    fees: '60',
    currency: 'USD',
    source: 'manual',
    donorName: 'Ada Wren',
    actorId: ACTOR,
  })

  vi.mocked(donations.createManualDonation).mockResolvedValueOnce({} as never)
  await user.clear(screen.getByLabelText('Fees'))
  await user.click(screen.getByRole('button', { name: 'Add donation' }))
  expect(await screen.findByText('The donation was added.')).toBeTruthy()
})

test('an amount that is not one is refused before anything is sent', async () => {
  const user = userEvent.setup()
  renderDonations()
  await user.type(await screen.findByLabelText('Date received'), '2025-05-06')
  await user.type(screen.getByLabelText('Amount'), '12.345')
  await user.click(screen.getByRole('button', { name: 'Add donation' }))
  expect(await screen.findByText('"12.345" has more decimals than USD allows')).toBeTruthy()
  expect(donations.createManualDonation).not.toHaveBeenCalled()
})
