import { fileURLToPath } from 'node:url'
import { expect, signInAs, test } from './fixtures.ts'

const overview = fileURLToPath(new URL('../fixtures/analytics/x-account-overview.csv', import.meta.url))
const broken = fileURLToPath(new URL('../fixtures/analytics/x-content-broken.csv', import.meta.url))
const screen = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the communications lead imports an X analytics export from Reach: upload, preview, confirm, revert', async ({ page }) => {
  await signInAs(page, 'communications')
  await page.goto('/communications/reach')
  await expect(page.getByRole('heading', { name: 'X and LinkedIn, from their analytics exports' })).toBeVisible()
  await page.getByRole('link', { name: 'Import analytics export' }).click()
  await expect(page.getByRole('heading', { name: 'Import analytics export', level: 1 })).toBeVisible()

  // a broken file: refused next to the form with its one reason, nothing kept
  await page.getByLabel('Channel').selectOption({ label: 'X · X (Twitter)' })
  await page.getByLabel('Export file').setInputFiles(broken)
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await expect(page.getByText('Row 3: “n/a” in the column impressions is not a number; nothing was imported.')).toBeVisible()

  await page.getByLabel('Channel').selectOption({ label: 'X · X (Twitter)' })
  await page.getByLabel('Export file').setInputFiles(overview)
  await page.getByLabel("Followers on the file's last day").fill('1000')
  await page.getByRole('button', { name: 'Preview the import' }).click()
  await expect(page.getByRole('heading', { name: 'Preview: x-account-overview.csv' })).toBeVisible()
  await expect(page.getByText('X: account overview export, 5 rows, 2025-11-03 to 2025-11-07.')).toBeVisible()
  await expect(page.getByText('5 values would change')).toBeVisible()
  await page.screenshot(screen('reach-import-preview'))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByText('Imported x-account-overview.csv for X: 0 posts, 5 days of followers.')).toBeVisible()

  // the import is listed and can be reverted as a whole
  await page.getByRole('button', { name: 'Revert the import of x-account-overview.csv' }).first().click()
  await expect(page.getByText('Import reverted: 5 values restored.')).toBeVisible()
  await page.screenshot(screen('reach-import-reverted'))
})
