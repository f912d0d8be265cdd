// @vitest-environment jsdom
// The repositories page's own logic, without a browser or a database: which intent calls which
// domain function, what the page shows of its data, and that a refusal shows where it belongs.
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
vi.mock('#app/domain/community/pages.server.ts', () => ({ getRepositoriesPage: vi.fn() }))
vi.mock('#app/domain/community/repositories.server.ts', () => ({ addRepository: vi.fn(), deactivateRepository: vi.fn() }))
vi.mock('#app/domain/community/maintainers.server.ts', () => ({ saveMaintainerSetting: vi.fn() }))
vi.mock('#app/domain/community/github-sync.server.ts', () => ({ queueGithubSync: vi.fn() }))

const { getRepositoriesPage } = await import('#app/domain/community/pages.server.ts')
const { addRepository, deactivateRepository } = await import('#app/domain/community/repositories.server.ts')
const { saveMaintainerSetting } = await import('#app/domain/community/maintainers.server.ts')
const { queueGithubSync } = await import('#app/domain/community/github-sync.server.ts')
const route = await import('#app/routes/community.repositories.tsx')

let user = { id: 'user-1', roles: ['community'] }
const REPO_ID = '5b0e1c9e-3d1f-4c55-9a57-0d1f7f0a2b61'

function page(overrides: Partial<Awaited<ReturnType<typeof getRepositoriesPage>>> = {}): Awaited<ReturnType<typeof getRepositoriesPage>> {
  return {
    timeZone: 'UTC',
    connection: { tokenSet: true, endpoint: 'https://api.github.com/graphql' },
    maintainersText: '',
    maintainers: { logins: ['ada'], source: 'association' },
    repositories: [
      {
        id: REPO_ID,
        fullName: 'pybamm-team/PyBaMM',
        active: true,
        defaultBranch: 'develop',
        running: false,
        lastSuccessAt: '2026-08-21T09:00:00.000Z',
        lastError: null,
        rateLimitRemaining: 4_990,
        rateLimitResetAt: '2026-08-21T10:00:00.000Z',
        snapshot: { day: '2026-08-21', stars: 1_200, forks: 500, watchers: 40 },
        states: [
          {
            kind: 'issue',
            label: 'Issues',
            status: 'succeeded',
            itemsDone: 150,
            itemsTotal: 150,
            requestsUsed: 2,
            lastSuccessAt: '2026-08-21T09:00:00.000Z',
            lastError: null,
          },
          {
            kind: 'commit',
            label: 'Commits',
            status: 'interrupted',
            itemsDone: 100,
            itemsTotal: 300,
            requestsUsed: 1,
            lastSuccessAt: null,
            lastError: null,
          },
        ],
      },
    ],
    ...overrides,
  }
}

function renderRoute() {
  const Stub = createRoutesStub([
    {
      path: '/community/repositories',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  return render(<Stub initialEntries={['/community/repositories']} />)
}

beforeEach(() => {
  user = { id: 'user-1', roles: ['community'] }
  vi.mocked(getRepositoriesPage).mockResolvedValue(page())
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the repositories page', () => {
  test('shows each kind’s sync from the page data, in words', async () => {
    renderRoute()
    const table = await screen.findByRole('table', { name: 'Sync progress of pybamm-team/PyBaMM' })
    expect(within(table).getByRole('row', { name: /Issues/ }).textContent).toContain('Up to date')
    expect(within(table).getByRole('row', { name: /Issues/ }).textContent).toContain('150 of 150')
    expect(within(table).getByRole('row', { name: /Commits/ }).textContent).toContain('Interrupted (resumes next sync)')
    expect(screen.getByText('4,990 points')).toBeTruthy()
  })

  test('a reader sees no edit controls', async () => {
    user = { id: 'user-2', roles: ['council'] }
    renderRoute()
    await screen.findByRole('table', { name: 'Sync progress of pybamm-team/PyBaMM' })
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Add repository' })).toBeNull()
  })

  test('“Sync now” queues that repository’s sync', async () => {
    renderRoute()
    await userEvent.click(await screen.findByRole('button', { name: 'Sync now' }))
    expect(await screen.findByText('Sync queued: progress shows below.')).toBeTruthy()
    expect(queueGithubSync).toHaveBeenCalledWith({ repositoryId: REPO_ID })
  })

  test('“Sync all now” queues every repository', async () => {
    renderRoute()
    await userEvent.click(await screen.findByRole('button', { name: 'Sync all now' }))
    expect(await screen.findByText('Sync queued: progress shows below.')).toBeTruthy()
    expect(queueGithubSync).toHaveBeenCalledWith({})
  })

  test('a sync that cannot be queued says why on the page', async () => {
    vi.mocked(queueGithubSync).mockRejectedValue(new DomainError('Could not queue the sync: Background jobs are not running.'))
    renderRoute()
    await userEvent.click(await screen.findByRole('button', { name: 'Sync now' }))
    expect(await screen.findByText('Could not queue the sync: Background jobs are not running.')).toBeTruthy()
  })

  test('“Deactivate” stops syncing the repository once confirmed', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true)
    vi.mocked(deactivateRepository).mockResolvedValue({ owner: 'pybamm-team', name: 'PyBaMM' } as never)
    renderRoute()
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate' }))
    expect(await screen.findByText('pybamm-team/PyBaMM is no longer synced; its data stays.')).toBeTruthy()
    expect(deactivateRepository).toHaveBeenCalledWith({ id: REPO_ID, actorId: 'user-1' })
  })

  test('adding a repository passes OWNER/NAME read from a link, and says it is tracked', async () => {
    vi.mocked(addRepository).mockResolvedValue({ owner: 'steward-e2e', name: 'sandbox' } as never)
    renderRoute()
    await userEvent.type(await screen.findByLabelText('Repository (OWNER/NAME)'), 'https://github.com/steward-e2e/sandbox')
    await userEvent.click(screen.getByRole('button', { name: 'Add repository' }))
    expect(await screen.findByText('Now tracking steward-e2e/sandbox. Press “Sync now” to fetch its history.')).toBeTruthy()
    expect(addRepository).toHaveBeenCalledWith({ owner: 'steward-e2e', name: 'sandbox', actorId: 'user-1' })
  })

  test('a name that is not OWNER/NAME is refused next to the field, before anything is sent', async () => {
    renderRoute()
    const field = await screen.findByLabelText('Repository (OWNER/NAME)')
    await userEvent.type(field, 'not a repository')
    await userEvent.click(screen.getByRole('button', { name: 'Add repository' }))
    expect(await screen.findByText('Give the repository as OWNER/NAME, for example pybamm-team/PyBaMM')).toBeTruthy()
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(addRepository).not.toHaveBeenCalled()
  })

  test('the domain’s refusal (already tracked) shows next to the repository field', async () => {
    vi.mocked(addRepository).mockRejectedValue(new DomainError('pybamm-team/PyBaMM is already tracked', 'repository'))
    renderRoute()
    const field = await screen.findByLabelText('Repository (OWNER/NAME)')
    await userEvent.type(field, 'pybamm-team/PyBaMM')
    await userEvent.click(screen.getByRole('button', { name: 'Add repository' }))
    const error = await screen.findByText('pybamm-team/PyBaMM is already tracked')
    expect(field.getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
  })

  test('maintainers are saved as a list of logins', async () => {
    renderRoute()
    await userEvent.type(await screen.findByLabelText('GitHub logins, one per line'), '@alice\nbob')
    await userEvent.click(screen.getByRole('button', { name: 'Save maintainers' }))
    expect(await screen.findByText('Maintainers saved.')).toBeTruthy()
    expect(saveMaintainerSetting).toHaveBeenCalledWith({ logins: ['alice', 'bob'], actorId: 'user-1' })
  })

  test('an unknown intent is a 400', async () => {
    const request = new Request('http://localhost/community/repositories', {
      method: 'POST',
      body: new URLSearchParams({ intent: 'launch' }),
    })
    await expect(route.action({ request, params: {}, context: {} } as never)).rejects.toMatchObject({ init: { status: 400 } })
  })
})
