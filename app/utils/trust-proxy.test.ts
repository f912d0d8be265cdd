import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isLoopbackAddress, normaliseProxyAddress, parseTrustProxy } from './trust-proxy.ts'

describe('TRUST_PROXY', () => {
  test('unset, empty, false and 0 trust no proxy', () => {
    for (const value of [undefined, '', 'false', 'FALSE', '0', ' 0 ']) expect(parseTrustProxy(value)).toEqual({ kind: 'none' })
  })

  test('true is refused with a message saying what to write instead', () => {
    expect(() => parseTrustProxy('true')).toThrow(/number of proxies in front of Steward, usually 1/)
    expect(() => parseTrustProxy('TRUE')).toThrow(/must no longer be true/)
  })

  test('a number is that many proxy hops', () => {
    expect(parseTrustProxy('1')).toEqual({ kind: 'hops', hops: 1 })
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 })
    expect(() => parseTrustProxy('21')).toThrow(/from 1 to 20/)
  })

  test('a list of addresses and CIDR ranges, IPv4 and IPv6, normalised', () => {
    expect(parseTrustProxy('10.0.0.1, 172.16.0.0/12,FD00::/8 , ::1,loopback')).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.1', '172.16.0.0/12', 'fd00::/8', '::1', 'loopback'],
    })
  })

  test('anything else in the list is refused, naming the entry', () => {
    expect(() => parseTrustProxy('10.0.0.1,proxy.example')).toThrow(/"proxy.example", which is not an IP address or CIDR range/)
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/)
    expect(() => parseTrustProxy('::/129')).toThrow(/"::\/129"/)
    expect(() => parseTrustProxy('10.0.0.0/')).toThrow(/not an IP address/)
    expect(() => parseTrustProxy('10.0.0.0/8,')).toThrow(/""/)
    expect(() => parseTrustProxy('*')).toThrow(/not an IP address/)
  })

  test('every IPv4 CIDR with a prefix of 0 to 32 is accepted as written; 33 and above never', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 40 }), (address, prefix) => {
        const entry = `${address}/${prefix}`
        if (prefix <= 32) expect(normaliseProxyAddress(entry)).toBe(entry)
        else expect(normaliseProxyAddress(entry)).toBeNull()
      }),
    )
  })

  test('every IPv6 address is accepted, with a prefix up to 128', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (address, prefix) => {
        expect(normaliseProxyAddress(`${address}/${prefix}`)).toBe(`${address.toLowerCase()}/${prefix}`)
      }),
    )
  })
})

describe('isLoopbackAddress', () => {
  test('the machine itself, in each spelling', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true)
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '::2', 'fe80::1', 'unknown', '', '128.0.0.1'])
      expect(isLoopbackAddress(address)).toBe(false)
  })
})
