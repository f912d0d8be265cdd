// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { getPostPage as GetPostPage } from '#app/domain/communications/pages.server.ts'
import { DomainError } from '#app/domain/errors.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(async () => lead),
  requireRole: vi.fn(async () => lead),
}))
vi.mock('#app/domain/communications/publishing.server.ts', () => ({ retryDelivery: vi.fn() }))
vi.mock('#app/domain/communications/pages.server.ts', () => ({ getPostPage: vi.fn() }))
vi.mock('#app/domain/communications/posts.server.ts', () => ({
  publishPost: vi.fn(),
  setPostStatus: vi.fn(),
  updatePost: vi.fn(),
}))

const { getPostPage } = await import('#app/domain/communications/pages.server.ts')
const { publishPost, setPostStatus, updatePost } = await import('#app/domain/communications/posts.server.ts')
const route = await import('#app/routes/communications.posts.$postId.tsx')

const lead = { id: 'lead-1', name: 'Casey Comms', email: 'casey@example.org', roles: ['communications'] as const }
const X = '00000000-0000-4000-8000-000000000001'
const LINKEDIN = '00000000-0000-4000-8000-000000000002'

type PostPage = NonNullable<Awaited<ReturnType<typeof GetPostPage>>>
const none = { url: null, impressions: null, engagements: null }

/** A draft on X with a LinkedIn text still to write, as the communications lead sees it. */
function draftPage(): PostPage {
  return {
    timeZone: 'UTC',
    post: {
      id: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f',
      title: 'Release 25.10',
      status: 'draft',
      scheduledFor: '2025-10-07T09:00:00.000Z',
      publishedAt: null,
      campaignName: null,
      authorName: 'Casey Comms',
    },
    transitions: ['idea', 'ready', 'scheduled', 'skipped'],
    channels: [
      { id: LINKEDIN, name: 'LinkedIn', kind: 'linkedin', kindLabel: 'LinkedIn', characterLimit: 3000 },
      { id: X, name: 'X', kind: 'x', kindLabel: 'X (Twitter)', characterLimit: 280 },
    ],
    campaigns: [],
    handoff: [
      { channelId: X, channelName: 'X', text: 'PyBaMM 25.10 is out', composeUrl: 'https://twitter.com/intent/tweet?text=x', ...none },
      { channelId: LINKEDIN, channelName: 'LinkedIn', text: 'PyBaMM 25.10', composeUrl: null, ...none },
    ],
    deliveries: [],
    defaultValue: {
      title: 'Release 25.10',
      scheduledFor: '2025-10-07T09:00',
      campaignId: '',
      texts: [
        { channelId: LINKEDIN, text: '' },
        { channelId: X, text: 'PyBaMM 25.10 is out' },
      ],
    },
    publishDefaults: {
      publishedAt: '2025-10-07T09:00',
      channels: [
        { channelId: X, url: '', impressions: '', engagements: '' },
        { channelId: LINKEDIN, url: '', impressions: '', engagements: '' },
      ],
    },
    canEdit: true,
  }
}

function renderPost() {
  const Stub = createRoutesStub([
    {
      path: '/communications/posts/:postId',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={['/communications/posts/0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f']} />)
}

const card = async (title: string) => (await screen.findByRole('heading', { name: title, level: 2 })).closest('section')!

beforeEach(() => {
  vi.mocked(getPostPage).mockResolvedValue(draftPage())
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('a post page', () => {
  test('shows the page data: the post, its texts in the form, the workflow and the hand-off', async () => {
    renderPost()
    expect(await screen.findByRole('heading', { name: 'Release 25.10', level: 1 }, { timeout: 5000 })).toBeTruthy()
    expect(getPostPage).toHaveBeenCalledWith({ user: lead, postId: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f' })
    expect((screen.getByLabelText('X text') as HTMLTextAreaElement).value).toBe('PyBaMM 25.10 is out')
    const workflow = await card('Workflow')
    expect(
      within(workflow)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Back to idea', 'Ready for review', 'Schedule', 'Skip this post'])
    expect(within(await card('Publish hand-off')).getByRole('link', { name: 'Open X composer' })).toBeTruthy()
  })

  test('"Save and schedule" updates the post as scheduled and says so', async () => {
    vi.mocked(updatePost).mockResolvedValue({} as never)
    renderPost()
    await userEvent.click(await screen.findByRole('button', { name: 'Save and schedule' }))
    expect(await screen.findByText('Scheduled.')).toBeTruthy()
    expect(updatePost).toHaveBeenCalledWith({
      id: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f',
      title: 'Release 25.10',
      scheduledFor: '2025-10-07T09:00',
      texts: [{ channelId: LINKEDIN }, { channelId: X, text: 'PyBaMM 25.10 is out' }],
      status: 'scheduled',
      actorId: lead.id,
    })
    expect(setPostStatus).not.toHaveBeenCalled()
  })

  test('a workflow button moves the post to that status', async () => {
    vi.mocked(setPostStatus).mockResolvedValue({} as never)
    renderPost()
    await userEvent.click(within(await card('Workflow')).getByRole('button', { name: 'Skip this post' }))
    expect(await screen.findByText('Now skipped.')).toBeTruthy()
    expect(setPostStatus).toHaveBeenCalledWith({ id: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f', status: 'skipped', actorId: lead.id })
    expect(updatePost).not.toHaveBeenCalled()
  })

  test('a refusal of the workflow shows above its buttons', async () => {
    vi.mocked(setPostStatus).mockRejectedValue(new DomainError('Write the text for at least one channel before asking for review'))
    renderPost()
    const workflow = await card('Workflow')
    await userEvent.click(within(workflow).getByRole('button', { name: 'Ready for review' }))
    expect(await within(workflow).findByText('Write the text for at least one channel before asking for review')).toBeTruthy()
  })

  test('recording the publication sends a link and figures per channel, and a refusal naming a field shows next to it', async () => {
    vi.mocked(publishPost).mockRejectedValue(new DomainError('Choose a valid date and time', 'publishedAt'))
    renderPost()
    const record = await card('Mark as published')
    await userEvent.type(within(record).getByLabelText('Link on X'), 'https://x.com/pybamm/status/1')
    await userEvent.type(within(record).getByLabelText('Impressions on X (optional)'), '1200')
    await userEvent.type(within(record).getByLabelText('Link on LinkedIn'), 'https://www.linkedin.com/feed/update/urn:li:activity:7/')
    await userEvent.type(within(record).getByLabelText('Interactions on LinkedIn (optional)'), '30')
    await userEvent.click(within(record).getByRole('button', { name: 'Mark as published' }))
    await waitFor(() =>
      expect(publishPost).toHaveBeenCalledWith({
        id: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f',
        publishedAt: '2025-10-07T09:00',
        channels: [
          { channelId: X, url: 'https://x.com/pybamm/status/1', impressions: 1200 },
          { channelId: LINKEDIN, url: 'https://www.linkedin.com/feed/update/urn:li:activity:7/', engagements: 30 },
        ],
        actorId: lead.id,
      }),
    )
    const error = await within(record).findByText('Choose a valid date and time')
    expect(within(record).getByLabelText('Published at').getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
  })

  test('a link that is not http(s) is refused next to its own channel’s field, and nothing is sent', async () => {
    renderPost()
    const record = await card('Mark as published')
    await userEvent.type(within(record).getByLabelText('Link on X'), 'https://x.com/pybamm/status/1')
    await userEvent.type(within(record).getByLabelText('Link on LinkedIn'), 'javascript:alert(1)')
    await userEvent.type(within(record).getByLabelText('Impressions on LinkedIn (optional)'), '-3')
    await userEvent.click(within(record).getByRole('button', { name: 'Mark as published' }))
    const urlError = await within(record).findByText('Enter the link to the post on this channel, starting with https://')
    expect(within(record).getByLabelText('Link on LinkedIn').getAttribute('aria-describedby')).toContain(urlError.closest('ul')!.id)
    expect(within(record).getByLabelText('Link on X').getAttribute('aria-invalid')).not.toBe('true')
    const countError = within(record).getByText('Cannot be negative')
    expect(within(record).getByLabelText('Impressions on LinkedIn (optional)').getAttribute('aria-describedby')).toContain(
      countError.closest('ul')!.id,
    )
    expect(publishPost).not.toHaveBeenCalled()
  })

  test('a refusal of one channel’s link by the server shows next to that field', async () => {
    vi.mocked(publishPost).mockRejectedValue(new DomainError('This post has no text on that channel', 'channels[1].url'))
    renderPost()
    const record = await card('Mark as published')
    await userEvent.click(within(record).getByRole('button', { name: 'Mark as published' }))
    const error = await within(record).findByText('This post has no text on that channel')
    expect(within(record).getByLabelText('Link on LinkedIn').getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
  })

  test('an unknown intent is a 400', async () => {
    const body = new FormData()
    body.set('intent', 'delete')
    const request = new Request('http://localhost/communications/posts/0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f', { method: 'POST', body })
    const answer = await route
      .action({ request, params: { postId: '0b6c2f1e-9d4a-4c3b-8e7f-1a2b3c4d5e6f' }, context: {} } as never)
      .catch((error: unknown) => error)
    expect(answer).toMatchObject({ init: { status: 400 } })
    for (const change of [publishPost, setPostStatus, updatePost]) expect(change).not.toHaveBeenCalled()
  })
})
