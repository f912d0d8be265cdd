import type { Page } from '@playwright/test'
import type { Role } from '#app/domain/accounts/vocabulary.ts'
import { expect, signInAs, test } from './fixtures.ts'

const QUARTER = '2024-Q1'

async function as(page: Page, role: Role) {
  await page.context().clearCookies()
  await signInAs(page, role)
}

const card = (page: Page, title: string) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: title, level: 2, exact: true }) })

test('a lead writes the narrative, the other leads mark their sections ready, a council member publishes, and the archive shows it', async ({
  page,
}) => {
  await as(page, 'communications')
  await page.goto('/reports')
  await page.getByLabel('Quarter').fill(QUARTER)
  await page.getByRole('button', { name: 'Generate' }).click()
  await expect(page).toHaveURL(new RegExp(`/reports/${QUARTER}\\?generated=created$`))
  await expect(page.getByText('The draft was generated.')).toBeVisible()

  const communications = card(page, 'Communications')
  await communications.getByRole('button', { name: 'Write narrative' }).click()
  await communications.getByLabel('Narrative for communications (Markdown)').fill('We kept the **fortnightly** cadence.\n\n- 6 posts on X')
  await communications.getByRole('button', { name: 'Preview' }).click()
  await expect(communications.locator('strong', { hasText: 'fortnightly' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/reports-narrative-editor.png', fullPage: true })
  await communications.getByRole('button', { name: 'Save narrative' }).click()
  await expect(communications.getByText(/Written by Casey Comms/)).toBeVisible()
  await communications.getByRole('button', { name: 'Mark communications ready' }).click()
  await expect(communications.getByText('Ready, marked by Casey Comms')).toBeVisible()
  // a lead cannot edit another lead's section
  await expect(card(page, 'Community').getByRole('button', { name: 'Write narrative' })).toHaveCount(0)

  await as(page, 'community')
  await page.goto(`/reports/${QUARTER}`)
  await expect(page.getByText('In review')).toBeVisible()
  await card(page, 'Community').getByRole('button', { name: 'Mark community ready' }).click()
  await expect(card(page, 'Community').getByText('Ready, marked by Morgan Community')).toBeVisible()

  await as(page, 'fundraising')
  await page.goto(`/reports/${QUARTER}`)
  await card(page, 'Fundraising').getByRole('button', { name: 'Mark fundraising ready' }).click()
  await expect(card(page, 'Fundraising').getByText('Ready, marked by Fran Fundraising')).toBeVisible()
  const highlights = card(page, 'Highlights and asks for the council')
  await highlights.getByRole('button', { name: 'Write narrative' }).click()
  await highlights.getByLabel(/Narrative for highlights/).fill('**Ask:** approve the conference budget.')
  await highlights.getByRole('button', { name: 'Save narrative' }).click()
  await expect(highlights.getByText(/Written by Fran Fundraising/)).toBeVisible()
  await highlights.getByRole('button', { name: /Mark highlights and asks for the council ready/ }).click()
  await expect(highlights.getByText('Ready, marked by Fran Fundraising')).toBeVisible()
  await expect(page.getByRole('button', { name: /Publish/ })).toHaveCount(0)

  await as(page, 'council')
  await page.goto('/')
  await expect(page.getByRole('link', { name: `Publish the ${QUARTER} report` })).toBeVisible()
  await page.getByRole('link', { name: `Publish the ${QUARTER} report` }).click()
  await expect(page.getByText('Every section is ready')).toBeVisible()
  await page.getByRole('button', { name: 'Publish version 1' }).click()
  await expect(page.getByText(/published .* by Robin Council/)).toBeVisible()
  await expect(page.getByText('We kept the fortnightly cadence.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Write narrative' })).toHaveCount(0)
  await page.screenshot({ path: 'test-results/e2e/screens/reports-published.png', fullPage: true })

  await page.goto('/reports')
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: QUARTER }) })
  await expect(row.getByText('Published')).toBeVisible()
  await expect(row.getByText(/by Robin Council/)).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/reports-archive.png', fullPage: true })
})

test('a published report downloads as JSON, Markdown, PDF on A4 and Letter, and its charts as SVG', async ({ page }) => {
  await as(page, 'council')
  await page.goto('/reports')
  const published = page.locator('tbody tr').filter({ hasText: 'Published' }).first()
  const quarter = (await published.getByRole('link').first().textContent())!.trim()

  const json = await page.request.get(`/reports/${quarter}.json`)
  expect(json.headers()['content-type']).toContain('application/json')
  const doc = await json.json()
  expect(doc).toMatchObject({ format: 'steward.quarterly-report', quarter, status: 'published', version: 1 })

  const md = await page.request.get(`/reports/${quarter}.md`)
  expect(md.headers()['content-type']).toContain('text/markdown')
  const text = await md.text()
  expect(text).toContain(`quarterly report ${quarter}`)
  const chartUrl = /\]\((http[^)]+\.svg\?version=1)\)/.exec(text)![1]
  const svg = await page.request.get(chartUrl)
  expect(svg.headers()['content-type']).toContain('image/svg+xml')
  expect(await svg.text()).toMatch(/^<svg /)

  for (const [query, box] of [
    ['', '/MediaBox [0 0 595.28 841.89]'],
    ['?paper=letter', '/MediaBox [0 0 612 792]'],
  ]) {
    const pdf = await page.request.get(`/reports/${quarter}.pdf${query}`)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    const body = await pdf.body()
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')
    expect(body.toString('latin1')).toContain(box)
  }
})

test('a council member cannot generate or edit, and an unknown quarter is a 404', async ({ page }) => {
  await as(page, 'council')
  await page.goto('/reports')
  await expect(page.getByRole('heading', { name: 'Archive' })).toBeVisible()
  await expect(page.getByLabel('Quarter')).toHaveCount(0)
  const response = await page.goto('/reports/1999-Q1')
  expect(response?.status()).toBe(404)
  await expect(page.getByText('There is no report for 1999-Q1 yet.')).toBeVisible()
})
