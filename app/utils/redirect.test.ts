import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { safeRedirectPath } from './redirect.ts'

const origin = 'https://steward.example.org'

describe('safeRedirectPath', () => {
  test('keeps a path on this site, with its query and fragment', () => {
    expect(safeRedirectPath('/settings/account', origin)).toBe('/settings/account')
    expect(safeRedirectPath('/fundraising/donations?page=2#row-4', origin)).toBe('/fundraising/donations?page=2#row-4')
  })

  test.each([
    ['//evil.example', 'protocol-relative'],
    ['/\\evil.example', 'backslash, read as a slash'],
    ['/\t/evil.example', 'tab, dropped by the browser'],
    ['/\n/evil.example', 'newline, dropped by the browser'],
    ['https://evil.example/', 'absolute'],
    ['http://steward.example.org/', 'same host, other scheme'],
    ['javascript:alert(1)', 'script'],
    ['evil.example', 'relative'],
    ['', 'empty'],
  ])('refuses %j (%s)', (to) => {
    expect(safeRedirectPath(to, origin)).toBe('/')
  })

  test('anything not a string falls back', () => {
    expect(safeRedirectPath(null, origin, '/here')).toBe('/here')
    expect(safeRedirectPath(undefined, origin)).toBe('/')
  })

  test('a still-encoded %09 is a harmless path on this site', () => {
    expect(safeRedirectPath('/%09/evil.example', origin)).toBe('/%09/evil.example')
    expect(new URL('/%09/evil.example', origin).origin).toBe(origin)
  })

  test('%09 after decoding (what searchParams.get gives) is refused too', () => {
    const decoded = new URLSearchParams('redirectTo=/%09/evil.example').get('redirectTo')
    expect(safeRedirectPath(decoded, origin)).toBe('/')
  })

  test('whatever the input, the result stays on this site when a browser resolves it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `/${s}`),
          fc.constantFrom('/', '//', '/\\', '\t', '\n', '\\', '%09', 'evil.example', ':', '@', '.', '?', '#').chain((a) =>
            fc
              .array(fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', 'evil.example', '@', ':', '%2f', '%5c', '.', 'x'), {
                maxLength: 8,
              })
              .map((parts) => a + parts.join('')),
          ),
        ),
        (to) => {
          const result = safeRedirectPath(to, origin)
          expect(result.startsWith('/')).toBe(true)
          expect(result.startsWith('//')).toBe(false)
          expect(result.startsWith('/\\')).toBe(false)
          // As a Location header resolved by a browser (against any page of the site):
          expect(new URL(result, `${origin}/some/page`).origin).toBe(origin)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
