// @vitest-environment jsdom
// The triage page's own logic, without a browser or a database: which intent calls which domain
// function with what, and that a refusal shows next to the field of the thread it concerns.
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
vi.mock('#app/domain/community/pages.server.ts', () => ({ getTriagePage: vi.fn() }))
vi.mock('#app/domain/community/triage.server.ts', () => ({
  markHandledElsewhere: vi.fn(),
  snoozeItemUntilDay: vi.fn(),
  returnToQueue: vi.fn(),
  saveResponseTargetHours: vi.fn(),
}))

const { getTriagePage } = await import('#app/domain/community/pages.server.ts')
const { markHandledElsewhere, snoozeItemUntilDay, returnToQueue, saveResponseTargetHours } =
  await import('#app/domain/community/triage.server.ts')
const route = await import('#app/routes/community.triage.tsx')

let user = { id: 'user-1', roles: ['community'] }
const FIRST = '0f6d3c1a-6a57-4b0e-9d5e-2f8f1c2b7a10'
const SECOND = '7c2b1e4d-2f3a-4e6b-8a9c-1d2e3f4a5b6c'
const SET_ASIDE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

function item(id: string, number: number, overrides: object = {}) {
  return {
    id,
    kind: 'issue' as const,
    repository: 'pybamm-team/PyBaMM',
    number,
    title: `Thread ${number}`,
    url: `https://github.com/pybamm-team/PyBaMM/issues/${number}`,
    authorLogin: 'newcomer',
    category: null,
    createdAt: new Date('2026-03-01T12:00:00Z'),
    ageHours: 100,
    overTarget: true,
    ...overrides,
  }
}

function renderRoute() {
  const Stub = createRoutesStub([
    {
      path: '/community/triage',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      HydrateFallback: () => null,
    },
  ])
  return render(<Stub initialEntries={['/community/triage']} />)
}

const FORUM_TOPIC = '7d1f7f0a-2b61-4c55-9a57-0d1f5b0e1c9e'
const FORUM_SOURCE = '3d1f4c55-9a57-4d1f-8f0a-2b615b0e1c9e'
const MAILBOX_SOURCE = '5b0e1c9e-9a57-4d1f-8f0a-2b613d1f4c55'
const threads = async () => screen.findAllByTestId('triage-item')
const MAILBOX = 'help@pybamm.org on imap.example.org'
const GRACE = `email:${MAILBOX_SOURCE}:q5@example.com`
const KARL = `email:${MAILBOX_SOURCE}:k1@example.de`
const SET_ASIDE_EMAIL = `email:${MAILBOX_SOURCE}:t1@example.org`

function email(id: string, overrides: { subject: string; senderName: string; senderAddress: string; ageHours: number }) {
  return {
    id,
    kind: 'email' as const,
    sourceId: MAILBOX_SOURCE,
    mailbox: MAILBOX,
    threadId: id.split(':')[2]!,
    messageId: id.split(':')[2]!,
    createdAt: new Date(Date.parse('2026-03-05T17:00:00Z') - overrides.ageHours * 3_600_000),
    overTarget: overrides.ageHours > 48,
    ...overrides,
  }
}

/** The page data a viewer without the community role gets: e-mail threads without subject, sender or Message-ID. */
function withoutSenders<T extends { queue: object[] }>(page: T): T {
  return {
    ...page,
    withSenders: false,
    queue: page.queue.map((i) =>
      'mailbox' in i ? { ...i, threadId: null, subject: null, messageId: null, senderName: null, senderAddress: null } : i,
    ),
  }
}

beforeEach(() => {
  user = { id: 'user-1', roles: ['community'] }
  vi.mocked(getTriagePage).mockResolvedValue({
    queue: [
      item(FIRST, 12),
      item(SECOND, 13, { kind: 'discussion', category: 'Q&A', ageHours: 5, overTarget: false }),
      {
        id: FORUM_TOPIC,
        kind: 'forum',
        sourceId: FORUM_SOURCE,
        repository: 'PyBaMM Forum',
        number: 77,
        title: 'Which solver for a drive cycle?',
        url: 'https://forum.pybamm.org/t/which-solver-for-a-drive-cycle/77',
        authorLogin: 'newcomer',
        category: 'Q&A',
        createdAt: new Date('2026-03-04T12:00:00Z'),
        ageHours: 60,
        overTarget: true,
      },
      // e-mail threads, in the same queue (the domain merges and orders it; the page shows it as given)
      email(GRACE, { subject: 'Segfault on import', senderName: 'Grace', senderAddress: 'grace@example.com', ageHours: 72 }),
      email(KARL, { subject: 'Frage zur Lizenz', senderName: '', senderAddress: 'karl@example.de', ageHours: 28 }),
    ],
    total: 5,
    overTarget: 3,
    firstShown: 1,
    page: 1,
    pageCount: 1,
    pageSize: 50,
    withSenders: true,
    setAside: [
      {
        id: SET_ASIDE,
        kind: 'issue',
        label: '#9 Answered on the forum',
        url: 'https://github.com/pybamm-team/PyBaMM/issues/9',
        handledAt: new Date('2026-03-02T00:00:00Z'),
        handledNote: 'the forum',
        snoozedUntil: null,
        updatedAt: new Date('2026-03-02T00:00:00Z'),
      },
      {
        id: SET_ASIDE_EMAIL,
        kind: 'email',
        label: 'help@pybamm.org on imap.example.org: Travel grant',
        url: null,
        handledAt: null,
        handledNote: null,
        snoozedUntil: new Date('2026-03-09T00:00:00Z'),
        updatedAt: new Date('2026-03-01T00:00:00Z'),
      },
    ],
    targetHours: 48,
    timeZone: 'UTC',
    today: '2026-03-05',
    repositories: [{ value: 'r1', label: 'pybamm-team/PyBaMM' }],
    repositoryId: '',
    sources: [
      { value: 'github', label: 'GitHub' },
      { value: FORUM_SOURCE, label: 'PyBaMM Forum' },
    ],
    source: '',
  })
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the triage page', () => {
  test('e-mail threads wait in the same queue, with mailbox, sender, subject, Message-ID and age against the target', async () => {
    renderRoute()
    const [, , , grace, karl] = await threads()
    expect(grace!.dataset.kind).toBe('email')
    expect(grace!.textContent).toContain('E-mail · help@pybamm.org on imap.example.org · from Grace <grace@example.com>')
    expect(grace!.textContent).toContain('Segfault on import')
    expect(grace!.textContent).toContain('Message-ID: <q5@example.com>')
    // 72 h waiting against a 48 h target: 3 days, 24 h over (formatAge keeps hours under 2 days)
    expect(grace!.textContent).toContain('waiting 3 days · 24 h over target')
    expect(karl!.textContent).toContain('from karl@example.de')
    expect(karl!.textContent).not.toContain('over target')
    // no separate e-mail block any more: the totals in the description are the queue's
    expect(screen.queryAllByTestId('triage-email')).toHaveLength(0)
    expect(screen.getByText(/3 of 5 are over it\.$/)).toBeTruthy()
  })

  test('an e-mail thread is snoozed from the queue by its e-mail id, and one set aside shows by mailbox and subject', async () => {
    renderRoute()
    const grace = (await threads())[3]!
    expect(within(grace).queryByRole('link')).toBeNull()
    await userEvent.click(within(grace).getByText('Snooze…'))
    await userEvent.type(within(grace).getByLabelText('Until'), '2026-03-12')
    await userEvent.click(within(grace).getByRole('button', { name: 'Snooze' }))
    expect(await screen.findByText('Snoozed until 2026-03-12.', {}, { timeout: 5000 })).toBeTruthy()
    expect(snoozeItemUntilDay).toHaveBeenCalledWith({ itemId: GRACE, until: '2026-03-12', actorId: 'user-1' })
    expect(screen.getByText('help@pybamm.org on imap.example.org: Travel grant')).toBeTruthy()
    expect(screen.getByText('Snoozed until 9 Mar 2026')).toBeTruthy()
  })

  test('without the community role an e-mail thread shows its mailbox and age: no subject, no sender', async () => {
    user = { id: 'user-2', roles: ['council'] }
    const page = await vi.mocked(getTriagePage).getMockImplementation()!(new URLSearchParams(), { roles: ['council'] })
    vi.mocked(getTriagePage).mockResolvedValue(withoutSenders(page))
    renderRoute()
    const grace = (await threads())[3]!
    expect(grace.textContent).toContain('E-mail · help@pybamm.org on imap.example.org · received')
    expect(grace.textContent).toContain('its subject and sender are shown to the community and admin roles only')
    expect(grace.textContent).toContain('waiting 3 days · 24 h over target')
    expect(document.body.textContent).not.toContain('grace@example.com')
    expect(document.body.textContent).not.toContain('Segfault on import')
    expect(document.body.textContent).not.toContain('Message-ID')
    expect(getTriagePage).toHaveBeenCalledWith(expect.any(URLSearchParams), user)
  })

  test('lists the waiting threads from the page data, with their age against the target', async () => {
    renderRoute()
    const [first, second] = await threads()
    expect(first.textContent).toContain('Issue · pybamm-team/PyBaMM#12')
    expect(first.textContent).toContain('waiting 4 days 4 h · 2 days 4 h over target')
    expect(second.textContent).toContain('Discussion · Q&A · pybamm-team/PyBaMM#13')
    expect(screen.getByText('Handled elsewhere: the forum')).toBeTruthy()
  })

  test('a forum topic shows its forum and category, links to the forum, and can be marked handled like any thread', async () => {
    renderRoute()
    const forum = (await threads())[2]
    expect(forum.textContent).toContain('Forum topic · Q&A · PyBaMM Forum · by newcomer')
    expect(forum.textContent).toContain('waiting 2 days 12 h · 12 h over target')
    expect(within(forum).getByRole('link').getAttribute('href')).toBe('https://forum.pybamm.org/t/which-solver-for-a-drive-cycle/77')
    expect(screen.getByLabelText('Source')).toBeTruthy()
    await userEvent.click(within(forum).getByText('Handled elsewhere…'))
    await userEvent.type(within(forum).getByLabelText('Where was it handled?'), 'Answered on GitHub')
    await userEvent.click(within(forum).getByRole('button', { name: 'Mark handled' }))
    expect(await screen.findByText('Marked as handled elsewhere.')).toBeTruthy()
    expect(markHandledElsewhere).toHaveBeenCalledWith({ itemId: FORUM_TOPIC, note: 'Answered on GitHub', actorId: 'user-1' })
  })

  test('a reader sees the queue without its forms', async () => {
    user = { id: 'user-2', roles: ['council'] }
    renderRoute()
    await threads()
    expect(screen.queryByText('Handled elsewhere…')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Put back' })).toBeNull()
  })

  test('“Mark handled” asks where first, then marks that thread with the note', async () => {
    renderRoute()
    const [, second] = await threads()
    await userEvent.click(within(second).getByText('Handled elsewhere…'))
    await userEvent.click(within(second).getByRole('button', { name: 'Mark handled' }))
    expect(await within(second).findByText('Say where it was handled')).toBeTruthy()
    expect(markHandledElsewhere).not.toHaveBeenCalled()

    await userEvent.type(within(second).getByLabelText('Where was it handled?'), 'Answered on the forum')
    await userEvent.click(within(second).getByRole('button', { name: 'Mark handled' }))
    expect(await screen.findByText('Marked as handled elsewhere.')).toBeTruthy()
    expect(markHandledElsewhere).toHaveBeenCalledWith({ itemId: SECOND, note: 'Answered on the forum', actorId: 'user-1' })
  })

  test('a snooze the domain refuses shows next to that thread’s date, not the other’s', async () => {
    vi.mocked(snoozeItemUntilDay).mockRejectedValue(new DomainError('Pick a date in the future.', 'until'))
    renderRoute()
    const [first, second] = await threads()
    await userEvent.click(within(first).getByText('Snooze…'))
    await userEvent.type(within(first).getByLabelText('Until'), '2026-03-01')
    await userEvent.click(within(first).getByRole('button', { name: 'Snooze' }))
    const error = await within(first).findByText('Pick a date in the future.')
    expect(within(first).getByLabelText('Until').getAttribute('aria-describedby')).toBe(error.closest('ul')!.id)
    expect(within(second).queryByText('Pick a date in the future.')).toBeNull()
    expect(snoozeItemUntilDay).toHaveBeenCalledWith({ itemId: FIRST, until: '2026-03-01', actorId: 'user-1' })
  })

  test('“Put back” returns a thread set aside to the queue', async () => {
    renderRoute()
    await userEvent.click((await screen.findAllByRole('button', { name: 'Put back' }))[0]!)
    expect(await screen.findByText('Back in the queue.')).toBeTruthy()
    expect(returnToQueue).toHaveBeenCalledWith({ itemId: SET_ASIDE, actorId: 'user-1' })
  })

  test('the response target is saved in whole hours, and refused out of range next to its field', async () => {
    renderRoute()
    const field = await screen.findByLabelText('Hours until a thread counts as over target')
    await userEvent.clear(field)
    await userEvent.type(field, '5000')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('At most 90 days')).toBeTruthy()
    expect(saveResponseTargetHours).not.toHaveBeenCalled()

    await userEvent.clear(field)
    await userEvent.type(field, '24')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Response target set to 24 h.')).toBeTruthy()
    expect(saveResponseTargetHours).toHaveBeenCalledWith({ targetHours: 24, actorId: 'user-1' })
  })

  test('an unknown intent is a 400', async () => {
    const request = new Request('http://localhost/community/triage', { method: 'POST', body: new URLSearchParams({ intent: 'close' }) })
    await expect(route.action({ request, params: {}, context: {} } as never)).rejects.toMatchObject({ init: { status: 400 } })
  })
})
