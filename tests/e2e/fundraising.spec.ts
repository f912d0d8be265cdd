import { fileURLToPath } from 'node:url'
import { expect, signInAs, test } from './fixtures.ts'

const ocExport = fileURLToPath(new URL('./files/opencollective-platform-default.csv', import.meta.url))
const shot = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the fundraising lead imports an Open Collective export, re-imports it with nothing added, and reverts it', async ({ page }) => {
  await signInAs(page, 'fundraising')
  await page.goto('/fundraising')
  await expect(page.getByRole('heading', { name: 'Fundraising', level: 1 })).toBeVisible()
  await page.screenshot(shot('fundraising-overview'))

  await page.getByRole('navigation', { name: 'Fundraising' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('File').setInputFiles(ocExport)
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await expect(page.getByRole('heading', { name: 'Preview: opencollective-platform-default.csv' })).toBeVisible()
  await expect(page.getByText('Open Collective transactions, 4 rows')).toBeVisible()
  await expect(page.getByText('$200.00 gross, $173.60 net')).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Quinn Harbour' })).toBeVisible()
  await page.screenshot(shot('fundraising-import-preview'))
  await page.getByRole('button', { name: 'Import 2 donations' }).click()
  await expect(
    page.getByText('Imported opencollective-platform-default.csv: 2 donations added, 0 already in the ledger, 2 rows skipped.'),
  ).toBeVisible()
  await page.screenshot(shot('fundraising-import-done'))

  // the same file again: everything is a duplicate
  await page.getByLabel('File').setInputFiles(ocExport)
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await expect(page.getByText(/This exact file was imported on/)).toBeVisible()
  await page.getByRole('button', { name: 'Record this import (nothing new)' }).click()
  await expect(page.getByText('2 donations added')).toHaveCount(0)
  await expect(page.getByText(/0 donations added, 2 already in the ledger/)).toBeVisible()

  // the new donations are in the ledger, then the import is reverted
  await page.goto('/fundraising/donations?donor=Quinn')
  await expect(page.getByRole('cell', { name: '$120.00' })).toBeVisible()
  await page.goto('/fundraising/donations/import')
  page.once('dialog', (dialog) => dialog.accept())
  const row = page
    .getByRole('row')
    .filter({ hasText: 'opencollective-platform-default.csv' })
    .filter({ has: page.getByRole('button', { name: 'Revert' }) })
  await row.getByRole('button', { name: 'Revert' }).click()
  await expect(page.getByText('Import reverted: 2 donations voided.')).toBeVisible()
  await page.screenshot(shot('fundraising-import-reverted'))
  await page.goto('/fundraising/donations?donor=Quinn')
  await expect(page.getByText('No donations match')).toBeVisible()
})

test('the fundraising lead sees grants with deadlines, sponsors and the conference budget', async ({ page }) => {
  await signInAs(page, 'fundraising')
  await page.goto('/')
  await expect(page.getByText(/grant deadlines? in 30 days/)).toBeVisible()
  await page.goto('/fundraising/grants')
  await expect(page.getByRole('heading', { name: 'Deadlines in the next 90 days' })).toBeVisible()
  await expect(page.getByText('Win rate')).toBeVisible()
  await page.screenshot(shot('fundraising-grants'))
  await page.goto('/fundraising/donations')
  await page.screenshot(shot('fundraising-donations'))
  await page.goto('/fundraising/sponsors')
  await expect(page.getByText('Ionics Battery Co.')).toBeVisible()
  await page.screenshot(shot('fundraising-sponsors'))
  await page.goto('/fundraising/conference')
  await expect(page.getByRole('progressbar', { name: 'Pledged' })).toBeVisible()
  await page.screenshot(shot('fundraising-conference'))
})

test('a council member sees fundraising aggregates but no donor names, and is refused the donations table and export', async ({ page }) => {
  await signInAs(page, 'council')
  await page.goto('/fundraising')
  await expect(page.getByText('Gross', { exact: true }).first()).toBeVisible()
  await expect(page.getByText('Donor retention')).toBeVisible()
  // the council's tabs: the overview, and the grant and sponsor pipelines (organisations only)
  await expect(page.getByRole('navigation', { name: 'Fundraising' }).getByRole('link')).toHaveText(['Overview', 'Grants', 'Sponsors'])
  const html = await page.content()
  for (const name of ['Tam Arden', 'Pia Marsh', 'Eli Calder', 'Institut Lumière', 'Ada Wren', 'example.org'])
    expect(html).not.toContain(name)
  await page.screenshot(shot('fundraising-council'))
  for (const path of [
    '/fundraising/donations',
    '/fundraising/donations/export.csv',
    '/fundraising/donors',
    '/fundraising/donations/import',
  ]) {
    const response = await page.request.get(path)
    expect(response.status(), path).toBe(403)
    expect(await response.text()).not.toContain('Tam Arden')
  }
  const response = await page.goto('/fundraising/donations')
  expect(response?.status()).toBe(403)
  await expect(page.getByText('This page needs the Fundraising role')).toBeVisible()
})
