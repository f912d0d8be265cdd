import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents, quarterlyReports } from '#db/schema/index.ts'
import { insertUser } from '#tests/factories/accounts.ts'
import { DONOR_NAMES, fakeProviders, fixedDataset } from '#tests/factories/reports.ts'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { updateOrganisationSettings } from '#app/domain/settings/settings.server.ts'
import { ReportDocumentSchema } from './document-schema.ts'
import { renderReportMarkdown } from './markdown-report.ts'
import { renderReportPdf } from './pdf.server.ts'
import { extractPdfText } from './pdf-text.ts'
import {
  correctReport,
  createDueDraft,
  generateReport,
  getReportDocument,
  listReportArchive,
  publishReport,
  ReportForbiddenError,
  saveNarrative,
  setSectionReady,
} from './reports.server.ts'
import { councilWeekCard, pendingReportSectionsFor, reportWeekItemsFor } from './this-week.server.ts'
import type { ReportDocument } from './document.ts'
import { REPORT_SECTIONS } from './vocabulary.ts'

setupTestDatabase()

async function people() {
  return {
    communications: await insertUser({ roles: ['communications'] }),
    community: await insertUser({ roles: ['community'] }),
    fundraising: await insertUser({ roles: ['fundraising'], name: 'Fran Fundraising' }),
    council: await insertUser({ roles: ['council'], name: 'Robin Council' }),
    admin: await insertUser({ roles: ['admin'] }),
  }
}

type People = Awaited<ReturnType<typeof people>>

async function readyAll(reportId: string, p: People) {
  await setSectionReady({ reportId, section: 'communications', ready: true, actor: p.communications })
  await setSectionReady({ reportId, section: 'community', ready: true, actor: p.community })
  await setSectionReady({ reportId, section: 'fundraising', ready: true, actor: p.fundraising })
  await setSectionReady({ reportId, section: 'highlights', ready: true, actor: p.fundraising })
}

const headline = (doc: ReportDocument, key: string) => doc.headlines.find((h) => h.key === key)!

describe('assembly on a fixed dataset', () => {
  test('headline numbers compare with the previous quarter and the same quarter a year before', async () => {
    const p = await people()
    const dataset = fixedDataset()
    const started = performance.now()
    const { outcome } = await generateReport({ quarter: '2025-Q3', actor: p.communications, providers: fakeProviders(dataset) })
    const elapsed = performance.now() - started
    console.log(`report generation with the fake providers: ${elapsed.toFixed(0)} ms`)
    expect(outcome).toBe('created')
    const doc = (await getReportDocument('2025-Q3'))!

    expect(doc).toMatchObject({
      quarter: '2025-Q3',
      status: 'draft',
      version: 1,
      previousQuarter: '2025-Q2',
      sameQuarterLastYear: '2024-Q3',
    })
    expect(doc.period).toEqual({ start: '2025-07-01', end: '2025-09-30', timeZone: 'UTC' })
    // Q3: 250.00 + 100.00 + 150.00 (the 1 October donation is outside); fees 12.50 + 5.00
    expect(doc.fundraising.totals).toEqual({ gross: 50_000, fees: 1_750, net: 48_250, donations: 3, donors: 3 })
    expect(headline(doc, 'totals.gross')).toMatchObject({
      unit: 'money',
      currency: 'USD',
      value: 50_000,
      previous: 40_000,
      yearBefore: 40_000,
      changeVsPrevious: { absolute: 10_000, relative: 0.25 },
      changeVsYearBefore: { absolute: 10_000, relative: 0.25 },
    })
    // one first-time donor in each quarter compared
    expect(headline(doc, 'newDonors')).toMatchObject({
      value: 1,
      previous: 1,
      yearBefore: 1,
      changeVsPrevious: { absolute: 0, relative: 0 },
    })
    // 400.00 of 500.00 recurring, against 250.00 of 400.00: +17.5 points
    expect(headline(doc, 'recurringShare')).toMatchObject({ value: 0.8, previous: 0.625, changeVsPrevious: { absolute: 0.175 } })
    // 4 posts against 1 and 0: a relative change from 0 cannot be computed
    expect(headline(doc, 'postsPublished')).toMatchObject({
      value: 4,
      previous: 1,
      yearBefore: 0,
      changeVsPrevious: { absolute: 3, relative: 3 },
      changeVsYearBefore: { absolute: 4, relative: null },
    })
    // community has no data a year before: null, never a made-up zero
    expect(headline(doc, 'newContributors')).toMatchObject({
      value: 12,
      previous: 8,
      yearBefore: null,
      changeVsPrevious: { absolute: 4, relative: 0.5 },
      changeVsYearBefore: null,
    })
    expect(headline(doc, 'timeToFirstResponseHours.issues.median')).toMatchObject({
      value: 18.5,
      previous: 24,
      changeVsPrevious: { absolute: -5.5, relative: -0.229167 },
    })
    expect(headline(doc, 'contributorAbsenceFactor').value).toBeNull()
    // an area's own definition wins over the default one
    expect(headline(doc, 'newContributors').definition).toBe('Fixed test dataset; bots excluded.')

    const monthly = doc.charts.find((c) => c.name === 'fundraising-monthly')!
    expect(monthly.rows).toEqual([
      { month: '2025-07', gross: 25_000, fees: 1_250, net: 23_750 },
      { month: '2025-08', gross: 10_000, fees: 500, net: 9_500 },
      { month: '2025-09', gross: 15_000, fees: 0, net: 15_000 },
    ])
    expect(ReportDocumentSchema.safeParse(doc).success).toBe(true)
  })

  test('a quarter is computed in the project time zone', async () => {
    const p = await people()
    await updateOrganisationSettings({
      values: { projectName: 'PyBaMM', timeZone: 'Pacific/Auckland', reportingCurrency: 'USD', weeklyBudgetMinutes: 240 },
      actorId: p.admin.id,
    })
    await generateReport({ quarter: '2025-Q3', actor: p.admin, providers: fakeProviders(fixedDataset()) })
    const doc = (await getReportDocument('2025-Q3'))!
    expect(doc.period.timeZone).toBe('Pacific/Auckland')
    expect(doc.provenance.timeZone).toBe('Pacific/Auckland')
    expect(doc.projectName).toBe('PyBaMM')
  })
})

describe('workflow', () => {
  test('leads edit only their section; the first ready mark starts the review; the council publishes when all are ready', async () => {
    const p = await people()
    const { report } = await generateReport({ quarter: '2025-Q3', actor: p.community, providers: fakeProviders(fixedDataset()) })
    await expect(saveNarrative({ reportId: report.id, section: 'communications', markdown: 'x', actor: p.community })).rejects.toThrow(
      ReportForbiddenError,
    )
    await expect(generateReport({ quarter: '2025-Q3', actor: p.council, providers: fakeProviders(fixedDataset()) })).rejects.toThrow(
      ReportForbiddenError,
    )
    await expect(publishReport({ reportId: report.id, actor: p.communications })).rejects.toThrow(ReportForbiddenError)
    await saveNarrative({ reportId: report.id, section: 'highlights', markdown: 'Ask: **two** more reviewers.', actor: p.community })
    await saveNarrative({ reportId: report.id, section: 'communications', markdown: 'We kept the cadence.', actor: p.communications })

    await expect(publishReport({ reportId: report.id, actor: p.council })).rejects.toThrow(/not started the review/)
    const { status } = await setSectionReady({ reportId: report.id, section: 'communications', ready: true, actor: p.communications })
    expect(status).toBe('in_review')
    await expect(publishReport({ reportId: report.id, actor: p.council })).rejects.toThrow(/community, fundraising, highlights/)
    expect(await pendingReportSectionsFor('community')).toEqual([
      { quarter: '2025-Q3', version: 1, status: 'in_review', sections: ['community', 'highlights'] },
    ])
    expect(await pendingReportSectionsFor('communications')).toEqual([
      { quarter: '2025-Q3', version: 1, status: 'in_review', sections: ['highlights'] },
    ])

    await readyAll(report.id, p)
    expect(await pendingReportSectionsFor('community')).toEqual([])
    const card = await councilWeekCard({ user: p.council, now: new Date(), week: {} as never, settings: {} as never })
    expect(card.items[0]).toMatchObject({ label: 'Publish the 2025-Q3 report', tone: 'urgent', href: '/reports/2025-Q3' })

    await publishReport({ reportId: report.id, actor: p.council })
    const doc = (await getReportDocument('2025-Q3'))!
    expect(doc).toMatchObject({ status: 'published', publishedBy: 'Robin Council' })
    const after = await councilWeekCard({ user: p.council, now: new Date(), week: {} as never, settings: {} as never })
    expect(after.minutes).toBe(0)
    expect(after.items.map((i) => i.label)).toContain('Posts published: 4')
    // net 482.50 against 387.50
    expect(after.items.find((i) => i.label === 'Net received: USD 482.50')?.detail).toBe('+USD 95.00 (+24.5%) vs 2025-Q2')
    expect(doc.narratives.highlights).toMatchObject({ markdown: 'Ask: **two** more reviewers.', ready: true })
    await expect(saveNarrative({ reportId: report.id, section: 'highlights', markdown: 'late', actor: p.admin })).rejects.toThrow(
      /published/,
    )

    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.entityId, report.id))).map((e) => e.action).sort()
    expect(actions).toEqual([
      'edit_narrative',
      'edit_narrative',
      'generate',
      'mark_ready',
      'mark_ready',
      'mark_ready',
      'mark_ready',
      'mark_ready',
      'publish',
    ])
    const archive = await listReportArchive()
    expect(archive.map((q) => [q.quarter, q.latest.status, q.latest.version])).toEqual([['2025-Q3', 'published', 1]])
  })

  test('a refresh updates the numbers and clears the ready mark only of the sections that changed', async () => {
    const p = await people()
    const dataset = fixedDataset()
    const { report } = await generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers: fakeProviders(dataset) })
    await readyAll(report.id, p)
    dataset.donations.push({
      donor: 'Late Import',
      receivedOn: '2025-08-01',
      source: 'manual',
      currency: 'USD',
      amount: 1_000,
      fees: 0,
      recurring: false,
    })
    const { outcome } = await generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers: fakeProviders(dataset) })
    expect(outcome).toBe('refreshed')
    const doc = (await getReportDocument('2025-Q3'))!
    expect(doc.fundraising.totals.gross).toBe(51_000)
    expect(Object.fromEntries(REPORT_SECTIONS.map((k) => [k, doc.narratives[k].ready]))).toEqual({
      communications: true,
      community: true,
      fundraising: false,
      highlights: true,
    })
  })
})

describe('the freeze', () => {
  test('a published report never changes; a correction is version 2 and keeps version 1 readable', async () => {
    const p = await people()
    const dataset = fixedDataset()
    const providers = fakeProviders(dataset)
    const { report } = await generateReport({ quarter: '2025-Q3', actor: p.communications, providers })
    await saveNarrative({ reportId: report.id, section: 'fundraising', markdown: 'A good quarter.', actor: p.fundraising })
    await readyAll(report.id, p)
    await publishReport({ reportId: report.id, actor: p.council })
    const published = structuredClone(await getReportDocument('2025-Q3'))

    // later data changes: an import, a re-sync
    dataset.donations.push({
      donor: 'Late Import',
      receivedOn: '2025-08-01',
      source: 'manual',
      currency: 'USD',
      amount: 7_000,
      fees: 0,
      recurring: false,
    })
    dataset.community['2025-Q3'].newContributors = 99
    const again = await generateReport({ quarter: '2025-Q3', actor: p.communications, providers })
    expect(again.outcome).toBe('published')
    expect(await getReportDocument('2025-Q3')).toEqual(published)
    expect(await db.select().from(quarterlyReports)).toHaveLength(1)

    const v2 = await correctReport({ quarter: '2025-Q3', reason: 'A donation was imported late', actor: p.council, providers })
    expect(v2.version).toBe(2)
    const draft = (await getReportDocument('2025-Q3'))!
    expect(draft).toMatchObject({ version: 2, status: 'draft', correctionOf: 1, correctionReason: 'A donation was imported late' })
    expect(draft.fundraising.totals.gross).toBe(57_000)
    expect(draft.community.newContributors).toBe(99)
    expect(draft.narratives.fundraising).toMatchObject({ markdown: 'A good quarter.', ready: false })
    expect(await getReportDocument('2025-Q3', 1)).toEqual(published)

    await readyAll(v2.id, p)
    await publishReport({ reportId: v2.id, actor: p.admin })
    const v1 = (await getReportDocument('2025-Q3', 1))!
    expect(v1.supersededBy).toBe(2)
    expect({ ...v1, supersededBy: null }).toEqual(published)
    expect((await listReportArchive())[0].versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ])
  })
})

describe('outputs', () => {
  test('no donor name reaches the JSON, the Markdown or the PDF', async () => {
    const p = await people()
    const { report } = await generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers: fakeProviders(fixedDataset()) })
    await saveNarrative({
      reportId: report.id,
      section: 'fundraising',
      markdown: 'Three donors gave; **thank you**.',
      actor: p.fundraising,
    })
    const doc = (await getReportDocument('2025-Q3'))!
    const pdfText = extractPdfText(await renderReportPdf(doc, { compress: false }))
    // the extraction works: the narrative and the numbers are found
    expect(pdfText).toContain('Three donors gave; thank you.')
    expect(pdfText).toContain('USD 500.00')
    for (const output of [JSON.stringify(doc), renderReportMarkdown(doc), pdfText]) {
      for (const name of DONOR_NAMES) {
        expect(output).not.toContain(name)
        expect(output).not.toContain(name.split(' ')[1])
      }
    }
  })

  test('the PDF holds the headlines with their changes, on A4 and on Letter', async () => {
    const p = await people()
    await generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers: fakeProviders(fixedDataset()) })
    const doc = (await getReportDocument('2025-Q3'))!
    const a4 = await renderReportPdf(doc, { compress: false })
    const letter = await renderReportPdf(doc, { paper: 'LETTER', compress: false })
    expect(a4.subarray(0, 5).toString()).toBe('%PDF-')
    expect(a4.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    expect(letter.toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/)
    const text = extractPdfText(a4)
    for (const expected of [
      'quarterly report 2025-Q3',
      'Draft, version 1',
      'Gross received',
      'USD 500.00',
      '+USD 100.00 (+25%)',
      'Posts published',
      '+3 (+300%)',
      '+17.5 pts',
      'Definitions, filters and provenance',
      'page 1 of',
    ]) {
      expect(text).toContain(expected)
    }
    // the compressed PDF served to people is smaller
    expect((await renderReportPdf(doc)).length).toBeLessThan(a4.length)
  })

  test('the Markdown carries every headline with its change and definition, and links the charts', async () => {
    const p = await people()
    const { report } = await generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers: fakeProviders(fixedDataset()) })
    await saveNarrative({ reportId: report.id, section: 'highlights', markdown: '# Wins\n\nThe rota works.', actor: p.fundraising })
    const md = renderReportMarkdown((await getReportDocument('2025-Q3'))!)
    expect(md).toContain('## Highlights and asks for the council\n\n### Wins\n\nThe rota works.\n\n_Written by Fran Fundraising')
    expect(md).toContain('| Gross received | USD 500.00 | +USD 100.00 (+25%) | +USD 100.00 (+25%) | Fixed test dataset, all in USD. |')
    expect(md).toContain('| New contributors | 12 | +4 (+50%) | — | Fixed test dataset; bots excluded. |')
    expect(md).toContain('![Posts published and cadence slots per week](/reports/2025-Q3/charts/communications-weekly.svg?version=1)')
    expect(md).toContain('| 2025-08 | USD 100.00 | USD 5.00 | USD 95.00 |')
  })
})

describe('the scheduled draft', () => {
  test('creates the quarter just ended on the first day of the next, once, and leaves the leads a pending section', async () => {
    await people()
    const providers = fakeProviders(fixedDataset())
    expect(await createDueDraft({ now: new Date('2025-08-15T09:00:00Z'), providers })).toEqual({ quarter: null, created: false })
    expect(await createDueDraft({ now: new Date('2025-10-01T00:07:00Z'), providers })).toEqual({ quarter: '2025-Q3', created: true })
    expect(await createDueDraft({ now: new Date('2025-10-01T01:07:00Z'), providers })).toEqual({ quarter: '2025-Q3', created: false })
    const [report] = await db.select().from(quarterlyReports)
    expect(report).toMatchObject({ quarter: '2025-Q3', status: 'draft', generatedById: null })
    expect(await pendingReportSectionsFor('fundraising')).toEqual([
      { quarter: '2025-Q3', version: 1, status: 'draft', sections: ['fundraising', 'highlights'] },
    ])
    expect(await pendingReportSectionsFor('council')).toEqual([])
    expect(await reportWeekItemsFor('fundraising')).toEqual({
      items: [
        expect.objectContaining({
          label: 'Quarterly report 2025-Q3: fundraising and highlights and asks for the council not ready',
          href: '/reports/2025-Q3',
          tone: 'urgent',
        }),
      ],
      minutes: 60,
    })
  })
})

describe('on an empty organisation', () => {
  test("the areas' own providers give a valid document of nulls, never invented numbers", async () => {
    const p = await people()
    await generateReport({ quarter: '2026-Q1', actor: p.admin })
    const doc = (await getReportDocument('2026-Q1'))!
    const parsed = ReportDocumentSchema.safeParse(doc)
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(headline(doc, 'newContributors')).toMatchObject({ value: null, changeVsPrevious: null })
    expect(headline(doc, 'cadence.adherence').value).toBeNull()
  })
})

test('two people generating the same new quarter at once get one draft', async () => {
  const p = await people()
  const providers = fakeProviders(fixedDataset())
  const results = await Promise.all([
    generateReport({ quarter: '2025-Q3', actor: p.communications, providers }),
    generateReport({ quarter: '2025-Q3', actor: p.fundraising, providers }),
  ])
  expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'refreshed'])
  expect(await db.select().from(quarterlyReports)).toHaveLength(1)
})
