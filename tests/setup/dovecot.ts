// Dovecot for the vitest suites: the server itself is in dovecot-server.ts (no test runner in it,
// so the Playwright specs start it too); this adds describeWithDovecot.
//
// Without Dovecot, describeWithDovecot skips its tests with how to install it, except under CI=true,
// where the missing server is a failure.
import { describe, it } from 'vitest'
import { missingDovecot } from './dovecot-server.ts'

export { type DovecotServer, startDovecot } from './dovecot-server.ts'

/** describe() for tests that need Dovecot: skipped with the reason locally, failing under CI=true. */
export function describeWithDovecot(name: string, body: () => void) {
  const missing = missingDovecot()
  if (!missing) return describe(name, body)
  if (process.env.CI === 'true') {
    return describe(name, () => {
      it('needs Dovecot', () => {
        throw new Error(`${missing} CI must run the IMAP tests (.ci/run installs it).`)
      })
    })
  }
  console.warn(`Skipping "${name}": ${missing}`)
  return describe.skip(name, body)
}
