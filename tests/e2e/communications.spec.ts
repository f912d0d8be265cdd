import { expect, signInAs, test } from './fixtures.ts'

const screen = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the communications lead creates a cadence, schedules a post into an open slot, sees it filled and marks it published', async ({
  page,
}) => {
  await signInAs(page, 'communications')

  // a new cadence: every Thursday at 16:30 on X, from today
  await page.goto('/communications/cadences')
  await page.getByLabel('Name', { exact: true }).fill('Thursday tips')
  await page.getByLabel('Channel').selectOption({ label: 'X' })
  await page.getByLabel('Every how many weeks').fill('1')
  await page.getByRole('checkbox', { name: 'Tuesday' }).uncheck()
  await page.getByRole('checkbox', { name: 'Thursday' }).check()
  await page.getByLabel('Valid from').fill(new Date().toISOString().slice(0, 10))
  await page.getByLabel('Time of day').fill('16:30')
  await page.getByRole('button', { name: 'Add cadence' }).click()
  await expect(page.getByRole('cell', { name: /^Thursday tips/ })).toBeVisible()
  await expect(page.getByText('every week on Thursday at 16:30')).toBeVisible()
  await page.screenshot(screen('communications-cadences'))

  // its first open slot is offered on the overview
  await page.goto('/communications')
  const slot = page.getByRole('listitem').filter({ hasText: 'Thursday tips' }).first()
  await expect(slot).toBeVisible()
  await page.screenshot(screen('communications-overview'))
  await slot.getByRole('link', { name: /Write a post/ }).click()
  await expect(page.getByText(/Filling the X slot of/)).toBeVisible()
  const scheduledFor = await page.getByLabel('Goes out at').inputValue()
  expect(scheduledFor).toMatch(/T16:30$/)

  // the counter warns, and the server refuses a text over X's 280 characters
  await page.getByLabel('Working title').fill('Tip: solver options')
  await page.getByLabel('X text').fill('a'.repeat(300))
  await expect(page.getByText('300 / 280 — 20 over')).toBeVisible()
  await page.getByRole('button', { name: 'Schedule' }).click()
  await expect(page.getByText('The X text has 300 characters; X (Twitter) allows 280. Remove 20.')).toBeVisible()
  await page.screenshot(screen('communications-post-over-limit'))

  await page.getByLabel('X text').fill('Tip: pick the IDAKLU solver for long experiments. #PyBaMM')
  await page.getByRole('button', { name: 'Schedule' }).click()
  await expect(page).toHaveURL(/\/communications\/posts\/[0-9a-f-]+$/)
  await expect(page.getByText('Scheduled', { exact: true }).first()).toBeVisible()
  const compose = page.getByRole('link', { name: 'Open X composer' })
  await expect(compose).toHaveAttribute('href', /^https:\/\/twitter\.com\/intent\/tweet\?text=Tip%3A%20pick/)
  const postUrl = page.url()

  // the slot now shows as filled on the calendar
  await page.goto(`/communications/calendar?view=week&date=${scheduledFor.slice(0, 10)}`)
  await expect(page.getByText('X 16:30 · slot filled')).toBeVisible()
  await expect(page.getByRole('link', { name: /Tip: solver options/ })).toBeVisible()
  await page.screenshot(screen('communications-calendar-week'))

  // after posting it by hand, the lead records it
  await page.goto(postUrl)
  await page.getByLabel('Link on X').fill('https://x.com/pybamm/status/42')
  await page.getByLabel('Impressions on X (optional)').fill('1500')
  await page.getByRole('button', { name: 'Mark as published' }).click()
  await expect(page.getByText('Marked as published.')).toBeVisible()
  await expect(page.getByText('Published', { exact: true }).first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'https://x.com/pybamm/status/42' })).toBeVisible()
  await page.screenshot(screen('communications-post-published'))
})

test('a post shared on X and LinkedIn gets a link and figures per channel, each checked on its own', async ({ page }) => {
  await signInAs(page, 'communications')
  await page.goto('/communications/posts/new')
  await page.getByLabel('Working title').fill('Release 26.1 on two networks')
  await page.getByLabel('X text').fill('PyBaMM 26.1 is out #PyBaMM')
  await page.getByLabel('LinkedIn text').fill('PyBaMM 26.1 is out: faster solvers and new models.')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page).toHaveURL(/\/communications\/posts\/[0-9a-f-]+$/)

  await page.getByLabel('Link on X').fill('https://x.com/pybamm/status/4242')
  await page.getByLabel('Link on LinkedIn').fill('ftp://linkedin.example/post')
  await page.getByRole('button', { name: 'Mark as published' }).click()
  // the error sits next to the LinkedIn link, and nothing is recorded
  await expect(page.getByText('Enter the link to the post on this channel, starting with https://')).toBeVisible()
  await expect(page.getByLabel('Link on LinkedIn')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Link on X')).not.toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('Link on LinkedIn').fill('https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001/')
  await page.getByLabel('Impressions on X (optional)').fill('1500')
  await page.getByLabel('Interactions on LinkedIn (optional)').fill('42')
  await page.getByRole('button', { name: 'Mark as published' }).click()
  await expect(page.getByText('Marked as published.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'https://x.com/pybamm/status/4242' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001/' })).toBeVisible()
  await expect(page.getByText('· 1,500 impressions')).toBeVisible()
  await expect(page.getByText('· 42 interactions')).toBeVisible()
  await expect(page.getByLabel('Impressions on X (optional)')).toHaveValue('1500')
  await page.screenshot(screen('communications-post-published-two-channels'))
})

test('every signed-in role reads communications, only the lead and admins edit', async ({ page }) => {
  await signInAs(page, 'council')
  await page.goto('/communications/calendar?view=agenda')
  await expect(page.getByRole('heading', { name: 'Calendar' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Write a post' })).toHaveCount(0)
  const response = await page.goto('/communications/posts/new')
  expect(response?.status()).toBe(403)
})

test('a person subscribes to their calendar feed and gets the cadence as a recurring event', async ({ page, request }) => {
  await signInAs(page, 'communications')
  await page.goto('/settings/account')
  await page.getByRole('button', { name: 'Make my feed address' }).click()
  const url = await page.getByLabel('Feed address').inputValue()
  expect(url).toMatch(/\/calendar\.ics\?token=/)
  const feed = await request.get(url)
  expect(feed.headers()['content-type']).toContain('text/calendar')
  const body = await feed.text()
  expect(body).toContain('BEGIN:VCALENDAR')
  expect(body).toMatch(/RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=\d{8}T\d{6}Z/)
  expect(body).toContain('SUMMARY:Conference: Annual conference')
  await page.getByRole('button', { name: 'Revoke' }).click()
  await expect(page.getByText('The feed address was revoked.')).toBeVisible()
  expect((await request.get(url)).status()).toBe(404)
})
