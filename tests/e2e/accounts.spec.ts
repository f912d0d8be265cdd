import { DEMO_EMAILS, expect, signInAs, test } from './fixtures.ts'

test('an anonymous visitor is sent to sign in and comes back where they were going', async ({ page }) => {
  await page.goto('/settings/account')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Faccount$/)
  await page.getByLabel('Email').fill(DEMO_EMAILS.council)
  await page.getByLabel('Password').fill('demo-council-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/settings\/account$/)
})

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Email').fill(DEMO_EMAILS.fundraising)
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText('That email and password do not match an active account.')).toBeVisible()
})

test('a council member is refused the audit log with a 403 naming the role', async ({ page }) => {
  await signInAs(page, 'council')
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  const response = await page.goto('/audit')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
  await expect(page.getByText('This page needs the Admin role')).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/screens/forbidden.png', fullPage: true })
})

test('the admin invites a person, who sets a password through the link and signs out', async ({ page, browser }) => {
  await signInAs(page, 'admin')
  await page.goto('/settings/users/new')
  await page.getByLabel('Name').fill('Grace Hopper')
  await page.getByLabel('Email').fill(`grace-${Date.now()}@example.org`)
  await page.getByLabel('Community').check()
  await page.getByRole('button', { name: 'Create and get the invitation link' }).click()
  const link = await page.getByLabel('Link').inputValue()
  expect(link).toMatch(/\/invitations\//)
  // shown once in the page, never in its address
  expect(page.url()).not.toContain(new URL(link).pathname.split('/').at(-1)!)

  const context = await browser.newContext()
  const invitee = await context.newPage()
  await invitee.goto(new URL(link).pathname)
  await invitee.getByLabel('Password', { exact: true }).fill('grace-password-1')
  await invitee.getByLabel('Repeat the password').fill('grace-password-1')
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click()
  await expect(invitee.getByRole('heading', { name: 'Hello, Grace' })).toBeVisible()
  await invitee.screenshot({ path: 'test-results/e2e/screens/this-week-community.png', fullPage: true })

  await invitee.getByRole('button', { name: 'Sign out' }).click()
  await expect(invitee).toHaveURL(/\/login$/)
  await invitee.goto('/')
  await expect(invitee).toHaveURL(/\/login$/)
  await context.close()
})

test('after sign-in Steward returns only to a path on its own site', async ({ page }) => {
  for (const redirectTo of ['//evil.example/', '/\\evil.example/', '/\t/evil.example/']) {
    await page.context().clearCookies()
    await page.goto(`/login?${new URLSearchParams({ redirectTo })}`)
    await page.getByLabel('Email').fill(DEMO_EMAILS.council)
    await page.getByLabel('Password').fill('demo-council-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    // Wait for the sign-in to finish: the login page has a main too, and clearing the cookies while
    // the form's answer is still on its way would let that answer sign the next round in.
    await page.waitForURL((url) => url.pathname !== '/login')
    expect(new URL(page.url()).host, redirectTo).toBe(new URL(test.info().project.use.baseURL!).host)
  }
})

test("an attacker's failed guesses do not lock out the browser the owner signed in with", async ({ page, browser, baseURL }) => {
  // A person of our own, so the lock this test causes touches no other test.
  await signInAs(page, 'admin')
  await page.goto('/settings/users/new')
  const email = `owner-${Date.now()}@example.org`
  await page.getByLabel('Name').fill('Olive Owner')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Council').check()
  await page.getByRole('button', { name: 'Create and get the invitation link' }).click()
  const link = await page.getByLabel('Link').inputValue()

  const ownerContext = await browser.newContext()
  const owner = await ownerContext.newPage()
  await owner.goto(new URL(link).pathname)
  await owner.getByLabel('Password', { exact: true }).fill('olive-password-1')
  await owner.getByLabel('Repeat the password').fill('olive-password-1')
  await owner.getByRole('button', { name: 'Set password and sign in' }).click()
  await owner.getByRole('button', { name: 'Sign out' }).click()
  // Signing in through the form leaves the device cookie.
  await owner.getByLabel('Email').fill(email)
  await owner.getByLabel('Password').fill('olive-password-1')
  await owner.getByRole('button', { name: 'Sign in' }).click()
  await expect(owner).not.toHaveURL(/\/login/)
  const device = (await ownerContext.cookies()).find((c) => c.name === 'steward_device')
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false }) // plain HTTP here: not Secure
  await owner.getByRole('button', { name: 'Sign out' }).click()

  // Ten wrong guesses from elsewhere use up the account's allowance for untrusted browsers.
  const attackerContext = await browser.newContext({ baseURL })
  const attacker = await attackerContext.newPage()
  for (let i = 0; i < 10; i++) {
    const response = await attacker.request.post('/login', { form: { email, password: `guess-${i}` }, maxRedirects: 0 })
    expect(response.status()).toBe(400)
  }
  await attacker.goto('/login')
  await attacker.getByLabel('Email').fill(email)
  await attacker.getByLabel('Password').fill('olive-password-1')
  await attacker.getByRole('button', { name: 'Sign in' }).click()
  await expect(attacker.getByText(/Too many failed sign-ins for this account\. Try again in \d+ minute/)).toBeVisible()
  await attacker.screenshot({ path: 'test-results/e2e/screens/sign-in-locked.png', fullPage: true })

  // The owner's browser still signs in.
  await owner.getByLabel('Email').fill(email)
  await owner.getByLabel('Password').fill('olive-password-1')
  await owner.getByRole('button', { name: 'Sign in' }).click()
  await expect(owner).not.toHaveURL(/\/login/)
  await expect(owner.getByRole('main')).toBeVisible()
  await attackerContext.close()
  await ownerContext.close()
})
