import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, getEnv, parseEnv, resetEnv } from '#app/utils/env.server.ts'
import {
  decryptSecret,
  encryptSecret,
  isSecretEnvelope,
  requireSecretKey,
  resolveCredential,
  SecretError,
  type SecretErrorKind,
} from './secrets.server.ts'

// Two keys, each 32 bytes: 0x00 0x01 … 0x1f, and 32 × 0xab.
const KEY_A_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const KEY_A_BASE64 = Buffer.from(KEY_A_HEX, 'hex').toString('base64') // 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const KEY_B_BASE64 = Buffer.alloc(32, 0xab).toString('base64')
const PASSWORD = 'correct horse battery staple ✓'

function useKey(key: string | undefined) {
  if (key === undefined) delete process.env.STEWARD_SECRET_KEY
  else process.env.STEWARD_SECRET_KEY = key
  resetEnv()
}

function failure(run: () => unknown): SecretError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(SecretError)
    return error as SecretError
  }
  throw new Error('expected a SecretError')
}

function expectRefusal(run: () => unknown, kind: SecretErrorKind, words: RegExp) {
  const error = failure(run)
  expect(error.kind).toBe(kind)
  expect(error.message).toMatch(words)
  expect(error.message).not.toContain(PASSWORD)
  expect(error.message).not.toContain('\n')
  return error
}

beforeEach(() => useKey(KEY_A_BASE64))
afterEach(() => useKey(undefined))

describe('encryptSecret and decryptSecret', () => {
  it('round-trips a credential for its place, with a fresh IV each time', () => {
    const first = encryptSecret(PASSWORD, 'source:12:apiKey')
    const second = encryptSecret(PASSWORD, 'source:12:apiKey')
    expect(decryptSecret(first, 'source:12:apiKey')).toBe(PASSWORD)
    expect(decryptSecret(second, 'source:12:apiKey')).toBe(PASSWORD)
    expect(first).not.toBe(second)
    expect(isSecretEnvelope(first)).toBe(true)
    // v1 . key id (16 hex) . IV (12 bytes = 16 base64url) . tag (16 bytes = 22) . ciphertext
    const [version, keyId, iv, tag, ciphertext] = first.split('.')
    expect([version, keyId.length, iv.length, tag.length]).toEqual(['v1', 16, 16, 22])
    // 'correct horse battery staple ' is 29 bytes, '✓' 3 more in UTF-8: 32 bytes = 43 base64url characters
    expect(ciphertext.length).toBe(43)
    expect(first).not.toContain('horse')
  })

  it('names the key by the same id whether STEWARD_SECRET_KEY is written in hex or base64', () => {
    const envelope = encryptSecret(PASSWORD, 'source:12:apiKey')
    const idFromBase64 = requireSecretKey().keyId
    useKey(KEY_A_HEX)
    expect(requireSecretKey().keyId).toBe(idFromBase64)
    expect(decryptSecret(envelope, 'source:12:apiKey')).toBe(PASSWORD)
  })

  it('recognises a value stored under another key and says so with both key ids', () => {
    const envelope = encryptSecret(PASSWORD, 'source:12:apiKey')
    const storedUnder = requireSecretKey().keyId
    useKey(KEY_B_BASE64)
    const current = requireSecretKey().keyId
    expect(current).not.toBe(storedUnder)
    const error = expectRefusal(() => decryptSecret(envelope, 'source:12:apiKey'), 'other-key', /stored under another STEWARD_SECRET_KEY/)
    expect(error.message).toContain(`key id ${storedUnder}`)
    expect(error.message).toContain(`the current key's id is ${current}`)
  })

  it('refuses a ciphertext copied to another place', () => {
    const envelope = encryptSecret(PASSWORD, 'source:12:apiKey')
    expectRefusal(() => decryptSecret(envelope, 'source:13:apiKey'), 'undecryptable', /source:13:apiKey does not decrypt/)
    expectRefusal(() => decryptSecret(envelope, 'source:12:password'), 'undecryptable', /copied from another place/)
  })

  for (const part of ['iv', 'tag', 'ciphertext'] as const) {
    it(`refuses a value whose ${part} was altered`, () => {
      const parts = encryptSecret(PASSWORD, 'source:12:apiKey').split('.')
      const index = { iv: 2, tag: 3, ciphertext: 4 }[part]
      const bytes = Buffer.from(parts[index], 'base64url')
      bytes[0] ^= 0x01
      parts[index] = bytes.toString('base64url')
      expectRefusal(() => decryptSecret(parts.join('.'), 'source:12:apiKey'), 'undecryptable', /altered/)
    })
  }

  it('refuses a value that is not an envelope without repeating it', () => {
    expectRefusal(() => decryptSecret(PASSWORD, 'source:12:apiKey'), 'malformed', /not in Steward's encrypted form/)
  })

  it('refuses to work without STEWARD_SECRET_KEY, in one line saying how to set it', () => {
    const envelope = encryptSecret(PASSWORD, 'source:12:apiKey')
    useKey(undefined)
    const reason = /^Set STEWARD_SECRET_KEY to store credentials \(32 random bytes: openssl rand -base64 32\)/
    expectRefusal(() => requireSecretKey(), 'no-key', reason)
    expectRefusal(() => encryptSecret(PASSWORD, 'source:12:apiKey'), 'no-key', reason)
    expectRefusal(() => decryptSecret(envelope, 'source:12:apiKey'), 'no-key', reason)
  })

  it('refuses an empty credential and a context with spaces', () => {
    expectRefusal(() => encryptSecret('', 'source:12:apiKey'), 'empty', /Nothing to store for source:12:apiKey/)
    expectRefusal(() => encryptSecret(PASSWORD, 'source 12'), 'bad-context', /context naming its place/)
  })
})

describe('STEWARD_SECRET_KEY formats', () => {
  const parse = (key: string) => parseEnv({ STEWARD_SECRET_KEY: key })

  it('accepts 32 bytes as base64 (with or without padding, standard or URL-safe) or as 64 hex digits', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url') // 43 characters, with '-' and '_'
    for (const key of [KEY_A_BASE64, KEY_A_BASE64.replace(/=$/, ''), KEY_A_HEX, KEY_A_HEX.toUpperCase(), urlSafe]) {
      expect(parse(key).STEWARD_SECRET_KEY).toBe(key)
    }
    expect(parse('').STEWARD_SECRET_KEY).toBeUndefined()
  })

  it('rejects passphrases and keys of the wrong length, naming the variable but not the value', () => {
    // 31 bytes of base64, 33 bytes, 63 hex digits, a passphrase
    const bad = [
      Buffer.alloc(31, 1).toString('base64'),
      Buffer.alloc(33, 1).toString('base64'),
      KEY_A_HEX.slice(1),
      'my very secret passphrase',
    ]
    for (const key of bad) {
      expect(() => parse(key)).toThrow(ConfigError)
      expect(() => parse(key)).toThrow(/STEWARD_SECRET_KEY must be 32 random bytes written as base64/)
      try {
        parse(key)
      } catch (error) {
        expect((error as Error).message).not.toContain(key)
      }
    }
  })

  it('stops getEnv with a bad key', () => {
    useKey('short')
    expect(() => getEnv()).toThrow(/STEWARD_SECRET_KEY must be/)
  })
})

describe('resolveCredential', () => {
  it('decrypts a stored credential for its place', () => {
    const encrypted = encryptSecret(PASSWORD, 'source:12:password')
    expect(resolveCredential({ encrypted }, 'source:12:password')).toBe(PASSWORD)
  })

  it('reads a credential from the environment variable it names', () => {
    expect(resolveCredential({ envVar: 'DISCOURSE_API_KEY' }, 'source:12:apiKey', { DISCOURSE_API_KEY: PASSWORD })).toBe(PASSWORD)
  })

  it('works without STEWARD_SECRET_KEY when the credential is an environment variable', () => {
    useKey(undefined)
    expect(resolveCredential({ envVar: 'IMAP_PASSWORD' }, 'source:3:password', { IMAP_PASSWORD: PASSWORD })).toBe(PASSWORD)
  })

  it('says which variable is unset, for an absent or empty one', () => {
    for (const env of [{}, { DISCOURSE_API_KEY: '' }]) {
      expectRefusal(
        () => resolveCredential({ envVar: 'DISCOURSE_API_KEY' }, 'source:12:apiKey', env),
        'env-var-unset',
        /^The environment variable DISCOURSE_API_KEY, named as the credential, is not set/,
      )
    }
  })

  it('refuses names outside capitals, digits and underscores', () => {
    for (const envVar of ['discourse_api_key', '1KEY', 'KEY-NAME', 'KEY;echo', 'A'.repeat(65)]) {
      expectRefusal(() => resolveCredential({ envVar }, 'source:12:apiKey', { [envVar]: PASSWORD }), 'env-var-name', /named in capitals/)
    }
  })

  it("refuses Steward's own secrets, which a connector would send elsewhere", () => {
    for (const envVar of ['STEWARD_SECRET_KEY', 'SESSION_SECRET', 'DATABASE_URL', 'SMTP_URL', 'STEWARD_ANYTHING']) {
      expectRefusal(
        () => resolveCredential({ envVar }, 'source:12:apiKey', { [envVar]: PASSWORD }),
        'env-var-name',
        new RegExp(`^${envVar} is Steward's own configuration`),
      )
    }
  })
})
