import { expect, type Page, test as base } from '@playwright/test'
import type { Role } from '#app/domain/accounts/vocabulary.ts'

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

/**
 * Every browser test also fails on a Content-Security-Policy violation (server/http.ts): a script
 * or style the policy blocks is a page that silently does not work.
 */
export const test = base.extend<{ contentSecurityPolicyGuard: void }>({
  contentSecurityPolicyGuard: [
    async ({ page }, use) => {
      const violations: string[] = []
      // The browser reports each blocked script or style as a DOM event, on every page loaded.
      await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text))
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation
          report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`)
        })
      })
      await use()
      expect(violations, 'Content-Security-Policy violations').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }
