import { expect, seriousAccessibilityProblems, signInAs, test } from './fixtures.ts'

const shot = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the fundraising lead connects Open Collective, previews the first sync, confirms it and sees it done', async ({ page }) => {
  await signInAs(page, 'fundraising')
  await page.goto('/fundraising/connections')
  await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible()
  await expect(page.getByText('No accounts connected yet')).toBeVisible()
  await page.screenshot(shot('fundraising-connections-empty'))

  await page.locator('form#connect-opencollective').getByLabel('Collective slug').fill('steward-demo')
  await page.locator('form#connect-opencollective').getByRole('button', { name: 'Connect' }).click()
  await expect(page.getByText('Connected steward-demo. Preview its first sync below.')).toBeVisible()
  await expect(page.getByText('waiting for its preview')).toBeVisible()

  await page.getByRole('button', { name: 'Preview the first sync' }).click()
  await expect(
    page.getByText(/Preview: \d+ donations, \d+ refunds?, 1 currency, 2019-01-\d\d … 20\d\d-\d\d-\d\d; 0 already in the ledger/),
  ).toBeVisible()
  await page.screenshot(shot('fundraising-connections-preview'))
  await page.getByRole('button', { name: 'Confirm and import' }).click()
  await expect(page.getByText('Sync queued')).toBeVisible()

  // The worker runs the sync; the page shows its result once it is done.
  await expect(async () => {
    await page.reload()
    await expect(page.getByText(/all well \(\d+ requests?\)/)).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByText(/Recent syncs: .* \d+ new, 0 already in the ledger/)).toBeVisible()
  await page.screenshot(shot('fundraising-connections-synced'))

  // A login that is not one: the error sits next to the field, nothing is connected.
  const github = page.locator('form#connect-github_sponsors')
  await github.getByLabel('GitHub login (user or organisation)').fill('not a login!')
  await github.getByLabel('…or the environment variable holding it').fill('SPONSORS_TOKEN')
  await github.getByRole('button', { name: 'Connect' }).click()
  await expect(github.getByText(/A GitHub login is letters, digits and hyphens/)).toBeVisible()

  // A real login: the connection waits for its preview, and its sponsorship months say what comes first.
  await github.getByLabel('GitHub login (user or organisation)').fill('steward-demo')
  await github.getByLabel('GitHub login (user or organisation)').blur()
  // the error goes on leaving the field; the button moves up with it
  await expect(github.getByText(/A GitHub login is letters, digits and hyphens/)).toHaveCount(0)
  await github.getByRole('button', { name: 'Connect' }).click()
  await expect(page.getByText('Connected steward-demo. Preview its first sync below.')).toBeVisible()
  const sponsors = page.locator('section', { has: page.getByRole('heading', { name: 'GitHub Sponsors: steward-demo' }) })
  const months = sponsors.locator('section', { has: page.getByRole('heading', { name: 'Sponsorship months' }) })
  await expect(months.getByText('No sponsorship months yet')).toBeVisible()
  await expect(months.getByText(/Preview and confirm the first sync to read the sponsorships/)).toBeVisible()
  expect(await seriousAccessibilityProblems(page)).toEqual([])
  await months.scrollIntoViewIfNeeded()
  await page.screenshot(shot('fundraising-connections-sponsor-months'))
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot(shot('fundraising-connections-phone'))
})
