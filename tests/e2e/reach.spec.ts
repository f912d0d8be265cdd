import { expect, signInAs, test } from './fixtures.ts'

const screen = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the communications lead reads the demo’s reach: followers over a year, best times with the posts behind them, engagement per post', async ({
  page,
}) => {
  await signInAs(page, 'communications')
  await page.goto('/communications/reach')
  await expect(page.getByRole('heading', { name: 'Followers, last 12 months' })).toBeVisible()
  await expect(page.getByRole('figure', { name: 'Followers per channel and day' })).toBeVisible()
  const followers = page.getByRole('region', { name: 'Followers per channel' })
  await expect(followers.getByRole('rowheader', { name: /Bluesky \(demo\)/ })).toBeVisible()
  await expect(followers.getByRole('rowheader', { name: /Fosstodon \(demo\)/ })).toBeVisible()

  const best = page.locator('section', { has: page.getByRole('heading', { name: 'Best times and formats' }) })
  await expect(best.getByText('Best weekday')).toBeVisible()
  await expect(best.getByText(/median [\d.,]+ interactions over \d+ posts/).first()).toBeVisible()
  await expect(best.getByRole('table', { name: 'By weekday' })).toBeVisible()
  await expect(best.getByRole('table', { name: 'By format' }).getByRole('rowheader', { name: 'With a link' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Posts and their engagement' }).getByRole('row')).not.toHaveCount(1)
  await page.screenshot(screen('communications-reach'))

  // one channel's figures
  await best.getByLabel('Channel').selectOption({ label: 'Bluesky (demo) (Bluesky)' })
  await best.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/channel=/)
  await expect(best.getByLabel('Channel')).toHaveValue(/.+/)
  await expect(best.getByText('Best weekday')).toBeVisible()

  // the demo channel's page says why nothing goes out
  await page.goto('/communications/channels')
  await page.getByRole('link', { name: 'Fosstodon (demo)' }).first().click()
  await expect(page.getByText('Steward will not publish to this channel.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Test connection' })).toHaveCount(0)
})

test('on a phone, Reach reads top to bottom without sideways scrolling of the page', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 })
  await signInAs(page, 'council')
  await page.goto('/communications/reach')
  await expect(page.getByRole('heading', { name: 'Best times and formats' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  // if it does, name what sticks out (tables scroll in their own region; the charts' tables are visually hidden)
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((el) => !el.closest('[role="region"]') && !el.closest('.sr-only'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  )
  expect({ overflow, wide }).toEqual({ overflow: 0, wide: [] })
  await page.screenshot(screen('communications-reach-phone'))
})
