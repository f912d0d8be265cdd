import { expect, signInAs, test } from './fixtures.ts'

// The demo load derives notifications as the job would: the fundraising lead has grant deadlines
// coming up, the community manager threads past the response target, and each lead the quarterly
// report's sections waiting for them.
const unreadIn = async (label: string | null) => Number(label!.match(/(\d+) unread/)![1])

test('the bell shows unread notifications; the page marks one and then all read; each links to where it is handled', async ({ page }) => {
  await signInAs(page, 'fundraising')
  const bell = page.getByRole('link', { name: /^Notifications, \d+ unread$/ })
  await expect(bell).toBeVisible()
  const before = await unreadIn(await bell.getAttribute('aria-label'))
  expect(before).toBeGreaterThan(1)

  await bell.click()
  await expect(page).toHaveURL(/\/notifications$/)
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
  const deadline = page.getByRole('link', { name: /^Letter of intent for Chan Zuckerberg Initiative/ })
  await expect(deadline).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/notifications-desktop.png', fullPage: true })

  await page.getByRole('button', { name: /^Mark read: Letter of intent for Chan Zuckerberg Initiative/ }).click()
  await expect(page.getByRole('link', { name: `Notifications, ${before - 1} unread` })).toBeVisible()

  await deadline.click()
  await expect(page).toHaveURL(/\/fundraising\/grants\/[0-9a-f-]{36}$/)

  await page.goto('/notifications')
  await page.getByRole('button', { name: 'Mark all read' }).click()
  await expect(page.getByRole('link', { name: 'Notifications, none unread' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Mark all read' })).toHaveCount(0)
})

test('on a phone the community manager reaches the threads past the target from the bell', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signInAs(page, 'community')
  const bell = page.getByRole('link', { name: /^Notifications, \d+ unread$/ })
  await bell.click()
  const thread = page.getByRole('link', { name: /for a first response \(target 48 h\)/ }).first()
  await expect(thread).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/notifications-phone.png', fullPage: true })
  await thread.click()
  // the oldest thread may be a forum topic or an e-mail: the link filters the queue by its source
  await expect(page).toHaveURL(/\/community\/triage(\?source=[0-9a-f-]{36})?$/)
})

test('a person without notifications is told what will appear there; the settings say how they arrive', async ({ page }) => {
  await signInAs(page, 'admin')
  await page.goto('/notifications')
  await expect(page.getByText('Nothing needs you right now.')).toBeVisible()
  await page.getByRole('link', { name: 'your settings' }).click()
  await expect(page).toHaveURL(/\/settings\/account#notifications$/)
  await page.getByLabel('Invitations about to expire').selectOption('email')
  await page.getByRole('button', { name: 'Save notifications' }).click()
  await expect(page.locator('#notifications').getByText('Saved.')).toBeVisible()
  await expect(page.getByLabel('Invitations about to expire')).toHaveValue('email')
  // stored, not only left in the form: a fresh page reads it back
  await page.reload()
  await expect(page.getByLabel('Invitations about to expire')).toHaveValue('email')
})
