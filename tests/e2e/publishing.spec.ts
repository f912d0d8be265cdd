import { expect, signInAs, test } from './fixtures.ts'

const screen = (name: string) => ({ path: `test-results/e2e/screens/${name}.png`, fullPage: true })

test('the communications lead opens the Mastodon channel: a plain http address is refused next to its field', async ({ page }) => {
  await signInAs(page, 'communications')
  await page.goto('/communications/channels')
  await expect(page.getByRole('columnheader', { name: 'Publishing' })).toBeVisible()
  await page.getByRole('link', { name: 'Connect Mastodon' }).click()
  await expect(page.getByRole('heading', { name: 'Mastodon', level: 1 })).toBeVisible()
  await expect(page.getByText('Not connected: posts on this channel are handed off to you.')).toBeVisible()

  // refused before anything goes over the network
  await page.getByLabel('Instance').fill('http://fosstodon.example')
  await page.getByLabel('Access token').fill('not-sent-anywhere')
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(page.getByText('Use an https:// address: the credential must not travel unencrypted')).toBeVisible()
  // what was typed stays in the form (the server's answer leaves the token out: hideFields)
  await expect(page.getByLabel('Instance')).toHaveValue('http://fosstodon.example')
  await page.screenshot(screen('communications-channel-connect'))
})
