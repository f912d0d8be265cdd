import { expect, test } from './fixtures.ts'

test('the first visitor creates the admin account, then setup is closed', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/setup$/)
  await expect(page.getByRole('heading', { name: 'Welcome to Steward' })).toBeVisible()

  // Errors appear next to the fields and nothing is created.
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(page.getByText('Enter a name')).toBeVisible()
  await page.getByLabel('Your name').fill('Ada Lovelace')
  await page.getByLabel('Email').fill('ada@example.org')
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByLabel('Repeat the password').fill('short')
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(page.getByText('Use at least 10 characters')).toBeVisible()

  await page.getByLabel('Password', { exact: true }).fill('correct-horse-battery')
  await page.getByLabel('Repeat the password').fill('correct-horse-battery')
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(page).toHaveURL(/\/settings\/organisation$/)
  await page.screenshot({ path: 'test-results/e2e/screens/first-run-organisation.png', fullPage: true })

  await page.getByLabel('Project name').fill('PyBaMM')
  await page.getByLabel('Time zone').selectOption('Europe/London')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()

  await page.getByRole('link', { name: 'This week' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Ada' })).toBeVisible()
  await expect(page.getByRole('meter')).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/first-run-this-week.png', fullPage: true })

  // Setup is closed now.
  await page.goto('/setup')
  await expect(page).not.toHaveURL(/\/setup$/)
})
