import { expect, signInAs, test } from './fixtures.ts'

// The demo load derives notifications as the job would: the fundraising lead has grant deadlines
// coming up and the quarterly report's sections waiting for her.
for (const viewport of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`the bell shows unread notifications; the page marks one and then all read (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height })
    await signInAs(page, 'fundraising')
    const bell = page.getByRole('link', { name: /^Notifications, \d+ unread$/ })
    await expect(bell).toBeVisible()
    const before = Number((await bell.getAttribute('aria-label'))!.match(/(\d+) unread/)![1])
    expect(before).toBeGreaterThan(1)

    await bell.click()
    await expect(page).toHaveURL(/\/notifications$/)
    await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
    const deadline = page.getByRole('link', { name: /^Letter of intent for Chan Zuckerberg Initiative/ })
    await expect(deadline).toBeVisible()
    await page.screenshot({ path: `test-results/e2e/screens/notifications-${viewport.name}.png`, fullPage: true })

    await page.getByRole('button', { name: /^Mark read: Letter of intent for Chan Zuckerberg Initiative/ }).click()
    await expect(page.getByRole('link', { name: `Notifications, ${before - 1} unread` })).toBeVisible()

    // The link goes to the page where it is handled.
    await deadline.click()
    await expect(page).toHaveURL(/\/fundraising\/grants\/[0-9a-f-]{36}$/)

    await page.goto('/notifications')
    await page.getByRole('button', { name: 'Mark all read' }).click()
    await expect(page.getByRole('link', { name: 'Notifications, none unread' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Mark all read' })).toHaveCount(0)
  })
}

test('a person without notifications is told what will appear there', async ({ page }) => {
  await signInAs(page, 'admin')
  await page.goto('/notifications')
  await expect(page.getByText('Nothing needs you right now.')).toBeVisible()
})
