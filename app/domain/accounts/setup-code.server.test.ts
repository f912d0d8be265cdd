import { describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/setup/database.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { countUsers } from './users.server.ts'
import { pendingSetupCode, setupCode, setupCodeMatches, setUpSteward, setupNeedsCode } from './setup-code.server.ts'

setupTestDatabase()

const admin = { name: 'Ada', email: 'ada@example.org', password: 'correct-horse-battery' }

describe('the first-run setup code', () => {
  test('is 16 characters of base32 in groups of four, the same for one secret, different for another', () => {
    const code = setupCode('a'.repeat(32))
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(setupCode('a'.repeat(32))).toBe(code)
    expect(setupCode('b'.repeat(32))).not.toBe(code)
  })

  test('matches however it is typed, and nothing else', () => {
    const secret = 'c'.repeat(32)
    const code = setupCode(secret)
    expect(setupCodeMatches(code, secret)).toBe(true)
    expect(setupCodeMatches(` ${code.toLowerCase().replace(/-/g, ' ')} `, secret)).toBe(true)
    expect(setupCodeMatches(code.replace(/0/g, 'O').replace(/1/g, 'l'), secret)).toBe(true)
    expect(setupCodeMatches(code.slice(0, -1), secret)).toBe(false)
    expect(setupCodeMatches('', secret)).toBe(false)
    expect(setupCodeMatches(setupCode('d'.repeat(32)), secret)).toBe(false)
  })

  test('is asked of other machines only, as the proxy rules see them', () => {
    expect(setupNeedsCode('127.0.0.1')).toBe(false)
    expect(setupNeedsCode('::1')).toBe(false)
    expect(setupNeedsCode('::ffff:127.0.0.1')).toBe(false)
    expect(setupNeedsCode('192.168.1.20')).toBe(true)
    expect(setupNeedsCode('unknown')).toBe(true)
  })

  test('a visitor from elsewhere cannot create the admin without the code from the log', async () => {
    await expect(setUpSteward({ ...admin, clientAddress: '203.0.113.5' })).rejects.toMatchObject({ field: 'setupCode' })
    await expect(setUpSteward({ ...admin, setupCode: 'AAAA-AAAA-AAAA-AAAA', clientAddress: '203.0.113.5' })).rejects.toThrow(
      /not the setup code/,
    )
    expect(await countUsers()).toBe(0)
    expect(await pendingSetupCode()).toBe(setupCode(getEnv().SESSION_SECRET))
    const created = await setUpSteward({ ...admin, setupCode: setupCode(), clientAddress: '203.0.113.5' })
    expect(created.roles).toEqual(['admin'])
    expect(await pendingSetupCode()).toBeNull()
  })

  test('from this machine no code is needed', async () => {
    expect((await setUpSteward({ ...admin, clientAddress: '127.0.0.1' })).email).toBe('ada@example.org')
  })
})
