// @vitest-environment jsdom
// The sources page's own logic (repositories, forums and mailboxes), without a browser or a database: which intent calls which
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
vi.mock('#app/domain/community/pages.server.ts', () => ({ getSourcesPage: vi.fn() }))
vi.mock('#app/domain/community/sources.server.ts', () => ({
  addDiscourseSource: vi.fn(),
  addImapSource: vi.fn(),
  removeSource: vi.fn(),
  setSourceCredential: vi.fn(),
}))
vi.mock('#app/domain/community/sources-sync.server.ts', () => ({ queueSourcesSync: vi.fn() }))
vi.mock('#app/domain/community/repositories.server.ts', () => ({ addRepository: vi.fn(), deactivateRepository: vi.fn() }))
vi.mock('#app/domain/community/maintainers.server.ts', () => ({ saveMaintainerSetting: vi.fn() }))
vi.mock('#app/domain/community/github-sync.server.ts', () => ({ queueGithubSync: vi.fn() }))

const { getSourcesPage } = await import('#app/domain/community/pages.server.ts')
const { addDiscourseSource, addImapSource, removeSource, setSourceCredential } = await import('#app/domain/community/sources.server.ts')
const { queueSourcesSync } = await import('#app/domain/community/sources-sync.server.ts')
const { addRepository, deactivateRepository } = await import('#app/domain/community/repositories.server.ts')
const { saveMaintainerSetting } = await import('#app/domain/community/maintainers.server.ts')
const { queueGithubSync } = await import('#app/domain/community/github-sync.server.ts')
const route = await import('#app/routes/community.sources.tsx')

let user = { id: 'user-1', roles: ['community'] }
const REPO_ID = '5b0e1c9e-3d1f-4c55-9a57-0d1f7f0a2b61'

const FORUM_ID = '0c2f7f5e-9b1a-4d8e-8f3a-6a1b2c3d4e5f'
const FORUM = {
  id: FORUM_ID,
  kind: 'discourse' as const,
  name: 'PyBaMM Forum',
  active: true,
  where: 'https://forum.pybamm.org',
  categories: [],
  maintainerGroups: ['staff'],
  projectAddresses: [],
  apiUsername: 'steward',
  credential: 'stored',
  status: 'failed' as const,
  running: false,
  itemsDone: 30,
  requestsUsed: 12,
  lastSuccessAt: null,
  lastError: 'Could not reach https://forum.pybamm.org after 5 attempts: the request timed out.',
  budgetRemaining: null,
}

type Page = Awaited<ReturnType<typeof getSourcesPage>>
type EditorsPage = Extract<Page, { canEdit: true }>
type ReadersPage = Extract<Page, { canEdit: false }>
function page(overrides: Partial<EditorsPage> = {}): EditorsPage {
  return {
    canEdit: true,
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
    sources: [FORUM],
    ...overrides,
  }
}

/** What a reader (council, fundraising, communications) gets: names only. */
function readersPage(overrides: Partial<ReadersPage> = {}): ReadersPage {
  return {
    canEdit: false,
    repositories: [
      { id: REPO_ID, fullName: 'pybamm-team/PyBaMM', active: true },
      { id: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', fullName: 'pybamm-team/old-docs', active: false },
    ],
    sources: [{ id: FORUM_ID, kind: 'discourse', name: 'PyBaMM Forum', active: true }],
    ...overrides,
  }
}

function renderRoute() {
  const Stub = createRoutesStub([
    {
      path: '/community/sources',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  return render(<Stub initialEntries={['/community/sources']} />)
}

beforeEach(() => {
  user = { id: 'user-1', roles: ['community'] }
  vi.mocked(getSourcesPage).mockResolvedValue(page())
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the sources page: repositories', () => {
  test('shows each kind’s sync from the page data, in words', async () => {
    renderRoute()
    const table = await screen.findByRole('table', { name: 'Sync progress of pybamm-team/PyBaMM' })
    expect(within(table).getByRole('row', { name: /Issues/ }).textContent).toContain('Up to date')
    expect(within(table).getByRole('row', { name: /Issues/ }).textContent).toContain('150 of 150')
    expect(within(table).getByRole('row', { name: /Commits/ }).textContent).toContain('Interrupted (resumes next sync)')
    expect(screen.getByText('4,990 points')).toBeTruthy()
  })

  test('a council reader sees the repository’s name and none of its sync state, error or rate limit', async () => {
    user = { id: 'user-2', roles: ['council'] }
    vi.mocked(getSourcesPage).mockResolvedValue(readersPage())
    renderRoute()
    expect(await screen.findByText('pybamm-team/PyBaMM')).toBeTruthy()
    expect(screen.getByText('pybamm-team/old-docs (no longer synced)')).toBeTruthy()
    // The loader asks the domain for the readers' page, which holds names only.
    expect(getSourcesPage).toHaveBeenCalledWith({ canEdit: false })
    expect(screen.queryByRole('table')).toBeNull()
    expect(screen.queryByText('Last complete sync')).toBeNull()
    expect(screen.queryByText('GitHub budget left')).toBeNull()
    expect(screen.queryByText(/Last error/)).toBeNull()
    expect(screen.queryByText('Maintainers')).toBeNull()
    expect(screen.queryByText(/GITHUB_TOKEN/)).toBeNull()
    expect(screen.queryByRole('button')).toBeNull()
  })

  test('a reader with no source yet is told who adds them', async () => {
    user = { id: 'user-2', roles: ['council'] }
    vi.mocked(getSourcesPage).mockResolvedValue(readersPage({ repositories: [], sources: [] }))
    renderRoute()
    expect(await screen.findByText('No source yet')).toBeTruthy()
    expect(screen.getByText(/The community manager or an admin adds the project’s repositories, forums and mailboxes/)).toBeTruthy()
  })

  test('an editor’s page comes from the domain’s editors’ page', async () => {
    renderRoute()
    await screen.findByRole('table', { name: 'Sync progress of pybamm-team/PyBaMM' })
    expect(getSourcesPage).toHaveBeenCalledWith({ canEdit: true })
  })

  test('“Sync now” queues that repository’s sync', async () => {
    renderRoute()
    await userEvent.click((await screen.findAllByRole('button', { name: 'Sync now' }))[0])
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
    await userEvent.click((await screen.findAllByRole('button', { name: 'Sync now' }))[0])
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
    const request = new Request('http://localhost/community/sources', {
      method: 'POST',
      body: new URLSearchParams({ intent: 'launch' }),
    })
    await expect(route.action({ request, params: {}, context: {} } as never)).rejects.toMatchObject({ init: { status: 400 } })
  })
})

describe('the sources page: forums and mailboxes', () => {
  test('shows a forum’s sync, its last error in words and how its credential is kept, never the credential', async () => {
    renderRoute()
    expect(await screen.findByText('Discourse forum: PyBaMM Forum')).toBeTruthy()
    expect(screen.getByText(/Last error — Could not reach https:\/\/forum.pybamm.org after 5 attempts/)).toBeTruthy()
    expect(screen.getByText('API key stored encrypted')).toBeTruthy()
    expect(screen.getByText(/30 topics written, 12 requests/)).toBeTruthy()
  })

  test('a reader sees the names only', async () => {
    user = { id: 'user-2', roles: ['council'] }
    vi.mocked(getSourcesPage).mockResolvedValue(readersPage())
    renderRoute()
    expect(await screen.findByText('Discourse forum: PyBaMM Forum')).toBeTruthy()
    expect(screen.queryByText(/Last error/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Check and add forum' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull()
  })

  test('an empty list says what to do next', async () => {
    vi.mocked(getSourcesPage).mockResolvedValue(page({ sources: [] }))
    renderRoute()
    expect(await screen.findByText('No forum or mailbox yet')).toBeTruthy()
  })

  test('adding a forum passes the key to the domain and never shows it back, even when refused', async () => {
    vi.mocked(addDiscourseSource).mockRejectedValue(
      new DomainError(
        'https://example.org does not answer like a Discourse forum (HTTP 404 for /site/basic-info.json): check the address.',
        'url',
      ),
    )
    renderRoute()
    await userEvent.type(await screen.findByLabelText('Forum address'), 'https://example.org')
    await userEvent.type(screen.getByLabelText('API username (optional)'), 'steward')
    await userEvent.type(screen.getByLabelText('API key (optional)'), 's3cret-key')
    await userEvent.click(screen.getByRole('button', { name: 'Check and add forum' }))
    expect(await screen.findByText(/does not answer like a Discourse forum/)).toBeTruthy()
    expect(addDiscourseSource).toHaveBeenCalledWith({
      url: 'https://example.org',
      apiUsername: 'steward',
      apiKey: { value: 's3cret-key' },
      categories: [],
      maintainerGroups: [],
      actorId: 'user-1',
    })
    // The refusal the server answers holds no trace of the key.
    const request = new Request('http://localhost/community/sources', {
      method: 'POST',
      body: new URLSearchParams({ intent: 'add-forum', url: 'https://example.org', apiUsername: 'steward', apiKey: 's3cret-key' }),
    })
    const refusal = (await route.action({ request, params: {}, context: {} } as never)) as { data: unknown; init: { status: number } }
    expect(refusal.init.status).toBe(400)
    expect(JSON.stringify(refusal.data)).not.toContain('s3cret-key')
  })

  test('a key without a username is refused next to the username, before anything is sent', async () => {
    renderRoute()
    await userEvent.type(await screen.findByLabelText('Forum address'), 'https://forum.example.org')
    await userEvent.type(screen.getByLabelText('Or the environment variable holding the key'), 'DISCOURSE_API_KEY')
    await userEvent.click(screen.getByRole('button', { name: 'Check and add forum' }))
    expect(await screen.findByText('An API key needs the username it acts as')).toBeTruthy()
    expect(addDiscourseSource).not.toHaveBeenCalled()
  })

  test('adding a mailbox names the password’s variable and the project addresses', async () => {
    vi.mocked(addImapSource).mockResolvedValue({ name: 'project on imap.example.org' } as never)
    renderRoute()
    await userEvent.type(await screen.findByLabelText('IMAP server'), 'imap.example.org')
    await userEvent.type(screen.getByLabelText('User name'), 'project')
    await userEvent.type(screen.getByLabelText('Or the environment variable holding it'), 'MAILBOX_PASSWORD')
    await userEvent.type(screen.getByLabelText('Project addresses'), 'hello@example.org, team@example.org')
    await userEvent.click(screen.getByRole('button', { name: 'Check and add mailbox' }))
    expect(await screen.findByText('Now following project on imap.example.org.')).toBeTruthy()
    expect(addImapSource).toHaveBeenCalledWith({
      host: 'imap.example.org',
      port: undefined,
      tls: true,
      user: 'project',
      password: { envVar: 'MAILBOX_PASSWORD' },
      projectAddresses: ['hello@example.org', 'team@example.org'],
      actorId: 'user-1',
    })
  })

  test('“Sync now” and “Remove” on a forum call the domain with its id', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true)
    vi.mocked(removeSource).mockResolvedValue({ name: 'PyBaMM Forum' } as never)
    renderRoute()
    const buttons = await screen.findAllByRole('button', { name: 'Sync now' })
    await userEvent.click(buttons[1])
    expect(await screen.findByText('Sync queued: progress shows below.')).toBeTruthy()
    expect(queueSourcesSync).toHaveBeenCalledWith({ id: FORUM_ID })
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }))
    expect(await screen.findByText('PyBaMM Forum is no longer synced; its data stays.')).toBeTruthy()
    expect(removeSource).toHaveBeenCalledWith({ id: FORUM_ID, actorId: 'user-1' })
  })

  test('replacing the API key saves it through the domain', async () => {
    vi.mocked(setSourceCredential).mockResolvedValue({ name: 'PyBaMM Forum' } as never)
    renderRoute()
    await userEvent.click(await screen.findByText('Replace the API key'))
    await userEvent.type(screen.getByLabelText('New API key'), 'n3w-key')
    await userEvent.click(screen.getByRole('button', { name: 'Save API key' }))
    expect(await screen.findByText('Credential of PyBaMM Forum saved.')).toBeTruthy()
    expect(setSourceCredential).toHaveBeenCalledWith({ id: FORUM_ID, secret: { value: 'n3w-key' }, actorId: 'user-1' })
  })

  test('the old address redirects here', async () => {
    const old = await import('#app/routes/community.repositories.tsx')
    const response = old.loader({ request: new Request('http://localhost/community/repositories?x=1'), params: {}, context: {} } as never)
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/community/sources?x=1')
  })
})
