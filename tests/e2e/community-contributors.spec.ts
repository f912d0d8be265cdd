import type { Page } from '@playwright/test'
import { expect, signInAs, test } from './fixtures.ts'

const everyone = async (page: Page) => {
  const text = (await page.locator('#status-filter option[value=""]').textContent()) ?? ''
  return Number(text.match(/\((\d+)\)/)![1])
}

test('the community manager merges two contributors into one person, then undoes it', async ({ page }) => {
  await signInAs(page, 'community')
  await page.goto('/community/contributors?period=365d')
  await expect(page.getByRole('heading', { name: 'Contributors', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Merged identities' })).toBeVisible()
  await expect(page.getByText('No merges yet')).toBeVisible()
  const before = await everyone(page)
  const rows = page.getByRole('table').getByRole('row')
  const names = [
    (await rows.nth(1).getByRole('rowheader').textContent())!.trim(),
    (await rows.nth(2).getByRole('rowheader').textContent())!.trim(),
  ]

  // one is not enough
  await page.getByRole('checkbox', { name: `Pick ${names[0]} to merge` }).check()
  await page.getByRole('button', { name: 'Merge selected…' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Tick exactly two contributors to merge (you ticked 1).' })).toBeVisible()

  await page.getByRole('checkbox', { name: `Pick ${names[1]} to merge` }).check()
  await page.getByRole('button', { name: 'Merge selected…' }).click()
  const confirm = page.getByRole('region', { name: 'Merge these two into one person?' })
  await expect(confirm).toContainText(names[0]!)
  await expect(confirm).toContainText(names[1]!)
  await page.screenshot({ path: 'test-results/e2e/screens/community-contributors-merge.png', fullPage: true })
  await confirm.getByRole('button', { name: 'Merge into one person' }).click()
  await expect(page.getByText(/^Merged \S+:.+ and \S+:.+\.$/)).toBeVisible()
  // the two rows are one person now, the other name shown beside the first
  expect(await everyone(page)).toBe(before - 1)
  await expect(page.getByRole('rowheader').filter({ hasText: /also / })).toHaveCount(1)
  const history = page.getByRole('region', { name: 'Merged identities' })
  await expect(history.getByText(/Merged by /)).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/community-contributors-merged.png', fullPage: true })

  await history.getByRole('button', { name: /^Undo merge / }).click()
  await expect(page.getByText(/^Undid the merge of /)).toBeVisible()
  expect(await everyone(page)).toBe(before)
  await expect(page.getByRole('rowheader').filter({ hasText: /also / })).toHaveCount(0)
  await expect(history.getByText(/undone by/)).toBeVisible()
  await expect(history.getByRole('button', { name: /^Undo merge / })).toHaveCount(0)
})

test('the council reads the contributors without merging', async ({ page }) => {
  await signInAs(page, 'council')
  await page.goto('/community/contributors?period=365d')
  await expect(page.getByRole('heading', { name: 'Contributors', level: 1 })).toBeVisible()
  await expect(page.getByRole('checkbox')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Merge selected…' })).toHaveCount(0)
  // a forged merge is refused by the action
  const response = await page.request.post('/community/contributors', { form: { intent: 'merge', a: 'github:x', b: 'github:y' } })
  expect(response.status()).toBe(403)
})
