import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './env.server.ts'

describe('the connector endpoints in the environment', () => {
  it('default to the real services and fetch rates', () => {
    const env = parseEnv({})
    expect(env.OPENCOLLECTIVE_GRAPHQL_URL).toBe('https://api.opencollective.com/graphql/v2')
    expect(env.ECB_RATES_URL).toBe('https://www.ecb.europa.eu/stats/eurofxref/')
    expect(env.STEWARD_FETCH_RATES).toBe(true)
  })

  it('point at stand-ins, keep the ECB folder a folder, and can turn rate fetching off', () => {
    const env = parseEnv({
      OPENCOLLECTIVE_GRAPHQL_URL: 'http://127.0.0.1:4000/graphql/v2',
      ECB_RATES_URL: 'http://127.0.0.1:4001/stats/eurofxref',
      STEWARD_FETCH_RATES: 'false',
    })
    expect(env.OPENCOLLECTIVE_GRAPHQL_URL).toBe('http://127.0.0.1:4000/graphql/v2')
    // without the trailing slash, new URL('eurofxref-daily.xml', base) would drop "eurofxref"
    expect(env.ECB_RATES_URL).toBe('http://127.0.0.1:4001/stats/eurofxref/')
    expect(env.STEWARD_FETCH_RATES).toBe(false)
  })

  it('stops start-up with the name of a bad value', () => {
    expect(() => parseEnv({ ECB_RATES_URL: 'not a url', STEWARD_FETCH_RATES: 'maybe' })).toThrow(ConfigError)
    expect(() => parseEnv({ ECB_RATES_URL: 'not a url', STEWARD_FETCH_RATES: 'maybe' })).toThrow(
      /ECB_RATES_URL must be a URL starting with https:\/\/ or http:\/\/; STEWARD_FETCH_RATES must be true or false/,
    )
    // only http(s) endpoints: a file: or ftp: URL would be fetched from somewhere it should not
    expect(() => parseEnv({ GITHUB_GRAPHQL_URL: 'file:///etc/passwd' })).toThrow(
      /GITHUB_GRAPHQL_URL must be a URL starting with https:\/\//,
    )
    expect(() => parseEnv({ OPENCOLLECTIVE_GRAPHQL_URL: 'ftp://example.org/graphql' })).toThrow(/OPENCOLLECTIVE_GRAPHQL_URL must be a URL/)
  })
})
