// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { assembleReportData } from '#app/domain/reports/assemble.ts'
import { buildDocument, type NarrativeEntry } from '#app/domain/reports/document.ts'
import type { ReportPage } from '#app/domain/reports/pages.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { REPORT_SECTIONS, type ReportSection } from '#app/domain/reports/vocabulary.ts'
import { fakeProviders, fixedDataset } from '#tests/factories/reports.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireUser: vi.fn(async () => lead),
  requireRole: vi.fn(async () => lead),
}))
vi.mock('#app/domain/reports/pages.server.ts', () => ({ getReportPage: vi.fn() }))
vi.mock('#app/domain/reports/reports.server.ts', () => ({
  correctReport: vi.fn(),
  generateReport: vi.fn(),
  publishReport: vi.fn(),
  saveNarrative: vi.fn(),
  setSectionReady: vi.fn(),
}))

const { getReportPage } = await import('#app/domain/reports/pages.server.ts')
const { correctReport, generateReport, publishReport, saveNarrative, setSectionReady } =
  await import('#app/domain/reports/reports.server.ts')
const route = await import('#app/routes/reports.$quarter.tsx')

const lead = { id: 'lead-1', name: 'Casey Comms', email: 'casey@example.org', roles: ['communications'] as const }

const narrative = (overrides: Partial<NarrativeEntry> = {}): NarrativeEntry => ({
  markdown: '',
  updatedBy: null,
  updatedAt: null,
  ready: false,
  readyBy: null,
  readyAt: null,
  ...overrides,
})

/** A 2025-Q3 draft from the report tests' fixed dataset, as the communications lead sees it. */
async function draftPage(overrides: { status?: 'draft' | 'in_review' | 'published'; version?: number } = {}): Promise<ReportPage> {
  const data = await assembleReportData({
    quarter: '2025-Q3',
    projectName: 'PyBaMM',
    timeZone: 'UTC',
    providers: fakeProviders(fixedDataset()),
    now: new Date('2025-10-02T09:00:00Z'),
  })
  const narratives = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, narrative()])) as Record<ReportSection, NarrativeEntry>
  narratives.communications = narrative({ markdown: 'We kept the **fortnightly** cadence.', updatedBy: 'Casey Comms' })
  const status = overrides.status ?? 'draft'
  const version = overrides.version ?? 1
  const document = buildDocument(
    { ...data, charts: data.charts.map((c) => ({ ...c, rows: [] })) },
    { status, version, publishedAt: null, publishedBy: null, correctionOf: null, correctionReason: null, supersededBy: null },
    narratives,
  )
  const open = status !== 'published'
  return {
    reportId: 'report-1',
    document,
    html: { communications: '<p>We kept the <strong>fortnightly</strong> cadence.</p>', community: '', fundraising: '', highlights: '' },
    versions: [{ id: 'report-1', version, status, generatedAt: new Date(document.generatedAt), publishedAt: null }],
    isLatest: true,
    can: {
      edit: { communications: open, community: false, fundraising: false, highlights: open },
      refresh: open,
      publish: false,
      correct: !open,
    },
  }
}

function renderReport() {
  const Stub = createRoutesStub([
    {
      path: '/reports/:quarter',
      Component: route.default,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={['/reports/2025-Q3']} />)
}

/** The card of one section, found by its heading once the page is there. */
const card = async (title: string) => (await screen.findByRole('heading', { name: title, level: 2 })).closest('section')!

beforeEach(async () => {
  vi.mocked(getReportPage).mockResolvedValue(await draftPage())
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

describe('the report page', () => {
  test('shows the page data: the status, the headline numbers, the narratives and who may act', async () => {
    renderReport()
    expect(await screen.findByRole('heading', { name: '2025-Q3 report', level: 1 })).toBeTruthy()
    expect(vi.mocked(getReportPage)).toHaveBeenCalledWith({ user: lead, quarter: '2025-Q3', version: undefined })
    expect(screen.getByText('Draft')).toBeTruthy()
    expect(within(await card('Communications')).getByRole('rowheader', { name: /Posts published/ })).toBeTruthy()
    expect(within(await card('Communications')).getByText('fortnightly').tagName).toBe('STRONG')
    expect(within(await card('Communications')).getByRole('button', { name: 'Edit narrative' })).toBeTruthy()
    expect(within(await card('Community')).queryByRole('button', { name: 'Write narrative' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Refresh the numbers' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Publish/ })).toBeNull()
  })

  test('marking a section ready sends that section of that report to setSectionReady', async () => {
    vi.mocked(setSectionReady).mockResolvedValue({ status: 'in_review' })
    renderReport()
    await userEvent.click(await within(await card('Communications')).findByRole('button', { name: 'Mark communications ready' }))
    await waitFor(() => expect(setSectionReady).toHaveBeenCalledTimes(1))
    expect(setSectionReady).toHaveBeenCalledWith({ reportId: 'report-1', section: 'communications', ready: true, actor: lead })
    expect(saveNarrative).not.toHaveBeenCalled()
  })

  test('a narrative is saved with its section, and a refusal naming the text shows under it', async () => {
    vi.mocked(saveNarrative).mockRejectedValue(new DomainError('The PDF cannot print this character', 'markdown'))
    renderReport()
    const communications = await card('Communications')
    await userEvent.click(await within(communications).findByRole('button', { name: 'Edit narrative' }))
    const box = within(communications).getByLabelText('Narrative for communications (Markdown)')
    await userEvent.clear(box)
    await userEvent.type(box, 'Six posts on X.')
    await userEvent.click(within(communications).getByRole('button', { name: 'Save narrative' }))
    await waitFor(() =>
      expect(saveNarrative).toHaveBeenCalledWith({
        reportId: 'report-1',
        section: 'communications',
        markdown: 'Six posts on X.',
        actor: lead,
      }),
    )
    const error = await within(communications).findByText('The PDF cannot print this character')
    expect(box.getAttribute('aria-describedby')).toContain(error.closest('ul')!.id)
    expect(box.getAttribute('aria-invalid')).toBe('true')
  })

  test("zod's own message reaches the narrative field, and nothing is sent", async () => {
    renderReport()
    const highlights = await card('Highlights and asks for the council')
    await userEvent.click(await within(highlights).findByRole('button', { name: 'Write narrative' }))
    const box = within(highlights).getByLabelText(/Narrative for highlights/)
    // 20,001 characters: one over the limit
    await userEvent.click(box)
    await userEvent.paste('x'.repeat(20_001))
    await userEvent.click(within(highlights).getByRole('button', { name: 'Save narrative' }))
    expect(await within(highlights).findByText('Keep it under 20,000 characters')).toBeTruthy()
    expect(saveNarrative).not.toHaveBeenCalled()
  })

  test('refreshing generates the quarter again and says what happened', async () => {
    vi.mocked(generateReport).mockResolvedValue({ report: {} as never, outcome: 'refreshed' })
    renderReport()
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh the numbers' }))
    // a redirect and the page's loader again: slower than one render on a busy machine
    expect(await screen.findByText(/The numbers were refreshed/, {}, { timeout: 10_000 })).toBeTruthy()
    expect(generateReport).toHaveBeenCalledWith({ quarter: '2025-Q3', actor: lead })
    expect(publishReport).not.toHaveBeenCalled()
  })

  test('a correction the domain refuses shows its message in the correction form', async () => {
    vi.mocked(getReportPage).mockResolvedValue(await draftPage({ status: 'published' }))
    vi.mocked(correctReport).mockRejectedValue(new DomainError('Version 2 of 2025-Q3 is not published yet: edit it instead'))
    renderReport()
    await userEvent.type(await screen.findByLabelText('Correct this report'), 'A donation was imported late')
    await userEvent.click(screen.getByRole('button', { name: 'Start version 2' }))
    expect(await screen.findByText('Version 2 of 2025-Q3 is not published yet: edit it instead')).toBeTruthy()
    expect(correctReport).toHaveBeenCalledWith({ quarter: '2025-Q3', reason: 'A donation was imported late', actor: lead })
  })

  test('an unknown intent is a 400', async () => {
    const body = new FormData()
    body.set('intent', 'delete-everything')
    const request = new Request('http://localhost/reports/2025-Q3', { method: 'POST', body })
    const answer = await route.action({ request, params: { quarter: '2025-Q3' }, context: {} } as never).catch((error: unknown) => error)
    expect(answer).toMatchObject({ init: { status: 400 } })
    for (const change of [saveNarrative, setSectionReady, generateReport, publishReport, correctReport])
      expect(change).not.toHaveBeenCalled()
  })
})
