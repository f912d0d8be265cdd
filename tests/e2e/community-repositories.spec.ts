import { expect, signInAs, test } from './fixtures.ts'

test('community manager adds a repository, syncs it from GitHub and sees its progress', async ({ page }) => {
  await signInAs(page, 'community')
  // The old address leads to the sources page.
  await page.goto('/community/repositories')
  await expect(page).toHaveURL(/\/community\/sources$/)
  await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible()

  await page.getByLabel('Repository (OWNER/NAME)').fill('not a repository')
  await page.getByRole('button', { name: 'Add repository' }).click()
  await expect(page.getByText('Give the repository as OWNER/NAME, for example pybamm-team/PyBaMM')).toBeVisible()

  await page.getByLabel('Repository (OWNER/NAME)').fill('https://github.com/steward-e2e/sandbox')
  await page.getByRole('button', { name: 'Add repository' }).click()
  await expect(page.getByText('Now tracking steward-e2e/sandbox')).toBeVisible()

  const card = page.locator('section', { has: page.getByRole('link', { name: 'steward-e2e/sandbox' }) })
  await card.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByText('Sync queued')).toBeVisible()
  // The page polls while the worker syncs: every kind ends up to date with GitHub's totals.
  const table = card.getByRole('table', { name: 'Sync progress of steward-e2e/sandbox' })
  await expect(table.getByRole('row', { name: /Issues/ })).toContainText('Up to date', { timeout: 30_000 })
  await expect(table.getByRole('row', { name: /Commits/ })).toContainText('Up to date', { timeout: 30_000 })
  await expect(table.getByRole('row', { name: /Issues/ })).toContainText('150 of 150')
  await expect(table.getByRole('row', { name: /Pull requests/ })).toContainText('120 of 120')
  await expect(card.getByText('GitHub budget left')).toBeVisible()
  await expect(card.getByText(/points/)).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-repositories.png', fullPage: true })

  await page.getByLabel('GitHub logins, one per line').fill('maintainer-a\nmaintainer-b')
  await page.getByRole('button', { name: 'Save maintainers' }).click()
  await expect(page.getByText('Maintainers saved.')).toBeVisible()
})

test('council members read the repositories page without edit controls', async ({ page }) => {
  await signInAs(page, 'council')
  await page.goto('/community/sources')
  await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Add repository' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Check and add forum' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0)
  // The demo's repository by name, and none of its sync (issue 13).
  await expect(page.getByText('pybamm-team/PyBaMM')).toBeVisible()
  await expect(page.getByText('GitHub budget left')).toHaveCount(0)
  await expect(page.getByText(/Last error/)).toHaveCount(0)
  await page.screenshot({ path: 'test-results/e2e/screens/community-repositories-council.png', fullPage: true })
})
