import { type DovecotServer, missingDovecot, startDovecot } from '../setup/dovecot-server.ts'
import { PROJECT_ADDRESSES, PROJECT_MAILBOX, PROJECT_PASSWORD, PROJECT_USER } from '../setup/project-mailbox.ts'
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

test.describe('a mailbox against a real Dovecot', () => {
  // Dovecot runs in the test process, on 127.0.0.1, seeded with Monday 2 March 2026's project mailbox; the demo server reads
  // its password from E2E_MAILBOX_PASSWORD (playwright.config.ts), as an operator names a variable instead of typing it.
  let dovecot: DovecotServer
  test.beforeAll(async () => {
    const missing = missingDovecot()
    test.skip(Boolean(missing) && process.env.CI !== 'true', missing ?? '')
    dovecot = await startDovecot({ users: { [PROJECT_USER]: PROJECT_PASSWORD } })
    await dovecot.append(PROJECT_USER, PROJECT_MAILBOX)
  })
  test.afterAll(async () => {
    await dovecot?.stop()
  })

  test('community manager adds the project mailbox, is told a refused login next to the password, syncs it and sees its threads', async ({
    page,
  }) => {
    test.setTimeout(120_000)
    await signInAs(page, 'community')
    await page.goto('/community/sources')
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Check and add mailbox' }) })
    await form.getByLabel('IMAP server').fill('127.0.0.1')
    await form.getByLabel('Port (optional)').fill(String(dovecot.port))
    await form.getByLabel('Encryption').selectOption({ label: 'None (only a server on this machine)' })
    await form.getByLabel('Or the environment variable holding it').fill('E2E_MAILBOX_PASSWORD')
    await form.getByLabel('Project addresses').fill(PROJECT_ADDRESSES.join(', '))

    // A user Dovecot does not know: the server's refusal in one line, under the password field, and nothing added.
    await form.getByLabel('User name').fill('nobody@project.org')
    await form.getByRole('button', { name: 'Check and add mailbox' }).click()
    const password = form.getByLabel('Password', { exact: true })
    await expect(password).toHaveAccessibleDescription(
      /^127\.0\.0\.1:\d+ refused the login for nobody@project\.org.*: check the user name and the password\./,
    )
    await expect(password).toHaveAttribute('aria-invalid', 'true')
    await expect(page.locator('section', { hasText: `nobody@project.org@127.0.0.1:${dovecot.port}` })).toHaveCount(0)

    // The project's own login: checked against Dovecot (its Sent folder found) and added.
    await form.getByLabel('User name').fill(PROJECT_USER)
    await form.getByRole('button', { name: 'Check and add mailbox' }).click()
    await expect(page.getByText(`Now following ${PROJECT_USER} on 127.0.0.1.`)).toBeVisible()

    const card = page.locator('section', { hasText: `${PROJECT_USER}@127.0.0.1:${dovecot.port} (no TLS)` })
    await expect(card.getByText('Password read from E2E_MAILBOX_PASSWORD')).toBeVisible()
    await card.getByRole('button', { name: 'Sync now' }).click()
    await expect(page.getByText('Sync queued')).toBeVisible()
    await expect(card.getByText('Up to date')).toBeVisible({ timeout: 60_000 })
    // Monday's mailbox holds 13 messages (INBOX and Sent), each written once.
    await expect(card.getByText(`${PROJECT_MAILBOX.length} messages written`)).toBeVisible()

    // Its threads on /community for 2026 Q1, this mailbox alone: from people, q1, q2, q3 and m1 were answered
    // (after 2.5, 0.75, 4 and 1.5 h: median (1.5 + 2.5) / 2 = 2 h) and q5 waits; the mailing-list post opens nothing.
    await page.goto('/community?period=2026-Q1')
    const mailboxId = await page.locator('#source-filter option', { hasText: PROJECT_USER }).getAttribute('value')
    await page.goto(`/community?period=2026-Q1&source=${mailboxId}`)
    await expect(page.getByText(/4 answered · 1 waiting/)).toBeVisible()
    await page.screenshot({ path: 'test-results/e2e/screens/community-sources-mailbox.png', fullPage: true })
  })
})
