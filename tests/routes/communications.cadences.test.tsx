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
vi.mock('#app/domain/communications/pages.server.ts', () => ({ getCadencesPage: vi.fn() }))
vi.mock('#app/domain/communications/cadences.server.ts', () => ({
  createCadence: vi.fn(),
  deleteCadence: vi.fn(),
  updateCadence: vi.fn(),
}))

const { getCadencesPage } = await import('#app/domain/communications/pages.server.ts')
const { createCadence, deleteCadence, updateCadence } = await import('#app/domain/communications/cadences.server.ts')
const route = await import('#app/routes/communications.cadences.tsx')

const lead = { id: 'lead-1', name: 'Casey Comms', email: 'casey@example.org', roles: ['communications'] as const }
const X = '00000000-0000-4000-8000-000000000001'
const CADENCE = '00000000-0000-4000-8000-0000000000c1'

const page = {
  cadences: [
    {
      id: CADENCE,
      channelId: X,
      channelName: 'X',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      description: 'every 2 weeks on Tuesday',
      validFrom: '2025-07-01',
      validUntil: null,
      timeOfDay: '09:00',
      label: 'Every other Tuesday',
      createdAt: new Date('2025-07-01T00:00:00Z'),
      updatedAt: new Date('2025-07-01T00:00:00Z'),
    },
  ],
  channels: [{ id: X, name: 'X', active: true }],
  canEdit: true,
}

function renderCadences(path = '/communications/cadences') {
  const Stub = createRoutesStub([
    {
      path: '/communications/cadences',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={[path]} />)
}

const card = async (title: string) => (await screen.findByRole('heading', { name: title, level: 2 })).closest('section')!

beforeEach(() => {
  vi.mocked(getCadencesPage).mockResolvedValue(page)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
  vi.restoreAllMocks()
})

describe('the cadences page', () => {
  test('lists the cadences from the page data, each with its rule in words', async () => {
    renderCadences()
    const row = (await screen.findByText('Every other Tuesday')).closest('tr')!
    expect(within(row).getByText(/every 2 weeks on Tuesday at 09:00/)).toBeTruthy()
    expect(within(row).getByText('X')).toBeTruthy()
    expect(getCadencesPage).toHaveBeenCalledWith({ user: lead })
  })

  test('adding a cadence sends the simple form to createCadence', async () => {
    vi.mocked(createCadence).mockResolvedValue({} as never)
    renderCadences()
    const form = await card('Add a cadence')
    await userEvent.type(within(form).getByLabelText('Name'), 'Weekly on Thursday')
    await userEvent.clear(within(form).getByLabelText('Every how many weeks'))
    await userEvent.type(within(form).getByLabelText('Every how many weeks'), '1')
    await userEvent.click(within(form).getByLabelText('Tuesday'))
    await userEvent.click(within(form).getByLabelText('Thursday'))
    await userEvent.type(within(form).getByLabelText('Valid from'), '2025-10-01')
    await userEvent.click(within(form).getByRole('button', { name: 'Add cadence' }))
    await waitFor(() => expect(createCadence).toHaveBeenCalledTimes(1))
    expect(createCadence).toHaveBeenCalledWith({
      label: 'Weekly on Thursday',
      mode: 'simple',
      intervalWeeks: 1,
      weekdays: ['TH'],
      validFrom: '2025-10-01',
      timeOfDay: '09:00',
      actorId: lead.id,
    })
    expect(updateCadence).not.toHaveBeenCalled()
  })

  test('editing sends the cadence id to updateCadence, and a refusal naming a field shows next to it', async () => {
    vi.mocked(updateCadence).mockRejectedValue(new DomainError('Two cadences cannot share a name', 'label'))
    renderCadences(`/communications/cadences?edit=${CADENCE}`)
    const form = await card('Edit “Every other Tuesday”')
    await userEvent.click(within(form).getByRole('button', { name: 'Save cadence' }))
    await waitFor(() =>
      expect(updateCadence).toHaveBeenCalledWith(expect.objectContaining({ id: CADENCE, channelId: X, actorId: lead.id })),
    )
    const error = await within(form).findByText('Two cadences cannot share a name')
    expect(within(form).getByLabelText('Name').getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
  })

  test('deleting asks first, then removes that cadence', async () => {
    vi.mocked(deleteCadence).mockResolvedValue(undefined)
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true)
    renderCadences()
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Every other Tuesday' }))
    await waitFor(() => expect(deleteCadence).toHaveBeenCalledWith({ id: CADENCE, actorId: lead.id }))
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(createCadence).not.toHaveBeenCalled()
  })

  test('an unknown intent is a 400', async () => {
    const body = new FormData()
    body.set('intent', 'archive')
    const request = new Request('http://localhost/communications/cadences', { method: 'POST', body })
    const answer = await route.action({ request, params: {}, context: {} } as never).catch((error: unknown) => error)
    expect(answer).toMatchObject({ init: { status: 400 } })
    for (const change of [createCadence, updateCadence, deleteCadence]) expect(change).not.toHaveBeenCalled()
  })
})
