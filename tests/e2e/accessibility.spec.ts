import type { Page } from '@playwright/test'
import { expect, signInAs, test } from './fixtures.ts'

// Every page a person can open, visited as the admin (who may see them all) on a desktop and on
// a phone-sized screen. The fixture runs axe-core on each page as it loads and fails the test on
// any serious or critical problem; this tour makes sure every page is among those checked.
const PAGES = [
  '/',
  '/communications',
  '/communications/calendar',
  '/communications/calendar?view=week',
  '/communications/calendar?view=agenda',
  '/communications/posts',
  '/communications/posts/new',
  '/communications/channels',
  '/communications/reach',
  '/communications/cadences',
  '/communications/campaigns',
  '/communications/materials',
  '/communications/policy',
  '/communications/policy/edit',
  '/community',
  '/community/contributors',
  '/community/triage',
  '/community/internships',
  '/community/sources',
  '/fundraising',
  '/fundraising/donations',
  '/fundraising/donations/import',
  '/fundraising/donors',
  '/fundraising/rates',
  '/fundraising/connections',
  '/fundraising/grants',
  '/fundraising/sponsors',
  '/fundraising/conference',
  '/reports',
  '/settings/account',
  '/settings/organisation',
  '/settings/email',
  '/settings/users',
  '/settings/users/new',
  '/audit',
  '/notifications',
]

/** The first link on the page whose address matches, so detail pages (a post, a grant, a report, a person) are visited too. */
async function firstLinkTo(page: Page, pattern: RegExp) {
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  return hrefs.find((href) => pattern.test(href))
}

for (const viewport of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`every page passes axe-core on a ${viewport.name} screen`, async ({ page }) => {
    test.setTimeout(240_000)
    await page.setViewportSize({ width: viewport.width, height: viewport.height })
    await signInAs(page, 'admin')
    const details: string[] = []
    for (const path of PAGES) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBeLessThan(400)
      await expect(page.getByRole('main')).toBeVisible()
      // A picture of every page at both sizes, to look at (test-results/e2e/screens/tour-*).
      await page.screenshot({ path: `test-results/e2e/screens/tour-${viewport.name}${path.replaceAll(/[/?=]/g, '-')}.png`, fullPage: true })
      if (path === '/communications/channels') details.push((await firstLinkTo(page, /^\/communications\/channels\/[0-9a-f-]{36}$/)) ?? '')
      if (path === '/communications/posts') details.push((await firstLinkTo(page, /^\/communications\/posts\/[0-9a-f-]{36}$/)) ?? '')
      if (path === '/fundraising/grants') details.push((await firstLinkTo(page, /^\/fundraising\/grants\/[0-9a-f-]{36}$/)) ?? '')
      if (path === '/reports') details.push((await firstLinkTo(page, /^\/reports\/\d{4}-Q[1-4]$/)) ?? '')
      if (path === '/settings/users') details.push((await firstLinkTo(page, /^\/settings\/users\/[0-9a-f-]{36}$/)) ?? '')
    }
    expect(details.filter(Boolean)).toHaveLength(5)
    for (const path of details) {
      await page.goto(path)
      await expect(page.getByRole('main')).toBeVisible()
    }
  })
}

test('the sign-in page, forgot password and a page that does not exist pass axe-core too', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await page.getByRole('link', { name: 'Forgot password?' }).click()
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/forgot-password.png', fullPage: true })
  await page.goto('/no-such-page')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
})

test('every control on This week can be reached with the keyboard and shows where the focus is', async ({ page }) => {
  await signInAs(page, 'communications')
  await page.goto('/')
  const seen = new Set<string>()
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element || element === document.body) return null
      const style = getComputedStyle(element)
      const visible =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '')
      return { name: `${element.tagName.toLowerCase()} ${element.textContent?.trim().slice(0, 40) ?? ''}`, visible }
    })
    if (!focused) continue
    expect(focused.visible, `focus is visible on ${focused.name}`).toBe(true)
    if (seen.has(focused.name)) break
    seen.add(focused.name)
  }
  expect(seen.size).toBeGreaterThan(5)
})
