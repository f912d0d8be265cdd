// @vitest-environment jsdom
// The import page's own logic: which intent calls which domain function, that the mapping form's
// nested names (mapping.date, …) reach the domain as one object, and that a refused file or
// mapping is shown next to its field. The domain is a stand-in here; imports.server.test.ts tests it.
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { File as NodeFile } from 'node:buffer'
import { createRoutesStub } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import ImportRoute, { action, loader } from '#app/routes/fundraising.donations.import.tsx'
import * as imports from '#app/domain/fundraising/imports.server.ts'

vi.mock('#app/utils/session.server.ts', () => ({
  requireRole: vi.fn(async () => ({ id: '00000000-0000-4000-8000-000000000001', roles: ['fundraising'] })),
}))
vi.mock('#app/domain/fundraising/imports.server.ts', () => ({
  getDonationImportPage: vi.fn(),
  uploadDonationFile: vi.fn(),
  confirmUpload: vi.fn(),
  discardUpload: vi.fn(),
  revertImport: vi.fn(),
}))

const UPLOAD_ID = '11111111-1111-4111-8111-111111111111'
const BATCH_ID = '22222222-2222-4222-8222-222222222222'
const MAPPING_ID = '33333333-3333-4333-8333-333333333333'

const emptyPage = { batches: [], mappings: [], preview: null, fileError: null, imported: null, timeZone: 'UTC' }

function renderImportPage(url = '/fundraising/donations/import') {
  const Stub = createRoutesStub([
    {
      path: '/fundraising/donations/import',
      Component: ImportRoute as never,
      loader: loader as never,
      action: action as never,
    },
  ])
  return render(<Stub initialEntries={[url]} />)
}

// The browser and the server share one process here: the page's files are jsdom's, the action reads
// Node's from the request. Either is a File, as each is in its own realm.
const JsdomFile = globalThis.File
Object.defineProperty(JsdomFile, Symbol.hasInstance, {
  value: (value: unknown) => Function.prototype[Symbol.hasInstance].call(JsdomFile, value) || value instanceof NodeFile,
})

// jsdom builds a form's data from its own list of chosen files, which user-event cannot fill (it
// stubs the input's files property, the only way to choose a file in jsdom): read that property.
class FormDataWithChosenFiles extends FormData {
  constructor(form?: HTMLFormElement, submitter?: HTMLElement | null) {
    super(form, submitter)
    for (const input of form?.querySelectorAll<HTMLInputElement>('input[type=file][name]') ?? []) {
      if (!input.files?.length) continue
      this.delete(input.name)
      for (const file of input.files) this.append(input.name, file)
    }
  }
}
globalThis.FormData = FormDataWithChosenFiles

const csv = (text = 'Date,Amount\n2025-01-02,10\n') => new File([text], 'statement.csv', { type: 'text/csv' })

beforeEach(() => {
  vi.mocked(imports.getDonationImportPage).mockResolvedValue(emptyPage as never)
})
afterEach(() => {
  cleanup()
  vi.clearAllMocks()
})

test('the page shows what the domain gives it: earlier imports and saved mappings', async () => {
  vi.mocked(imports.getDonationImportPage).mockResolvedValue({
    ...emptyPage,
    mappings: [{ id: MAPPING_ID, name: 'NumFOCUS statement', mapping: {} }],
    batches: [
      {
        id: BATCH_ID,
        fileName: 'oc.csv',
        sha256: 'ab'.repeat(32),
        format: 'opencollective',
        source: 'opencollective',
        rows: 4,
        inserted: 2,
        duplicates: 0,
        skipped: 2,
        errors: 0,
        importedAt: new Date('2025-03-01T10:00:00Z'),
        importedBy: 'Fay Lead',
        revertedAt: null,
        revertedBy: null,
      },
    ],
  } as never)
  renderImportPage('/fundraising/donations/import?imported=' + BATCH_ID)
  expect(await screen.findByRole('cell', { name: 'Open Collective transactions' })).toBeTruthy()
  expect(screen.getByRole('option', { name: 'NumFOCUS statement' })).toBeTruthy()
  expect(imports.getDonationImportPage).toHaveBeenCalledWith({
    actorId: '00000000-0000-4000-8000-000000000001',
    uploadId: null,
    importedId: BATCH_ID,
  })
})

test('the mapping form’s nested names reach the domain as one mapping object, then the preview opens', async () => {
  vi.mocked(imports.uploadDonationFile).mockResolvedValue(UPLOAD_ID)
  const user = userEvent.setup()
  renderImportPage()
  await user.upload(await screen.findByLabelText('File'), csv())
  await user.selectOptions(screen.getByLabelText('Format'), 'generic')
  await user.selectOptions(screen.getByLabelText('Source'), 'other')
  await user.type(screen.getByLabelText('Date column'), 'Date')
  await user.type(screen.getByLabelText('Date format'), 'dd/MM/yyyy')
  await user.type(screen.getByLabelText('Amount column'), 'Amount')
  await user.type(screen.getByLabelText('Currency (fixed)'), 'eur')
  await user.click(screen.getByLabelText(/decimal comma/))
  await user.type(screen.getByLabelText('Save this mapping as'), 'Fiscal host')
  await user.click(screen.getByRole('button', { name: 'Preview the import' }))

  await vi.waitFor(() => expect(imports.uploadDonationFile).toHaveBeenCalledTimes(1))
  const input = vi.mocked(imports.uploadDonationFile).mock.calls[0][0]
  expect(input).toMatchObject({
    format: 'generic',
    mappingName: 'Fiscal host',
    actorId: '00000000-0000-4000-8000-000000000001',
    mapping: { source: 'other', date: 'Date', dateFormat: 'dd/MM/yyyy', amount: 'Amount', currency: 'eur', decimalComma: true },
  })
  // (vitest's jsdom bridge sends the file's bytes without its name)
  expect(await input.file.text()).toBe('Date,Amount\n2025-01-02,10\n')
  // the redirect to the preview asks the page for this upload
  await vi.waitFor(() => expect(imports.getDonationImportPage).toHaveBeenLastCalledWith(expect.objectContaining({ uploadId: UPLOAD_ID })))
})

test('an incomplete mapping is refused next to its fields, and nothing is uploaded', async () => {
  const user = userEvent.setup()
  renderImportPage()
  await user.upload(await screen.findByLabelText('File'), csv())
  await user.selectOptions(screen.getByLabelText('Format'), 'generic')
  await user.type(screen.getByLabelText('Amount column'), 'Amount')
  await user.click(screen.getByRole('button', { name: 'Preview the import' }))

  expect(await screen.findByText('say which column holds the date')).toBeTruthy()
  expect(screen.getByLabelText('Date column').getAttribute('aria-invalid')).toBe('true')
  expect(imports.uploadDonationFile).not.toHaveBeenCalled()
})

test('a file the importer cannot read is explained next to the file field', async () => {
  vi.mocked(imports.getDonationImportPage).mockResolvedValue({
    ...emptyPage,
    fileError: 'The file is not UTF-8 text. Export it again as CSV (UTF-8).',
  } as never)
  renderImportPage('/fundraising/donations/import?upload=' + UPLOAD_ID)
  const message = await screen.findByText('The file is not UTF-8 text. Export it again as CSV (UTF-8).')
  const file = screen.getByLabelText('File')
  expect(file.getAttribute('aria-describedby')).toContain(message.closest('ul')!.id)
})

test('confirming imports the upload; a refusal is shown on the preview', async () => {
  vi.mocked(imports.getDonationImportPage).mockResolvedValue({
    ...emptyPage,
    preview: {
      uploadId: UPLOAD_ID,
      fileName: 'oc.csv',
      format: 'opencollective',
      source: 'opencollective',
      rows: 4,
      toAddCount: 2,
      toAdd: [],
      // 3 found under their transaction id + 1 synced from the API and met on the details = 4
      duplicatesCount: 4,
      duplicatesBy: { id: 3, details: 1, file: 0 },
      duplicates: [],
      skippedCount: 2,
      skipped: [],
      errors: [],
      errorsCount: 0,
      refunds: 0,
      sameFile: null,
      totals: [{ currency: 'USD', gross: 20000, fees: 2640, net: 17360, count: 2, grossUnknown: 1 }],
      notices: ['This export has no "Gross Amount"'],
    },
  } as never)
  const { DomainError } = await import('#app/domain/errors.ts')
  vi.mocked(imports.confirmUpload).mockRejectedValue(new DomainError('This upload has expired: upload the file again.'))
  const user = userEvent.setup()
  renderImportPage('/fundraising/donations/import?upload=' + UPLOAD_ID)
  expect(await screen.findByText('$200.00 gross, $173.60 net (gross includes 1 donation recorded at net (gross unknown))')).toBeTruthy()
  expect(screen.getByText('3 already imported (same transaction id) · 1 matched on date, amount, currency and donor')).toBeTruthy()
  expect(screen.getByText('This export has no "Gross Amount"')).toBeTruthy() // what the reader says about the file
  await user.click(screen.getByRole('button', { name: 'Import 2 donations' }))

  expect(await screen.findByText('This upload has expired: upload the file again.')).toBeTruthy()
  expect(imports.confirmUpload).toHaveBeenCalledWith({ uploadId: UPLOAD_ID, actorId: '00000000-0000-4000-8000-000000000001' })
  expect(imports.discardUpload).not.toHaveBeenCalled()
})

test('cancel forgets the upload; revert calls the domain and says how many donations were voided', async () => {
  const form = (fields: Record<string, string>) => {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    return new Request('http://localhost/fundraising/donations/import', { method: 'POST', body })
  }
  const call = (request: Request) =>
    (action as (args: { request: Request; params: object; context: object }) => unknown)({ request, params: {}, context: {} })

  const cancelled = (await call(form({ intent: 'cancel', uploadId: UPLOAD_ID }))) as Response
  expect(cancelled.status).toBe(302)
  expect(cancelled.headers.get('Location')).toBe('/fundraising/donations/import')
  expect(imports.discardUpload).toHaveBeenCalledWith(UPLOAD_ID)

  vi.mocked(imports.revertImport).mockResolvedValue({ voided: 2, refundsUnmarked: 1, historyRemoved: 0, rewound: false })
  const reverted = (await call(form({ intent: 'revert', batchId: BATCH_ID }))) as { reverted: number; result: { status: string } }
  expect(reverted.reverted).toBe(2)
  expect(reverted).toMatchObject({ unmarked: 1 })
  expect(reverted.result.status).toBe('success')
  expect(imports.revertImport).toHaveBeenCalledWith({ batchId: BATCH_ID, actorId: '00000000-0000-4000-8000-000000000001' })

  await expect(call(form({ intent: 'delete-everything' }))).rejects.toMatchObject({ init: { status: 400 } })
})
