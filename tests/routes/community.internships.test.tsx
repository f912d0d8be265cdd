// @vitest-environment jsdom
// The internships page's own logic, without a browser or a database: which intent calls which
// domain function with what, and that a refusal shows in the programme's own form.
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(async () => user),
  requireRole: vi.fn(async () => user),
  hasRole: (u: { roles: string[] }, ...roles: string[]) => roles.some((r) => u.roles.includes(r)),
}))
vi.mock('#app/domain/community/pages.server.ts', () => ({ getInternshipsPage: vi.fn() }))
vi.mock('#app/domain/community/internships.server.ts', () => ({
  addIntern: vi.fn(),
  addMilestone: vi.fn(),
  completeMilestone: vi.fn(),
  createProgramme: vi.fn(),
  setInternStatus: vi.fn(),
}))

const { getInternshipsPage } = await import('#app/domain/community/pages.server.ts')
const { addIntern, addMilestone, completeMilestone, createProgramme, setInternStatus } =
  await import('#app/domain/community/internships.server.ts')
const route = await import('#app/routes/community.internships.tsx')

let user = { id: 'user-1', roles: ['community'] }
const GSOC = '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b'
const OUTREACHY = '2f3e4d5c-6b7a-4899-8b1c-2d3e4f5a6b7c'
const PRIYA = '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d'
const MIDTERM = '4b5c6d7e-8f9a-4b1c-8d2e-3f4a5b6c7d8e'

function programme(id: string, name: string, kind: 'gsoc' | 'outreachy', extra: object = {}) {
  return { id, kind, name, year: 2026, notes: '', createdById: null, createdAt: new Date(), interns: [], milestones: [], ...extra }
}

function renderRoute() {
  const Stub = createRoutesStub([
    {
      path: '/community/internships',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  return render(<Stub initialEntries={['/community/internships']} />)
}

const card = async (name: string) => (await screen.findByText(name)).closest('section')!

beforeEach(() => {
  user = { id: 'user-1', roles: ['community'] }
  vi.mocked(getInternshipsPage).mockResolvedValue({
    programmes: [
      programme(GSOC, 'Google Summer of Code 2026', 'gsoc', {
        interns: [
          {
            id: PRIYA,
            programmeId: GSOC,
            name: 'Priya Raman',
            githubLogin: 'priya-r',
            project: 'Faster DAE solvers',
            status: 'coding',
            createdAt: new Date(),
            updatedAt: new Date(),
            mentors: [{ id: 'm1', internId: PRIYA, name: 'Ada', githubLogin: 'ada-l' }],
          },
        ],
        milestones: [
          { id: MIDTERM, programmeId: GSOC, internId: PRIYA, title: 'Midterm evaluation', dueOn: '2026-07-14', completedAt: null },
        ],
      }),
      programme(OUTREACHY, 'Outreachy December 2026', 'outreachy'),
    ],
    thisYear: 2026,
    today: '2026-08-01',
  } as never)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the internships page', () => {
  test('shows each programme with its interns, mentors and milestones from the page data', async () => {
    renderRoute()
    const gsoc = await card('Google Summer of Code 2026')
    expect(within(gsoc).getByText('Google Summer of Code · 2026')).toBeTruthy()
    expect(within(gsoc).getByText('Mentors: Ada (@ada-l)')).toBeTruthy()
    expect(within(gsoc).getByText('Coding', { selector: 'span' })).toBeTruthy()
    // due before today and not done: late
    expect(within(gsoc).getByText('Midterm evaluation', { exact: false }).className).toContain('text-red-700')
  })

  test('a reader sees the programmes without their forms', async () => {
    user = { id: 'user-2', roles: ['council'] }
    renderRoute()
    await card('Google Summer of Code 2026')
    expect(screen.queryByRole('button', { name: 'Add programme' })).toBeNull()
    expect(screen.queryByText('Add a milestone…')).toBeNull()
  })

  test('a milestone is checked before it is sent, then added to its programme', async () => {
    vi.mocked(addMilestone).mockResolvedValue({ title: 'Final feedback' } as never)
    renderRoute()
    const outreachy = await card('Outreachy December 2026')
    await userEvent.click(within(outreachy).getByText('Add a milestone…'))
    await userEvent.click(within(outreachy).getByRole('button', { name: 'Add milestone' }))
    expect(await within(outreachy).findByText('Enter what happens')).toBeTruthy()
    expect(addMilestone).not.toHaveBeenCalled()

    await userEvent.type(within(outreachy).getByLabelText('What happens'), 'Final feedback')
    await userEvent.type(within(outreachy).getByLabelText('Date'), '2027-03-01')
    await userEvent.click(within(outreachy).getByRole('button', { name: 'Add milestone' }))
    expect(await screen.findByText('Added the milestone “Final feedback”.')).toBeTruthy()
    expect(addMilestone).toHaveBeenCalledWith({ programmeId: OUTREACHY, title: 'Final feedback', dueOn: '2027-03-01', actorId: 'user-1' })
  })

  test('an intern the domain refuses shows the reason in that programme’s form only', async () => {
    vi.mocked(addIntern).mockRejectedValue(new DomainError('This programme no longer exists.'))
    renderRoute()
    const outreachy = await card('Outreachy December 2026')
    await userEvent.click(within(outreachy).getByText('Add an intern…'))
    await userEvent.type(within(outreachy).getByLabelText('Name'), 'Sam')
    await userEvent.type(within(outreachy).getByLabelText('Project'), 'Docs')
    await userEvent.click(within(outreachy).getByRole('button', { name: 'Add intern' }))
    expect(await within(outreachy).findByText('This programme no longer exists.')).toBeTruthy()
    expect(within(await card('Google Summer of Code 2026')).queryByText('This programme no longer exists.')).toBeNull()
    expect(addIntern).toHaveBeenCalledWith(
      expect.objectContaining({ programmeId: OUTREACHY, name: 'Sam', project: 'Docs', status: 'proposal' }),
    )
  })

  test('an intern’s status moves to the status picked', async () => {
    vi.mocked(setInternStatus).mockResolvedValue({ status: 'evaluation' } as never)
    renderRoute()
    const gsoc = await card('Google Summer of Code 2026')
    await userEvent.click(within(gsoc).getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Status: Evaluation.')).toBeTruthy()
    expect(setInternStatus).toHaveBeenCalledWith({ internId: PRIYA, status: 'evaluation', actorId: 'user-1' })
  })

  test('“Done” completes the milestone', async () => {
    renderRoute()
    await userEvent.click(await screen.findByRole('button', { name: 'Mark done: Midterm evaluation' }))
    expect(await screen.findByText('Milestone done.')).toBeTruthy()
    expect(completeMilestone).toHaveBeenCalledWith({ milestoneId: MIDTERM, done: true, actorId: 'user-1' })
  })

  test('a programme is added with its kind, year and name', async () => {
    vi.mocked(createProgramme).mockResolvedValue({ id: 'p', name: 'Outreachy May 2027' } as never)
    renderRoute()
    await userEvent.selectOptions(await screen.findByLabelText('Programme'), 'outreachy')
    const year = screen.getByLabelText('Year')
    await userEvent.clear(year)
    await userEvent.type(year, '2027')
    await userEvent.type(screen.getByLabelText('Name', { selector: '#programme-name' }), 'Outreachy May 2027')
    await userEvent.click(screen.getByRole('button', { name: 'Add programme' }))
    expect(await screen.findByText('Added Outreachy May 2027.')).toBeTruthy()
    expect(createProgramme).toHaveBeenCalledWith({ kind: 'outreachy', year: 2027, name: 'Outreachy May 2027', actorId: 'user-1' })
  })

  test('an unknown intent is a 400', async () => {
    const request = new Request('http://localhost/community/internships', {
      method: 'POST',
      body: new URLSearchParams({ intent: 'graduate' }),
    })
    await expect(route.action({ request, params: {}, context: {} } as never)).rejects.toMatchObject({ init: { status: 400 } })
  })
})
