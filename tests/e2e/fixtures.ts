import { expect, type Page, test as base } from '@playwright/test'
import type { Role } from '#db/schema/accounts.ts'

export const DEMO_EMAILS: Record<Role, string> = {
  admin: 'admin@demo.steward.invalid',
  communications: 'communications@demo.steward.invalid',
  community: 'community@demo.steward.invalid',
  fundraising: 'fundraising@demo.steward.invalid',
  council: 'council@demo.steward.invalid',
}

/** Signs in through the real form as the demo person holding `role`. */
export async function signInAs(page: Page, role: Role) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(DEMO_EMAILS[role])
  await page.getByLabel('Password').fill(`demo-${role}-password`)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
}

export const test = base
export { expect }
