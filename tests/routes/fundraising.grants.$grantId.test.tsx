// @vitest-environment jsdom
// The grant page's own logic: the grant in the address reaches the domain (404 when there is none),
// and each of its three forms (details, new deadline, mark done) calls its domain function with
// that grant, a refusal shown in the form it belongs to. The domain is a stand-in here.
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import * as grants from '#app/domain/fundraising/grants.server.ts'
import GrantRoute, { action, loader } from '#app/routes/fundraising.grants.$grantId.tsx'

const ACTOR = '00000000-0000-4000-8000-000000000001'
const GRANT = '66666666-6666-4666-8666-666666666666'
const DEADLINE = '77777777-7777-4777-8777-777777777777'
const SERIES = '88888888-8888-4888-8888-888888888888'

vi.mock('#app/utils/session.server.ts', () => ({ requireRole: vi.fn(async () => ({ id: ACTOR, roles: ['fundraising'] })) }))
vi.mock('#app/domain/fundraising/grants.server.ts', () => ({
  getGrantPage: vi.fn(),
  updateGrant: vi.fn(),
  addDeadline: vi.fn(),
  completeDeadline: vi.fn(),
}))

const grant = {
  id: GRANT,
  funder: 'NumFOCUS',
  title: 'Small Development Grant',
  amountAsked: 1_000_000,
  amountAwarded: null,
  currency: 'USD',
  status: 'submitted',
  ownerId: null,
  periodStart: null,
  periodEnd: null,
  links: null,
  notes: null,
  submittedOn: '2026-01-10',
  decidedOn: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  deadlines: [
    {
      id: DEADLINE,
      grantId: GRANT,
      kind: 'report',
      dueOn: '2026-04-01',
      rrule: null,
      note: null,
      doneAt: null,
      createdAt: new Date(),
      next: ['2026-04-01'],
      completedCount: 0,
      lastCompleted: null,
    },
    {
      id: SERIES,
      grantId: GRANT,
      kind: 'report',
      dueOn: '2026-01-15',
      rrule: 'FREQ=MONTHLY;INTERVAL=3',
      note: null,
      doneAt: null,
      createdAt: new Date(),
      next: ['2026-04-15', '2026-07-15'],
      completedCount: 1,
      lastCompleted: '2026-01-15',
    },
  ],
}

function renderGrant(id = GRANT) {
  const Stub = createRoutesStub([
    { path: '/fundraising/grants/:grantId', Component: GrantRoute as never, loader: loader as never, action: action as never },
  ])
  return render(<Stub initialEntries={[`/fundraising/grants/${id}`]} />)
}

beforeEach(() => {
  vi.mocked(grants.getGrantPage).mockResolvedValue({ grant, people: [{ id: ACTOR, name: 'Fay Lead' }] } as never)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('a grant that does not exist is a 404', async () => {
  vi.mocked(grants.getGrantPage).mockResolvedValue(null)
  const call = loader as (args: { request: Request; params: { grantId: string }; context: object }) => Promise<unknown>
  await expect(call({ request: new Request('http://localhost/x'), params: { grantId: GRANT }, context: {} })).rejects.toMatchObject({
    init: { status: 404 },
  })
})

test('the details form saves this grant, amounts as typed; a refusal shows above the form', async () => {
  vi.mocked(grants.updateGrant).mockRejectedValueOnce(new DomainError('No such grant'))
  const user = userEvent.setup()
  renderGrant()
  const amount = await screen.findByLabelText('Amount asked')
  expect((amount as HTMLInputElement).value).toBe('10000.00')
  await user.type(screen.getByLabelText('Amount awarded'), '8000')
  await user.selectOptions(screen.getByLabelText('Status'), 'awarded')
  await user.click(screen.getByRole('button', { name: 'Save' }))

  expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'No such grant')
  expect(grants.updateGrant).toHaveBeenCalledWith(
    expect.objectContaining({ grantId: GRANT, actorId: ACTOR, status: 'awarded', amountAsked: '10000.00', amountAwarded: '8000' }),
  )
})

test('a new deadline is added to this grant; a bad RRULE is refused before anything is sent', async () => {
  vi.mocked(grants.addDeadline).mockResolvedValue({} as never)
  const user = userEvent.setup()
  renderGrant()
  await user.type(await screen.findByLabelText('Due on'), '2026-06-30')
  await user.type(screen.getByLabelText('Repeats (RRULE)'), 'EVERY=TUESDAY')
  await user.click(screen.getByRole('button', { name: 'Add deadline' }))
  expect(await screen.findByText('Not a valid RRULE; try FREQ=MONTHLY;INTERVAL=3')).toBeTruthy()
  expect(grants.addDeadline).not.toHaveBeenCalled()

  await user.clear(screen.getByLabelText('Repeats (RRULE)'))
  await user.type(screen.getByLabelText('Repeats (RRULE)'), 'FREQ=MONTHLY;INTERVAL=3')
  await user.click(screen.getByRole('button', { name: 'Add deadline' }))
  await vi.waitFor(() =>
    expect(grants.addDeadline).toHaveBeenCalledWith({
      kind: 'proposal',
      dueOn: '2026-06-30',
      rrule: 'FREQ=MONTHLY;INTERVAL=3',
      grantId: GRANT,
      actorId: ACTOR,
    }),
  )
})

test('"Mark done" completes that deadline; a refusal is said in the deadlines card', async () => {
  vi.mocked(grants.completeDeadline).mockRejectedValueOnce(new DomainError('No such deadline'))
  const user = userEvent.setup()
  renderGrant()
  const item = (await screen.findByText('2026-04-01')).closest('li')!
  await user.click(within(item).getByRole('button', { name: 'Mark done' }))
  expect(await screen.findByText('No such deadline')).toBeTruthy()
  expect(grants.completeDeadline).toHaveBeenCalledWith({ deadlineId: DEADLINE, actorId: ACTOR })
})

test('a repeating deadline lists its next dates, each marked done on its own', async () => {
  const user = userEvent.setup()
  renderGrant()
  expect(await screen.findByText('1 done, the last on 2026-01-15')).toBeTruthy()
  await user.click(await screen.findByRole('button', { name: 'Mark done: 2026-07-15' }))
  await vi.waitFor(() =>
    expect(grants.completeDeadline).toHaveBeenCalledWith({ deadlineId: SERIES, occursOn: '2026-07-15', actorId: ACTOR }),
  )
})
