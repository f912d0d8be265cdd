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

describe('TRUST_PROXY and the session idle timeout in the environment', () => {
  it('default to no proxy and 14 idle days', () => {
    const env = parseEnv({})
    expect(env.TRUST_PROXY).toEqual({ kind: 'none' })
    expect(env.STEWARD_SESSION_IDLE_DAYS).toBe(14)
  })

  it('take a number of hops or a list of addresses', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 1 })
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toEqual({ kind: 'addresses', addresses: ['10.0.0.0/8'] })
  })

  it('refuse TRUST_PROXY=true at start, saying what to set instead', () => {
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must no longer be true .* usually 1/)
    expect(() => parseEnv({ STEWARD_SESSION_IDLE_DAYS: '0' })).toThrow(/STEWARD_SESSION_IDLE_DAYS must be at least 1 day/)
  })
})
