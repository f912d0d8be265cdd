import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { HTTP_URL_MESSAGE, httpUrl, optionalHttpUrl } from './http-url.ts'

const accepts = (value: unknown) => httpUrl().safeParse(value).success

describe('httpUrl', () => {
  test('accepts http and https links, trimmed', () => {
    expect(httpUrl().parse(' https://mastodon.social/@pybamm/1 ')).toBe('https://mastodon.social/@pybamm/1')
    expect(accepts('http://localhost:8080/materials/deck.pdf')).toBe(true)
    expect(accepts('HTTPS://EXAMPLE.ORG/')).toBe(true)
  })

  test('refuses javascript:, data:, ftp: and other schemes with the message for the field', () => {
    for (const value of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://ftp.example.org/file',
      'file:///etc/passwd',
      'mailto:someone@example.org',
      'vbscript:msgbox(1)',
      'https:example.org',
      'example.org',
      '',
    ]) {
      const result = httpUrl().safeParse(value)
      expect(result.success, value).toBe(false)
      expect(result.error?.issues[0]?.message, value).toBe(HTTP_URL_MESSAGE)
    }
  })

  test('property: every generated http(s) web URL is accepted unchanged', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }), (url) => {
        expect(httpUrl().parse(url)).toBe(url)
      }),
    )
  })

  test('property: a URL whose scheme is anything but http or https is refused', () => {
    const scheme = fc.stringMatching(/^[a-z][a-z0-9+.-]{0,11}$/).filter((s) => s !== 'http' && s !== 'https')
    fc.assert(
      fc.property(scheme, fc.webUrl(), (s, url) => {
        const other = url.replace(/^https?/, s)
        expect(accepts(other)).toBe(false)
        expect(accepts(`${s}:${url.replace(/^https?:\/\//, '')}`)).toBe(false)
      }),
    )
  })

  test('optionalHttpUrl: a blank field is no link; anything else must be http(s)', () => {
    expect(optionalHttpUrl().parse('')).toBeUndefined()
    expect(optionalHttpUrl().parse('   ')).toBeUndefined()
    expect(optionalHttpUrl().parse(undefined)).toBeUndefined()
    expect(optionalHttpUrl().safeParse('javascript:alert(1)').success).toBe(false)
  })
})
