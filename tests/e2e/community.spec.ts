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
  // GitHub alone: no forum topic and no e-mail, the pull requests still there (axe checks the filtered page too)
  const emails = page.locator('[data-testid="triage-item"][data-kind="email"]')
  await page.getByLabel('Source').selectOption('github')
  await expect(page).toHaveURL(/source=github/)
  await openPageWith(pull, { source: 'github' })
  await expect(pull).toBeVisible()
  await expect(emails).toHaveCount(0)
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-github.png', fullPage: true })
  await page.goto('/community/triage')
  // the oldest thread with a link (a GitHub item or forum topic; an e-mail thread has none)
  const first = page.locator('[data-testid="triage-item"]:not([data-kind="email"])').first()
  const href = (await first.getByRole('link').getAttribute('href'))!
  // the totals count every waiting thread, not the page: one handled, one fewer
  const description = page.getByText(/ are over it\.$/)
  const totalNow = async () => Number((await description.textContent())!.match(/of (\d+) are over it/)![1])
  const before = await totalNow()
  await expect(first).toContainText('over target')
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

  // The demo mailbox's unanswered threads wait in the same queue, oldest first among the rest,
  // with sender and Message-ID for the community manager; one is snoozed from there.
  // (the demo's own mailbox: the suite's other tests may add a second one, on 127.0.0.1)
  const email = emails.filter({ hasText: 'help@pybamm.org on imap.demo.steward.invalid' }).first()
  await openPageWith(email)
  await expect(email).toContainText('E-mail · help@pybamm.org on imap.demo.steward.invalid · from ')
  await expect(email).toContainText('Message-ID:')
  await expect(email).toContainText('over target')
  const messageId = (await email.locator('code').textContent())!
  const waiting = await totalNow()
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-email.png', fullPage: true })
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
  await email.getByText('Snooze…').click()
  await email.getByLabel('Until').fill(inAWeek)
  await email.getByRole('button', { name: 'Snooze' }).click()
  await expect(page.getByText(`Snoozed until ${inAWeek}.`)).toBeVisible()
  await expect(description).toContainText(`of ${waiting - 1} are over it.`)
  const queue = page.getByRole('list', { name: 'Threads waiting for a first response' })
  await expect(queue.getByText(messageId, { exact: true })).toHaveCount(0)
  // set aside by mailbox and subject, and put back from there
  const snoozed = page.getByRole('listitem').filter({ hasText: 'E-mail · help@pybamm.org on imap.demo.steward.invalid:' })
  await expect(snoozed).toContainText('Snoozed until')
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-email-snoozed.png', fullPage: true })
  await snoozed.getByRole('button', { name: 'Put back' }).click()
  await expect(page.getByText('Back in the queue.')).toBeVisible()
  await expect(description).toContainText(`of ${waiting} are over it.`)
  await expect(snoozed).toHaveCount(0)
  // on a phone: the thread's Message-ID and forms wrap inside the page (axe checks it here too)
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(email).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: 'test-results/e2e/screens/community-triage-email-phone.png', fullPage: true })
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
  // e-mail threads wait in the queue with their mailbox and age: no subject, sender or Message-ID
  await page.getByLabel('Source').selectOption({ label: 'help@pybamm.org on imap.demo.steward.invalid (e-mail)' })
  await expect(page).toHaveURL(/source=/)
  const email = page.locator('[data-testid="triage-item"][data-kind="email"]')
  await expect(email.first()).toContainText('its subject and sender are shown to the community and admin roles only')
  await expect(page.getByRole('main')).not.toContainText('Message-ID')
  await expect(page.getByRole('main')).not.toContainText(' · from ')
  await page.goto('/community/internships')
  await expect(page.getByRole('button', { name: 'Add programme' })).toHaveCount(0)
})
