import type { Locator } from '@playwright/test'
import { expect, signInAs, test } from './fixtures.ts'

test('the community manager reads community health, changes the period, and clears a triage item', async ({ page }) => {
  // it visits up to a dozen pages, each checked by axe
  test.setTimeout(150_000)
  await signInAs(page, 'community')
  await expect(page.getByText(/waited longer than 48 h for a first response/)).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-this-week.png', fullPage: true })

  await page.goto('/community')
  await expect(page.getByRole('heading', { name: 'Community', level: 1 })).toBeVisible()
  await expect(page.getByTestId('scope')).toContainText('Last 30 days')
  const newContributors = page.locator('[aria-describedby]', { hasText: 'New contributors' })
  await expect(newContributors).toBeVisible()
  // the definition and the filters show on focus
  await newContributors.focus()
  await expect(page.getByRole('tooltip').filter({ hasText: 'first contribution of any kind' })).toBeVisible()
  await expect(page.getByRole('figure', { name: 'New contributors per month' })).toBeVisible()
  await expect(page.locator('.recharts-surface').first()).toBeVisible()
  // the demo mailbox's time to first response, beside GitHub's and the forum's
  await expect(page.getByText('E-mail threads: median')).toBeVisible()
  // who answers on the demo forum: its staff or the community (ADR 031)
  await expect(page.getByText('First replies by maintainers')).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-overview.png', fullPage: true })

  await page.getByLabel('Period').selectOption('365d')
  await expect(page).toHaveURL(/period=365d/)
  await expect(page.getByTestId('scope')).toContainText('Last 365 days')
  await expect(page.getByRole('table').filter({ hasText: 'Maintainer' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-year.png', fullPage: true })

  await page.getByRole('link', { name: 'Contributors' }).click()
  await expect(page.getByRole('heading', { name: 'Contributors', level: 1 })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Returning' }).first()).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-contributors.png', fullPage: true })

  await page.getByRole('link', { name: 'Triage' }).click()
  const items = page.getByTestId('triage-item')
  // 50 threads a page, oldest first: once the suite's other tests have synced the GitHub
  // stand-in's repository too, the demo's recent threads are on a later page
  // Opens the queue's pages in turn until the thread shows (50 threads a page).
  const openPageWith = async (thread: Locator, search: Record<string, string> = {}) => {
    for (let n = 1; n <= 10; n++) {
      await page.goto(`/community/triage?${new URLSearchParams({ ...search, page: String(n) })}`)
      if ((await thread.count()) > 0) return
    }
    throw new Error('not on the first 10 pages of the triage queue')
  }
  // the demo's pull requests nobody has reviewed yet wait beside issues, discussions and forum topics
  const pull = items.filter({ hasText: 'Add the OKane2022 parameter set for LFP cells' })
  await openPageWith(pull)
  await expect(pull).toContainText('Pull request')
  await expect(pull).toContainText('over target')
  const fresh = items.filter({ hasText: 'Fix a typo in the Experiment docstring' })
  await openPageWith(fresh)
  await expect(fresh).not.toContainText('over target')
  // GitHub alone: no forum topic, the pull requests still there (axe checks the filtered page too)
  await page.getByLabel('Source').selectOption('github')
  await expect(page).toHaveURL(/source=github/)
  await openPageWith(pull, { source: 'github' })
  await expect(pull).toBeVisible()
  await expect(page.getByTestId('triage-email')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-github.png', fullPage: true })
  await page.goto('/community/triage')
  const first = items.first()
  const href = (await first.getByRole('link').getAttribute('href'))!
  // the totals count every waiting thread, not the page: one handled, one fewer
  const description = page.getByText(/ are over it\.$/)
  const before = Number((await description.textContent())!.match(/of (\d+) are over it/)![1])
  await expect(first).toContainText('over target')
  // the demo mailbox's unanswered threads, with sender and Message-ID for the community manager
  const email = page.getByTestId('triage-email')
  await expect(email.first()).toContainText('Message-ID:')
  await expect(email.first()).toContainText('over target')
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage.png', fullPage: true })
  await first.getByText('Handled elsewhere…').click()
  await first.getByRole('button', { name: 'Mark handled' }).click()
  await expect(first.getByText(/Say where it was handled/)).toBeVisible()
  await first.getByLabel('Where was it handled?').fill('Answered on the PyBaMM forum')
  await first.getByRole('button', { name: 'Mark handled' }).click()
  await expect(page.getByText('Marked as handled elsewhere.')).toBeVisible()
  await expect(description).toContainText(`of ${before - 1} are over it.`)
  await expect(page.getByRole('list', { name: 'Threads waiting for a first response' }).locator(`a[href="${href}"]`)).toHaveCount(0)
  await expect(page.getByText('Handled elsewhere: Answered on the PyBaMM forum')).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-handled.png', fullPage: true })
})

test('the community manager follows an internship cohort and records a milestone', async ({ page }) => {
  await signInAs(page, 'community')
  await page.goto('/community/internships')
  await expect(page.getByText(/Google Summer of Code \d{4}/).first()).toBeVisible()
  await expect(page.getByText('Priya Raman @priya-r')).toBeVisible()
  const outreachy = page.locator('section', { hasText: 'Outreachy December' })
  await outreachy.getByText('Add a milestone…').click()
  await outreachy.getByRole('button', { name: 'Add milestone' }).click()
  await expect(outreachy.getByText('Enter what happens')).toBeVisible()
  await outreachy.getByLabel('What happens').fill('Final feedback')
  await outreachy.getByLabel('Date').fill('2027-03-01')
  await outreachy.getByRole('button', { name: 'Add milestone' }).click()
  await expect(page.getByText('Added the milestone “Final feedback”.')).toBeVisible()
  await expect(outreachy.getByText('2027-03-01 Final feedback')).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-internships.png', fullPage: true })
})

test('a council member reads the community pages but cannot change them', async ({ page }) => {
  await signInAs(page, 'council')
  await page.goto('/community/triage')
  await expect(page.getByTestId('triage-item').first()).toBeVisible()
  await expect(page.getByText('Handled elsewhere…')).toHaveCount(0)
  // e-mail: counts only, no sender
  await expect(page.getByText('Subjects and senders are shown to the community and admin roles only.')).toBeVisible()
  await expect(page.getByTestId('triage-email')).toHaveCount(0)
  await page.goto('/community/internships')
  await expect(page.getByRole('button', { name: 'Add programme' })).toHaveCount(0)
})
