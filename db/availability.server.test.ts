import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailableError } from './availability.server.ts'

describe('isDatabaseUnavailableError', () => {
  it('recognises an unreachable or restarting server, also wrapped by drizzle', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    expect(isDatabaseUnavailableError(refused)).toBe(true)
    expect(isDatabaseUnavailableError(new Error('Failed query: select 1', { cause: refused }))).toBe(true)
    expect(isDatabaseUnavailableError(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true)
    expect(isDatabaseUnavailableError(Object.assign(new Error('starting up'), { code: '57P03' }))).toBe(true)
    expect(isDatabaseUnavailableError(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }))).toBe(true)
    // class 08: connection exceptions
    expect(isDatabaseUnavailableError(Object.assign(new Error('failure'), { code: '08006' }))).toBe(true)
    expect(isDatabaseUnavailableError(new AggregateError([refused, refused]))).toBe(true)
  })

  it('leaves every other error alone', () => {
    expect(isDatabaseUnavailableError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isDatabaseUnavailableError(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false)
    expect(isDatabaseUnavailableError(new Error('plain'))).toBe(false)
    expect(isDatabaseUnavailableError('a string')).toBe(false)
    expect(isDatabaseUnavailableError(undefined)).toBe(false)
  })
})
