import { expect, signInAs, test } from './fixtures.ts'

const DISCOURSE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT_BASE ?? 3100) + 4}`

test('community manager adds the Discourse forum, is refused a wrong address, syncs it and sees its progress', async ({ page }) => {
  await signInAs(page, 'community')
  await page.goto('/community/sources')
  await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Forums and mailboxes' })).toBeVisible()

  // Not a forum: the reason in one line next to the address, nothing added.
  await page.getByLabel('Forum address').fill(`${DISCOURSE_URL}/nothing-here`)
  await page.getByRole('button', { name: 'Check and add forum' }).click()
  await expect(page.getByText(/does not answer like a Discourse forum/)).toBeVisible()

  await page.getByLabel('Forum address').fill(DISCOURSE_URL)
  await page.getByRole('button', { name: 'Check and add forum' }).click()
  await expect(page.getByText(/Now following PyBaMM Forum/)).toBeVisible()

  const card = page.locator('section', { hasText: DISCOURSE_URL })
  await card.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByText('Sync queued')).toBeVisible()
  // The page polls while the worker syncs.
  await expect(card.getByText('Up to date')).toBeVisible({ timeout: 60_000 })
  await expect(card.getByText(/60 topics written/)).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-sources.png', fullPage: true })
})
