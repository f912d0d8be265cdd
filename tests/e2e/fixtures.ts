import { expect, type Page, test as base } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
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
  // On a phone the main navigation sits behind its menu button: the page's own content shows sign-in worked.
  await expect(page).not.toHaveURL(/\/login/)
  await expect(page.getByRole('main')).toBeVisible()
}

// axe-core runs inside the page through Playwright's evaluate, which the page's Content-Security-
// Policy does not apply to (an injected <script> would be blocked, rightly).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeFinding {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[] }>
}

/** Runs axe-core on what the page shows now; returns its serious and critical findings, described. */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const findings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeFinding[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
  return findings
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => `${new URL(page.url()).pathname}: ${f.id} (${f.impact}) ${f.help} — ${f.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Every browser test also fails on a Content-Security-Policy violation (server/http.ts): a script
 * or style the policy blocks is a page that silently does not work. And on any serious or
 * critical accessibility problem axe-core finds on a page the test visited, checked each time a
 * page has loaded and once more at the end (for what the test opened or changed on the last one).
 */
export const test = base.extend<{ contentSecurityPolicyGuard: void; accessibilityGuard: void }>({
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
  accessibilityGuard: [
    async ({ page }, use) => {
      const problems = new Set<string>()
      const checked = new Set<string>()
      const check = async () => {
        const url = page.url()
        if (!url.startsWith('http') || page.isClosed()) return
        try {
          for (const problem of await seriousAccessibilityProblems(page)) problems.add(problem)
        } catch {
          // The page navigated away while axe ran: the next load is checked instead.
        }
        checked.add(new URL(url).pathname)
      }
      const pending: Promise<void>[] = []
      page.on('load', () => {
        pending.push(check())
      })
      await use()
      await Promise.all(pending)
      if (!page.isClosed()) await check()
      expect([...problems], `serious or critical accessibility problems on ${[...checked].join(', ')}`).toEqual([])
    },
    { auto: true },
  ],
})
export { expect }
