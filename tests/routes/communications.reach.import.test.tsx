// @vitest-environment jsdom
// The analytics import page's own logic: which intent calls which domain function with which ids,
// what each answer shows (a preview, "changes nothing", a revert's counts, a refusal next to the
// earlier imports), and that an unknown intent is a 400. The domain is a stand-in here;
// app/domain/communications/analytics-imports.server.test.ts tests it against a database.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireRole: vi.fn(async () => lead),
}))
vi.mock('#app/domain/communications/analytics-imports.server.ts', () => ({
  getAnalyticsImportPage: vi.fn(),
  uploadAnalyticsFile: vi.fn(),
  confirmAnalyticsUpload: vi.fn(),
  discardAnalyticsUpload: vi.fn(),
  revertAnalyticsImport: vi.fn(),
}))

const imports = await import('#app/domain/communications/analytics-imports.server.ts')
const route = await import('#app/routes/communications.reach.import.tsx')

const lead = { id: '00000000-0000-4000-8000-000000000001', name: 'Casey Comms', roles: ['communications'] as const }
const X = '00000000-0000-4000-8000-0000000000a1'
const UPLOAD = '11111111-1111-4111-8111-111111111111'
const IMPORT = '22222222-2222-4222-8222-222222222222'

const earlier = {
  id: IMPORT,
  fileName: 'account_overview.csv',
  channelName: 'X',
  firstDay: '2026-10-01',
  lastDay: '2026-10-31',
  postsMatched: 4,
  importedAt: new Date('2026-11-02T10:00:00Z'),
  importedBy: 'Casey Comms',
  revertedAt: null,
}
const page = { channels: [{ id: X, name: 'X', kind: 'x' }], imports: [earlier], upload: null, imported: null, timeZone: 'UTC' }
const preview = {
  fileName: 'content.csv',
  channelName: 'X',
  kind: 'x_content',
  rows: 3,
  firstDay: '2026-11-01',
  lastDay: '2026-11-03',
  sameFile: false,
  followersNote: null,
  matched: [{ postId: '33333333-3333-4333-8333-333333333333', title: 'Release 25.1', impressions: 1200, engagements: 40, changes: true }],
  unmatched: [{ url: 'https://x.com/pybamm/status/1', label: null, day: '2026-11-02', impressions: 90 }],
  followerDays: 0,
  changes: 2,
}

function renderImportPage(path = '/communications/reach/import') {
  const Stub = createRoutesStub([
    {
      path: '/communications/reach/import',
      Component: route.default as never,
      loader: route.loader as never,
      action: route.action as never,
      ErrorBoundary: route.ErrorBoundary,
    },
  ])
  render(<Stub initialEntries={[path]} />)
}

beforeEach(() => {
  vi.mocked(imports.getAnalyticsImportPage).mockResolvedValue(page as never)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('the page asks the domain for the upload and the import named in its address, and lists the earlier imports', async () => {
  renderImportPage(`/communications/reach/import?imported=${IMPORT}`)
  const row = (await screen.findByRole('rowheader', { name: 'account_overview.csv' })).closest('tr')!
  // 2026-10-01 – 2026-10-31, 4 posts matched, imported by Casey
  expect(within(row).getByText('2026-10-01 – 2026-10-31')).toBeTruthy()
  expect(within(row).getByText('4')).toBeTruthy()
  expect(within(row).getByText(/by Casey Comms/)).toBeTruthy()
  expect(imports.getAnalyticsImportPage).toHaveBeenCalledWith({ actorId: lead.id, uploadId: null, importedId: IMPORT })
})

test('a preview shows what the file would change; confirming a file that changes nothing says so and records nothing', async () => {
  vi.mocked(imports.getAnalyticsImportPage).mockResolvedValue({ ...page, upload: { uploadId: UPLOAD, preview } } as never)
  vi.mocked(imports.confirmAnalyticsUpload).mockResolvedValue({ importId: null } as never)
  renderImportPage(`/communications/reach/import?upload=${UPLOAD}`)
  expect(await screen.findByRole('heading', { name: 'Preview: content.csv' })).toBeTruthy()
  // 1 matched post, 1 left out (not planned in Steward)
  expect(screen.getByRole('rowheader', { name: 'Release 25.1' })).toBeTruthy()
  expect(screen.getByText('Unmatched posts (1)')).toBeTruthy()
  await userEvent.click(screen.getByRole('button', { name: 'Import' }))
  await waitFor(() => expect(imports.confirmAnalyticsUpload).toHaveBeenCalledWith({ uploadId: UPLOAD, actorId: lead.id }))
  expect(await screen.findByText(/The file changes nothing/)).toBeTruthy()
  expect(imports.discardAnalyticsUpload).not.toHaveBeenCalled()
})

test('cancelling a preview discards that upload', async () => {
  vi.mocked(imports.getAnalyticsImportPage).mockResolvedValue({ ...page, upload: { uploadId: UPLOAD, preview } } as never)
  renderImportPage(`/communications/reach/import?upload=${UPLOAD}`)
  await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }))
  await waitFor(() => expect(imports.discardAnalyticsUpload).toHaveBeenCalledWith(UPLOAD, lead.id))
  expect(imports.confirmAnalyticsUpload).not.toHaveBeenCalled()
})

test('reverting an import shows what was restored; a refusal shows above the earlier imports', async () => {
  vi.mocked(imports.revertAnalyticsImport).mockResolvedValueOnce({ restored: 7, keptNewer: 2 } as never)
  renderImportPage()
  await userEvent.click(await screen.findByRole('button', { name: 'Revert the import of account_overview.csv' }))
  await waitFor(() => expect(imports.revertAnalyticsImport).toHaveBeenCalledWith({ importId: IMPORT, actorId: lead.id }))
  expect(await screen.findByText('Import reverted: 7 values restored; 2 changed since were kept.')).toBeTruthy()

  vi.mocked(imports.revertAnalyticsImport).mockRejectedValueOnce(new DomainError('This import was already reverted.'))
  await userEvent.click(screen.getByRole('button', { name: 'Revert the import of account_overview.csv' }))
  expect(await screen.findByText('This import was already reverted.')).toBeTruthy()
  expect(imports.revertAnalyticsImport).toHaveBeenCalledTimes(2)
})

test('an unknown intent is a 400 and changes nothing', async () => {
  const body = new FormData()
  body.set('intent', 'delete')
  const request = new Request('http://localhost/communications/reach/import', { method: 'POST', body })
  const answer = await route.action({ request, params: {}, context: {} } as never).catch((error: unknown) => error)
  expect(answer).toMatchObject({ init: { status: 400 } })
  for (const change of [
    imports.uploadAnalyticsFile,
    imports.confirmAnalyticsUpload,
    imports.discardAnalyticsUpload,
    imports.revertAnalyticsImport,
  ])
    expect(change).not.toHaveBeenCalled()
})
